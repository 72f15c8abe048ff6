package io.socksgate.protocol.socks5;

import io.socksgate.api.HostPort;
import io.socksgate.protocol.SocksMessage;
import java.util.Objects;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * The header in front of every relayed UDP datagram: {@code RSV=0000 FRAG ATYP DST.ADDR DST.PORT}
 * (RFC 1928 section 7). {@link #encode} writes the header only; the caller appends the payload.
 *
 * @param fragment the FRAG byte, 0 for a standalone datagram. Kept as received: dropping
 *     fragments is the relay's policy, not a decoding matter.
 * @param destination where the datagram goes (client to proxy) or came from (proxy to client)
 */
public record Socks5UdpHeader(int fragment, HostPort destination) implements SocksMessage {

    public Socks5UdpHeader {
        if (fragment < 0 || fragment > 255) {
            throw new IllegalArgumentException("fragment out of range: " + fragment);
        }
        Objects.requireNonNull(destination, "destination");
    }

    @Override
    public void encode(IoBuffer out) {
        out.putUnsignedShort(0);
        out.put((byte) fragment);
        AddressCodec.encode(out, destination);
    }
}
