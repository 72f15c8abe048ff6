package io.socksgate.protocol.socks5;

import io.socksgate.api.HostPort;
import io.socksgate.protocol.SocksMessage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * A SOCKS5 reply: {@code VER=05 REP RSV=00 ATYP BND.ADDR BND.PORT} (RFC 1928 section 6).
 *
 * @param code the outcome
 * @param bound the proxy's address for the connection or association (0.0.0.0:0 on failure)
 */
public record Socks5Reply(Socks5ReplyCode code, HostPort bound) implements SocksMessage {

    private static final HostPort UNSPECIFIED = HostPort.of(anyIpv4(), 0);

    public Socks5Reply {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(bound, "bound");
    }

    /** A failure reply; RFC 1928 still requires an address, so it carries 0.0.0.0:0. */
    public static Socks5Reply failure(Socks5ReplyCode code) {
        if (code == Socks5ReplyCode.SUCCEEDED) {
            throw new IllegalArgumentException("a failure reply needs a failure code");
        }
        return new Socks5Reply(code, UNSPECIFIED);
    }

    /** A success reply carrying the proxy's bound address; an unresolved address is sent as a name. */
    public static Socks5Reply success(InetSocketAddress bound) {
        HostPort address =
                bound.isUnresolved() ? HostPort.ofName(bound.getHostString(), bound.getPort()) : HostPort.of(bound);
        return new Socks5Reply(Socks5ReplyCode.SUCCEEDED, address);
    }

    @Override
    public void encode(IoBuffer out) {
        out.put((byte) 0x05);
        out.put((byte) code.code());
        out.put((byte) 0x00);
        AddressCodec.encode(out, bound);
    }

    private static InetAddress anyIpv4() {
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are a valid IPv4 address", e);
        }
    }
}
