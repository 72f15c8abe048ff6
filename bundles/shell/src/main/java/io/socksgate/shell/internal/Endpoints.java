package io.socksgate.shell.internal;

import io.socksgate.api.HostPort;
import io.socksgate.config.IpLiterals;
import io.socksgate.config.PortRange;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.regex.Pattern;

/**
 * Parses the endpoints commands are given, with the IP literals and ports of the configuration
 * ({@link IpLiterals}, {@link PortRange}). Nothing here ever resolves a name: a host meant as an
 * address is parsed as a literal or refused, and a host name stays a name.
 */
final class Endpoints {

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9._-]*[A-Za-z0-9_])?\\.?");

    private Endpoints() {}

    /**
     * A client's address as the commands show it ({@code 10.0.0.5}, {@code ::1}, {@code [::1]},
     * {@code fe80::1%lo}: a zone where it has one).
     *
     * @throws IllegalArgumentException when the text is not an IP address
     */
    static InetAddress clientAddress(String text) {
        return IpLiterals.parseScoped(text == null ? "" : text);
    }

    /**
     * {@code HOST:PORT}: {@code 10.0.0.1:80}, {@code [::1]:80} or {@code example.com:443}. A
     * destination goes on the wire, where a zone means nothing: an address has none.
     *
     * @throws IllegalArgumentException when the text is none of these
     */
    static HostPort hostPort(String text) {
        String t = text == null ? "" : text.trim();
        int colon = t.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + text + "' lacks a port: write HOST:PORT, e.g. example.com:443");
        }
        String host = t.substring(0, colon);
        int port = port(t.substring(colon + 1), text);
        if (host.startsWith("[") && !host.endsWith("]")) {
            throw new IllegalArgumentException("'" + text + "': unbalanced brackets");
        }
        if (!host.startsWith("[") && host.contains(":")) {
            throw new IllegalArgumentException("'" + text + "': write an IPv6 address in brackets, e.g. [::1]:" + port);
        }
        if (IpLiterals.isAddressLike(host)) {
            return HostPort.of(IpLiterals.parse(host), port); // 0x7f.1 is no name to look up
        }
        if (!HOST_NAME.matcher(host).matches()) {
            throw new IllegalArgumentException("'" + host + "' is neither an IP address nor a host name");
        }
        return HostPort.ofName(host, port);
    }

    /**
     * A client address, with or without a port: {@code 10.0.0.5}, {@code 10.0.0.5:40000},
     * {@code ::1}, {@code [::1]:40000}. The port is 0 when none is given.
     */
    static InetSocketAddress client(String text) {
        String t = text == null ? "" : text.trim();
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + text + "': unbalanced brackets");
            }
            InetAddress address = clientAddress(t.substring(0, close + 1));
            String rest = t.substring(close + 1);
            if (rest.isEmpty()) {
                return new InetSocketAddress(address, 0);
            }
            if (!rest.startsWith(":")) {
                throw new IllegalArgumentException("'" + text + "' is not ADDRESS or ADDRESS:PORT");
            }
            return new InetSocketAddress(address, port(rest.substring(1), text));
        }
        int colon = t.indexOf(':');
        if (colon >= 0 && colon == t.lastIndexOf(':')) {
            return new InetSocketAddress(clientAddress(t.substring(0, colon)), port(t.substring(colon + 1), text));
        }
        return new InetSocketAddress(clientAddress(t), 0); // IPv4, or IPv6 without brackets and port
    }

    private static int port(String text, String whole) {
        try {
            return PortRange.port(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + whole + "': port '" + text + "' is not 0 to 65535", e);
        }
    }
}
