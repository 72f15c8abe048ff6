package io.socksgate.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Parses IP address literals strictly and never asks a resolver: the JDK's {@code
 * InetAddress.getByName} looks up anything it does not take for a literal (so {@code 10.0.0.256}
 * became a DNS query) and takes legacy forms such as {@code 127.1} for 127.0.0.1 and {@code
 * 010.0.0.1} for an octal octet. Accepted: the canonical dotted quad (four decimal octets 0-255
 * without leading zeros) and IPv6 literals in any RFC 4291 text form, bracketed or not; a zone
 * ({@code fe80::1%eth0}) only where the caller binds to the address or takes back one this host
 * shows ({@link #parseScoped}).
 *
 * <p>Where text may be a host name or an address, {@link #isAddressLike} tells which it is meant
 * as, so that a malformed address is refused instead of being sent to a resolver.
 */
public final class IpLiterals {

    /** What the error messages say is expected. */
    public static final String EXPECTED = "an IPv4 address as four decimal octets (127.0.0.1) or an IPv6 address (::1)";

    private static final Pattern OCTET = Pattern.compile("0|[1-9][0-9]{0,2}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern IPV6_SCOPED = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[0-9A-Za-z._-]+)?");
    /** A label that is a number: decimal, or 0x and hex digits (none included), as inet_aton reads them. */
    private static final Pattern NUMBER = Pattern.compile("[0-9]+|0[xX][0-9A-Fa-f]*");

    private IpLiterals() {}

    /**
     * The address {@code text} spells, without a zone: an address sent to a peer or compared with
     * one has no use for this host's interface names.
     *
     * @throws IllegalArgumentException when it is not an IP literal of the accepted forms
     */
    public static InetAddress parse(String text) {
        return parse(text, IPV6);
    }

    /**
     * The address {@code text} spells, an IPv6 one optionally with a zone ({@code fe80::1%eth0}),
     * which a link-local address to bind to needs.
     *
     * @throws IllegalArgumentException when it is not an IP literal of the accepted forms
     */
    public static InetAddress parseScoped(String text) {
        return parse(text, IPV6_SCOPED);
    }

    /**
     * Whether host text is meant as an IP address rather than a host name: it is bracketed or has
     * a colon (no name has one), or its last label (after one trailing dot) is a number, decimal or
     * {@code 0x} hex, which no top-level domain is. Such text is to be parsed with {@link #parse}
     * and refused when it is no literal: a resolver would read {@code 0x7f.1} or {@code
     * 2130706433} as 127.0.0.1 and send {@code 10.0.0.256} to DNS.
     */
    public static boolean isAddressLike(String text) {
        String t = text.trim();
        if (t.startsWith("[") || t.indexOf(':') >= 0) {
            return true;
        }
        if (t.endsWith(".")) {
            t = t.substring(0, t.length() - 1);
        }
        String last = t.substring(t.lastIndexOf('.') + 1);
        return NUMBER.matcher(last).matches();
    }

    private static InetAddress parse(String text, Pattern ipv6) {
        String t = text.trim();
        boolean bracketed = t.startsWith("[") && t.endsWith("]");
        if (bracketed) {
            t = t.substring(1, t.length() - 1);
        } else {
            InetAddress v4 = dottedQuad(t); // brackets hold IPv6 only
            if (v4 != null) {
                return v4;
            }
        }
        if (ipv6.matcher(t).matches()) {
            try {
                // In brackets the JDK parses the text as an IPv6 literal or fails; it never looks it up.
                // ::ffff:a.b.c.d comes back as the IPv4 address it maps.
                return InetAddress.getByName("[" + t + "]");
            } catch (UnknownHostException e) {
                // reported below
            }
        }
        int zone = t.indexOf('%');
        String hint = ipv6 == IPV6 && zone >= 0 && IPV6_SCOPED.matcher(t).matches()
                ? "; its zone (" + t.substring(zone) + ") means nothing here"
                : "";
        throw new IllegalArgumentException("'" + text.trim() + "' is not " + EXPECTED + hint);
    }

    private static InetAddress dottedQuad(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!OCTET.matcher(parts[i]).matches()) {
                return null;
            }
            int octet = Integer.parseInt(parts[i]);
            if (octet > 255) {
                return null;
            }
            bytes[i] = (byte) octet;
        }
        try {
            return InetAddress.getByAddress(bytes); // four bytes: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }
}
