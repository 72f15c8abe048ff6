package io.socksgate.udp.internal;

import io.socksgate.api.HostPort;
import io.socksgate.protocol.DecodeResult;
import io.socksgate.protocol.socks5.Socks5UdpHeader;
import io.socksgate.protocol.socks5.Socks5UdpHeaderDecoder;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * The SOCKS UDP framing (RFC 1928 section 7): {@link #unwrap} takes apart what the client sends,
 * {@link #wrap} builds what it receives. The header codec itself is the protocol module's.
 */
final class UdpDatagrams {

    /** The largest UDP payload over IPv4: 65535 minus the IPv4 and UDP headers. */
    static final int MAX_IPV4_PAYLOAD = 65507;

    /** A client datagram, taken apart. */
    sealed interface Unwrapped permits Request, Rejected {}

    /**
     * A datagram to relay.
     *
     * @param destination where the client wants it to go, as it named it
     * @param payload the bytes to send, from the buffer's position to its limit
     */
    record Request(HostPort destination, ByteBuffer payload) implements Unwrapped {}

    /**
     * A datagram to drop.
     *
     * @param reason the counter it goes to
     * @param detail for the log: field values and lengths, never payload bytes
     */
    record Rejected(DropReason reason, String detail) implements Unwrapped {}

    private UdpDatagrams() {}

    /** Decodes the header of a whole client datagram; the payload is what follows it. */
    static Unwrapped unwrap(IoBuffer datagram) {
        DecodeResult<Socks5UdpHeader> result = Socks5UdpHeaderDecoder.INSTANCE.decode(datagram);
        if (result instanceof DecodeResult.Done<Socks5UdpHeader> done) {
            Socks5UdpHeader header = done.message();
            if (header.fragment() != 0) {
                // RFC 1928 lets a server drop fragments it does not reassemble; reassembly buys
                // nothing on networks where IP already fragments.
                return new Rejected(DropReason.FRAGMENTED, "FRAG=" + header.fragment());
            }
            if (header.destination().port() == 0) {
                return new Rejected(DropReason.MALFORMED, "destination port 0");
            }
            return new Request(header.destination(), datagram.buf().slice());
        }
        if (result instanceof DecodeResult.Failed<Socks5UdpHeader> failed) {
            return new Rejected(DropReason.MALFORMED, failed.failure().detail());
        }
        return new Rejected(DropReason.MALFORMED, "truncated UDP header"); // a datagram never grows
    }

    /** A datagram for the client: the header naming {@code source} (FRAG 0), then the payload. */
    static ByteBuffer wrap(InetSocketAddress source, ByteBuffer payload) {
        IoBuffer out = IoBuffer.allocate(headerLength(source.getAddress()) + payload.remaining(), false);
        new Socks5UdpHeader(0, HostPort.of(source)).encode(out);
        out.put(payload);
        return out.flip().buf();
    }

    /** The header's length for an address: RSV, FRAG, ATYP, the address, the port. */
    static int headerLength(InetAddress address) {
        return 2 + 1 + 1 + address.getAddress().length + 2;
    }

    /** The largest UDP payload a datagram to {@code address} can carry. */
    static int maxPayload(InetAddress address) {
        return address instanceof Inet4Address ? MAX_IPV4_PAYLOAD : RelaySettings.MAX_UDP_PAYLOAD;
    }
}
