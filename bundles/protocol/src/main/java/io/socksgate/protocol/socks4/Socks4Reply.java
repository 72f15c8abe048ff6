package io.socksgate.protocol.socks4;

import io.socksgate.protocol.SocksMessage;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * A SOCKS4 reply: {@code VN=00 CD DSTPORT DSTIP}.
 *
 * @param code the outcome
 * @param bound the proxy's address for the connection, or {@code null}. SOCKS4 can only carry
 *     IPv4, so a {@code null}, unresolved or IPv6 address is sent as 0.0.0.0:0 (clients ignore the
 *     field for CONNECT anyway).
 */
public record Socks4Reply(Socks4ReplyCode code, InetSocketAddress bound) implements SocksMessage {

    private static final InetSocketAddress UNSPECIFIED = new InetSocketAddress(anyIpv4(), 0);

    public Socks4Reply {
        Objects.requireNonNull(code, "code");
    }

    /** The generic refusal, with 0.0.0.0:0 (explicit, so it equals its own decoded form). */
    public static Socks4Reply rejected() {
        return new Socks4Reply(Socks4ReplyCode.REJECTED, UNSPECIFIED);
    }

    /** A success reply carrying the proxy's bound address. */
    public static Socks4Reply granted(InetSocketAddress bound) {
        return new Socks4Reply(Socks4ReplyCode.GRANTED, bound);
    }

    @Override
    public void encode(IoBuffer out) {
        InetSocketAddress address = bound != null && bound.getAddress() instanceof Inet4Address ? bound : UNSPECIFIED;
        out.put((byte) 0x00);
        out.put((byte) code.code());
        out.putUnsignedShort(address.getPort());
        out.put(address.getAddress().getAddress());
    }

    static InetAddress anyIpv4() {
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are a valid IPv4 address", e);
        }
    }
}
