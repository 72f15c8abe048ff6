package io.socksgate.udp.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IP address literals in configuration values, parsed without ever asking a resolver: a value that
 * is not a literal is refused, never looked up. {@link InetAddress#getByName} alone would look up
 * {@code 10.0.0.256} as a host name and accept {@code 127.1} in inet_aton's shorthand.
 */
final class IpLiterals {

    private IpLiterals() {}

    /**
     * The address {@code text} spells, or null when it is not a literal. IPv4: four decimal octets
     * 0-255 ({@code a.b.c.d}), without leading zeros, which inet_aton would read as octal. IPv6: the
     * usual text forms, optionally in brackets, without a zone ({@code %eth0}).
     */
    static InetAddress parse(String text) {
        String literal = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (literal.indexOf(':') >= 0) {
            return ipv6(literal);
        }
        return text.equals(literal) ? ipv4(literal) : null; // brackets hold IPv6 only
    }

    private static InetAddress ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] octets = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (!part.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(part) > 255) {
                return null;
            }
            octets[i] = (byte) Integer.parseInt(part);
        }
        return address(octets);
    }

    private static InetAddress ipv6(String text) {
        if (!text.matches("[0-9A-Fa-f:.]+")) {
            return null;
        }
        try {
            // In brackets the JDK expects an IPv6 literal and fails rather than look the text up.
            return InetAddress.getByName("[" + text + "]");
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static InetAddress address(byte[] octets) {
        try {
            return InetAddress.getByAddress(octets); // four bytes: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // only for a length other than 4 or 16
        }
    }
}
