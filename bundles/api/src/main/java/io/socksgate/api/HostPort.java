package io.socksgate.api;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A destination as the client named it: either an IP address or a host name, plus a port. A name
 * is kept as given (never resolved by this type), so the proxy decides when and where to resolve
 * it, and what was asked for stays visible in logs and policy.
 *
 * @param name the host name, or {@code null} when the destination is an address
 * @param address the IP address, or {@code null} when the destination is a name
 * @param port 0 to 65535
 */
public record HostPort(String name, InetAddress address, int port) {

    public HostPort {
        if ((name == null) == (address == null)) {
            throw new IllegalArgumentException("exactly one of name and address must be given");
        }
        if (name != null && name.isEmpty()) {
            throw new IllegalArgumentException("empty host name");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    public static HostPort of(InetAddress address, int port) {
        return new HostPort(null, Objects.requireNonNull(address, "address"), port);
    }

    public static HostPort of(InetSocketAddress socketAddress) {
        return of(socketAddress.getAddress(), socketAddress.getPort());
    }

    public static HostPort ofName(String name, int port) {
        return new HostPort(Objects.requireNonNull(name, "name"), null, port);
    }

    /** True when the destination is a host name that still has to be resolved. */
    public boolean isName() {
        return name != null;
    }

    /** The host as text: the name, or the address as {@link #addressText} writes it, without brackets. */
    public String host() {
        return name != null ? name : addressText(address);
    }

    /**
     * An address as text: IPv4 dotted, IPv6 in RFC 5952's canonical form (lower case, no leading
     * zeros, the longest run of two or more zero groups, the first of equal runs, as {@code ::}),
     * with its zone ({@code %eth0}) if it has one. {@link InetAddress#getHostAddress()} writes
     * every group ({@code 0:0:0:0:0:0:0:1}), which is not how anyone writes or greps for {@code ::1}.
     *
     * @since 1.4
     */
    public static String addressText(InetAddress address) {
        String full = address.getHostAddress();
        if (!(address instanceof Inet6Address)) {
            return full;
        }
        byte[] bytes = address.getAddress();
        int[] groups = new int[8];
        for (int g = 0; g < 8; g++) {
            groups[g] = ((bytes[2 * g] & 0xFF) << 8) | (bytes[2 * g + 1] & 0xFF);
        }
        int runStart = -1;
        int runLength = 1; // a single zero group is never shortened
        for (int g = 0; g < 8; ) {
            int end = g;
            while (end < 8 && groups[end] == 0) {
                end++;
            }
            if (end - g > runLength) {
                runStart = g;
                runLength = end - g;
            }
            g = end == g ? g + 1 : end;
        }
        StringBuilder text = new StringBuilder(40);
        for (int g = 0; g < 8; g++) {
            if (g == runStart) {
                text.append("::");
                g += runLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[g]));
        }
        int zone = full.indexOf('%');
        return zone < 0
                ? text.toString()
                : text.append(full, zone, full.length()).toString();
    }

    /** {@code host:port}, with IPv6 literals in brackets ({@code [::1]:80}). */
    @Override
    public String toString() {
        String host = host();
        return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port;
    }
}
