package io.socksgate.protocol.socks5;

import io.socksgate.api.HostPort;
import io.socksgate.protocol.DecodeFailure.Reason;
import io.socksgate.protocol.DecodeResult;
import io.socksgate.protocol.HostNames;
import io.socksgate.protocol.WireCursor;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * The {@code ATYP ADDR PORT} tail that SOCKS5 requests, replies and UDP headers share, kept in one
 * place so the three cannot drift apart in how they validate names or treat IPv6.
 */
final class AddressCodec {

    static final int ATYP_IPV4 = 0x01;
    static final int ATYP_DOMAIN = 0x03;
    static final int ATYP_IPV6 = 0x04;

    /** The longest tail: ATYP, length byte, 255-byte name, port. */
    static final int MAX_LENGTH = 1 + 1 + HostNames.MAX_LENGTH + 2;

    private AddressCodec() {}

    /**
     * Decodes {@code ATYP ADDR PORT} at the cursor. Errors are reported as soon as the bytes that
     * prove them are present (an unknown ATYP, a zero length, an illegal name byte), not after
     * waiting for the rest.
     *
     * <p>An IPv6 address of the IPv4-mapped form {@code ::ffff:a.b.c.d} comes back as an {@link
     * Inet4Address}, because {@link InetAddress#getByAddress(byte[])} maps it: it is the same
     * destination, and it would be re-encoded as ATYP 1.
     */
    static DecodeResult<HostPort> decode(WireCursor in) {
        if (!in.has(1)) {
            return DecodeResult.needMore();
        }
        int atyp = in.u8();
        return switch (atyp) {
            case ATYP_IPV4 -> decodeAddress(in, 4);
            case ATYP_IPV6 -> decodeAddress(in, 16);
            case ATYP_DOMAIN -> decodeName(in);
            default -> DecodeResult.failed(Reason.UNSUPPORTED_ADDRESS_TYPE, String.format("address type 0x%02x", atyp));
        };
    }

    private static DecodeResult<HostPort> decodeAddress(WireCursor in, int length) {
        if (!in.has(length + 2)) {
            return DecodeResult.needMore();
        }
        InetAddress address;
        try {
            address = InetAddress.getByAddress(in.bytes(length));
        } catch (UnknownHostException e) {
            // Only thrown for a wrong array length, which cannot happen here.
            return DecodeResult.failed(Reason.MALFORMED, "bad address length " + length);
        }
        return DecodeResult.done(HostPort.of(address, in.u16()));
    }

    private static DecodeResult<HostPort> decodeName(WireCursor in) {
        if (!in.has(1)) {
            return DecodeResult.needMore();
        }
        int length = in.u8();
        if (length == 0) {
            return DecodeResult.failed(Reason.EMPTY_FIELD, "host name of length 0");
        }
        int present = Math.min(length, in.remaining());
        for (int i = 0; i < present; i++) {
            if (!HostNames.isLegal(in.peek(i))) {
                return DecodeResult.failed(Reason.ILLEGAL_CHARACTER, "illegal character in host name at index " + i);
            }
        }
        if (!in.has(length + 2)) {
            return DecodeResult.needMore();
        }
        String name = HostNames.decode(in.bytes(length));
        return DecodeResult.done(HostPort.ofName(name, in.u16()));
    }

    /**
     * Writes {@code ATYP ADDR PORT}: IPv4 as type 1, IPv6 as type 4 (any scope id is dropped, SOCKS
     * has no field for it), a name as type 3.
     *
     * @throws IllegalArgumentException for a name that breaks {@link HostNames}' rules
     */
    static void encode(IoBuffer out, HostPort destination) {
        if (destination.isName()) {
            byte[] name = HostNames.encode(destination.name());
            out.put((byte) ATYP_DOMAIN);
            out.put((byte) name.length);
            out.put(name);
        } else {
            InetAddress address = destination.address();
            out.put((byte) (address instanceof Inet6Address ? ATYP_IPV6 : ATYP_IPV4));
            out.put(address.getAddress());
        }
        out.putUnsignedShort(destination.port());
    }
}
