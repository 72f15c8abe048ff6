package io.socksgate.shell.internal;

import io.socksgate.api.HostPort;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the addresses commands are given. Nothing here ever resolves a name: IP literals are
 * parsed as literals, and a host name stays a name.
 */
final class Endpoints {

    /** The canonical dotted quad only: no leading zeros (inet_aton reads 010 as octal 8), no short forms (127.1). */
    private static final String OCTET = "(0|[1-9]\\d{0,2})";

    private static final Pattern IPV4 = Pattern.compile(OCTET + "\\." + OCTET + "\\." + OCTET + "\\." + OCTET);
    /** Digits and dots: meant as an IPv4 address, never a host name (the JDK would resolve 10.0.0.256). */
    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");

    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+(%[0-9A-Za-z._-]+)?");
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9._-]*[A-Za-z0-9_])?\\.?");

    private Endpoints() {}

    /**
     * An IPv4 or IPv6 literal ({@code 10.0.0.1}, {@code ::1}, {@code [::1]}).
     *
     * @throws IllegalArgumentException when the text is not an IP address
     */
    static InetAddress ipLiteral(String text) {
        String t = text == null ? "" : text.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        Matcher v4 = IPV4.matcher(t);
        if (v4.matches()) {
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(v4.group(i + 1));
                if (octet > 255) {
                    throw new IllegalArgumentException("not an IP address: " + text);
                }
                bytes[i] = (byte) octet;
            }
            try {
                return InetAddress.getByAddress(bytes);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e); // four bytes are always an address
            }
        }
        if (t.contains(":") && IPV6_CHARS.matcher(t).matches()) {
            try {
                // In brackets the JDK parses the text as an IPv6 literal or fails: it never looks it up.
                return InetAddress.getByName("[" + t + "]");
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IP address: " + text);
            }
        }
        throw new IllegalArgumentException("not an IP address: " + text);
    }

    /**
     * {@code HOST:PORT}: {@code 10.0.0.1:80}, {@code [::1]:80} or {@code example.com:443}.
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
        if (host.startsWith("[")) {
            if (!host.endsWith("]")) {
                throw new IllegalArgumentException("'" + text + "': unbalanced brackets");
            }
            InetAddress address = ipLiteral(host);
            return HostPort.of(address, port);
        }
        if (host.contains(":")) {
            throw new IllegalArgumentException("'" + text + "': write an IPv6 address in brackets, e.g. [::1]:" + port);
        }
        if (DIGITS_AND_DOTS.matcher(host).matches()) {
            return HostPort.of(ipLiteral(host), port);
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
            InetAddress address = ipLiteral(t.substring(0, close + 1));
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
            return new InetSocketAddress(ipLiteral(t.substring(0, colon)), port(t.substring(colon + 1), text));
        }
        return new InetSocketAddress(ipLiteral(t), 0); // IPv4, or IPv6 without brackets and port
    }

    private static int port(String text, String whole) {
        if (!PORT.matcher(text).matches() || Integer.parseInt(text) > 65535) {
            throw new IllegalArgumentException("'" + whole + "': port '" + text + "' is not 0 to 65535");
        }
        return Integer.parseInt(text);
    }
}
