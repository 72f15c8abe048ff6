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

    /** The host as text: the name, or the address literal without brackets. */
    public String host() {
        return name != null ? name : address.getHostAddress();
    }

    /** {@code host:port}, with IPv6 literals in brackets ({@code [::1]:80}). */
    @Override
    public String toString() {
        String host = host();
        return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port;
    }
}
