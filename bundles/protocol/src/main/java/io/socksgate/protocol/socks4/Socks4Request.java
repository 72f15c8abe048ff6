package io.socksgate.protocol.socks4;

import io.socksgate.api.Command;
import io.socksgate.api.HostPort;
import io.socksgate.protocol.HostNames;
import io.socksgate.protocol.SocksMessage;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * A SOCKS4 or SOCKS4a request: {@code VN=04 CD DSTPORT DSTIP USERID NUL}, and for SOCKS4a, where
 * DSTIP is 0.0.0.x with x != 0, a NUL-terminated host name after that.
 *
 * @param command CONNECT (CD 1) or BIND (CD 2)
 * @param destination a host name for SOCKS4a, an IPv4 address otherwise; port 0 is legal here
 * @param userId the USERID field, possibly empty; not a credential, SOCKS4 sends it in clear text
 */
public record Socks4Request(Command command, HostPort destination, String userId) implements SocksMessage {

    /** The longest USERID accepted, in bytes. The format has no limit; this bounds buffering. */
    public static final int MAX_USER_ID_LENGTH = 255;

    public Socks4Request {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(userId, "userId");
        if (command == Command.UDP_ASSOCIATE) {
            throw new IllegalArgumentException("SOCKS4 has no UDP ASSOCIATE");
        }
    }

    /** Whether this is a SOCKS4a request, carrying a host name for the proxy to resolve. */
    public boolean isSocks4a() {
        return destination.isName();
    }

    /**
     * @throws IllegalArgumentException for an IPv6 destination (SOCKS4 cannot carry one), a user id
     *     containing NUL or longer than 255 bytes, or an illegal host name
     */
    @Override
    public void encode(IoBuffer out) {
        byte[] user = userId.getBytes(StandardCharsets.UTF_8);
        if (user.length > MAX_USER_ID_LENGTH) {
            throw new IllegalArgumentException("user id longer than 255 bytes: " + user.length);
        }
        if (userId.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("user id contains NUL");
        }
        byte[] name = null;
        byte[] ip;
        if (destination.isName()) {
            name = HostNames.encode(destination.name());
            ip = new byte[] {0, 0, 0, 1};
        } else if (destination.address() instanceof Inet4Address) {
            ip = destination.address().getAddress();
        } else {
            throw new IllegalArgumentException("SOCKS4 cannot carry an IPv6 destination");
        }
        out.put((byte) 0x04);
        out.put((byte) (command == Command.CONNECT ? 0x01 : 0x02));
        out.putUnsignedShort(destination.port());
        out.put(ip);
        out.put(user);
        out.put((byte) 0);
        if (name != null) {
            out.put(name);
            out.put((byte) 0);
        }
    }
}
