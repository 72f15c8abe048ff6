package io.socksgate.protocol.http;

import io.socksgate.api.HostPort;
import io.socksgate.protocol.DecodeFailure.Reason;
import io.socksgate.protocol.DecodeResult;
import io.socksgate.protocol.HostNames;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * Reads a CONNECT request-target, which must be in authority-form, {@code host:port} (RFC 9110
 * section 9.3.6, RFC 9112 section 3.2.3): no scheme, no userinfo, no path, and a port.
 *
 * <p>The host becomes an address or a name the way a resolver would never get to guess:
 *
 * <ul>
 *   <li>{@code [IPv6]} is an address; the bracketed text is handed to the JDK's parser only after
 *       it was checked to be hex digits, colons and dots with at least one colon, the form the
 *       JDK parses as a literal and never looks up. A zone ({@code %eth0}) is refused: a client
 *       has no business naming this host's interfaces.
 *   <li>A strict dotted quad (four decimal parts 0 to 255, no leading zeros) is an IPv4 address.
 *   <li>Any other host that ends in a number (the WHATWG URL rule: its last label, after one
 *       trailing dot, is all digits or {@code 0x} and hex digits) is refused. Such a host is meant
 *       as an IPv4 address, and handed to a resolver as a name, {@code inet_aton}'s legacy forms
 *       ({@code 127.1}, {@code 0x7f000001}, octal {@code 010.0.0.1}) would reach an address that
 *       the rules never saw spelled out, and {@code 10.0.0.256} would become a DNS query.
 *   <li>Anything else is a name under {@link HostNames}' rules (1 to 255 printable ASCII bytes),
 *       less the bytes that delimit URI parts ({@code @ / ? # [ ] :}), so userinfo, paths and
 *       unbracketed IPv6 never pass for names.
 * </ul>
 *
 * <p>Failure details say what is wrong and how long the target is, never what it names.
 */
final class AuthorityForm {

    /** The longest IPv6 literal text: 6 groups, then an embedded dotted quad. */
    private static final int MAX_IPV6_TEXT = 45;

    private AuthorityForm() {}

    /** The target in {@code bytes[from, to)}, which holds visible ASCII only (the caller checked). */
    static DecodeResult<HostPort> parse(byte[] bytes, int from, int to) {
        int length = to - from;
        if (bytes[from] == '[') {
            return bracketed(bytes, from, to, length);
        }
        int colon = to - 1;
        while (colon >= from && bytes[colon] != ':') {
            colon--;
        }
        if (colon < from) {
            return malformed("no port in the target", length);
        }
        int port = port(bytes, colon + 1, to);
        if (port < 0) {
            return malformed("no port from 1 to 65535 in the target", length);
        }
        int hostLength = colon - from;
        if (hostLength == 0) {
            return malformed("empty host in the target", length);
        }
        if (hostLength > HostNames.MAX_LENGTH) {
            return malformed("host longer than " + HostNames.MAX_LENGTH + " bytes in the target", length);
        }
        for (int i = from; i < colon; i++) {
            if (!isNameByte(bytes[i])) {
                return malformed(
                        String.format("byte 0x%02x at index %d of the host in the target", bytes[i], i - from), length);
            }
        }
        if (!endsInNumber(bytes, from, colon)) {
            return DecodeResult.done(
                    HostPort.ofName(new String(bytes, from, hostLength, StandardCharsets.ISO_8859_1), port));
        }
        InetAddress address = dottedQuad(bytes, from, colon);
        if (address == null) {
            return malformed("numeric host that is not a dotted-quad IPv4 address in the target", length);
        }
        return DecodeResult.done(HostPort.of(address, port));
    }

    /**
     * Whether {@link #parse} would read {@code name} as this name or as the IPv4 address it spells,
     * so a request for it means to an HTTP proxy what it meant to the rules.
     */
    static boolean isSendableName(String name) {
        int length = name.length();
        if (length == 0 || length > HostNames.MAX_LENGTH) {
            return false;
        }
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            char c = name.charAt(i);
            if (c > 0x7F || !isNameByte((byte) c)) {
                return false;
            }
            bytes[i] = (byte) c;
        }
        return !endsInNumber(bytes, 0, length) || dottedQuad(bytes, 0, length) != null;
    }

    private static DecodeResult<HostPort> bracketed(byte[] bytes, int from, int to, int length) {
        int close = from + 1;
        boolean colon = false;
        while (close < to && bytes[close] != ']') {
            byte b = bytes[close];
            if (!HttpChars.isHex(b) && b != ':' && b != '.') {
                return malformed(
                        String.format("byte 0x%02x at index %d of the IPv6 literal in the target", b, close - from),
                        length);
            }
            colon |= b == ':';
            close++;
        }
        if (close == to) {
            return malformed("IPv6 literal without ']' in the target", length);
        }
        int textLength = close - from - 1;
        if (!colon || textLength > MAX_IPV6_TEXT) {
            return malformed("invalid IPv6 literal in the target", length);
        }
        if (close + 1 == to || bytes[close + 1] != ':') {
            return malformed("no ':' and port after the IPv6 literal in the target", length);
        }
        int port = port(bytes, close + 2, to);
        if (port < 0) {
            return malformed("no port from 1 to 65535 in the target", length);
        }
        InetAddress address;
        try {
            // Brackets make the JDK parse the text as an IPv6 literal or fail, and with a colon in
            // it even older JDKs never fall back to a lookup. ::ffff:a.b.c.d comes back as the IPv4
            // address it maps, the same destination.
            address = InetAddress.getByName(new String(bytes, from, close + 1 - from, StandardCharsets.ISO_8859_1));
        } catch (UnknownHostException e) {
            return malformed("invalid IPv6 literal in the target", length);
        }
        return DecodeResult.done(HostPort.of(address, port));
    }

    /** A port of 1 to 5 decimal digits, 1 to 65535, in {@code bytes[from, to)}; else -1. */
    private static int port(byte[] bytes, int from, int to) {
        int digits = to - from;
        if (digits < 1 || digits > 5) {
            return -1;
        }
        int port = 0;
        for (int i = from; i < to; i++) {
            if (!HttpChars.isDigit(bytes[i])) {
                return -1;
            }
            port = port * 10 + (bytes[i] - '0');
        }
        return port >= 1 && port <= 65535 ? port : -1;
    }

    private static boolean isNameByte(byte b) {
        return HostNames.isLegal(b & 0xFF)
                && b != ':'
                && b != '@'
                && b != '/'
                && b != '?'
                && b != '#'
                && b != '['
                && b != ']';
    }

    /**
     * Whether the last label of the host in {@code bytes[from, to)}, after one trailing dot, is a
     * number: all decimal digits, or {@code 0x}/{@code 0X} and hex digits (none included).
     */
    private static boolean endsInNumber(byte[] bytes, int from, int to) {
        int labelEnd = bytes[to - 1] == '.' ? to - 1 : to;
        int labelStart = labelEnd;
        while (labelStart > from && bytes[labelStart - 1] != '.') {
            labelStart--;
        }
        if (labelStart == labelEnd) {
            return false;
        }
        int digitsFrom = labelStart;
        boolean hex = labelEnd - labelStart >= 2
                && bytes[labelStart] == '0'
                && (bytes[labelStart + 1] == 'x' || bytes[labelStart + 1] == 'X');
        if (hex) {
            digitsFrom += 2;
        }
        for (int i = digitsFrom; i < labelEnd; i++) {
            if (hex ? !HttpChars.isHex(bytes[i]) : !HttpChars.isDigit(bytes[i])) {
                return false;
            }
        }
        return true;
    }

    /** Four decimal parts 0 to 255 without leading zeros, in {@code bytes[from, to)}; else null. */
    private static InetAddress dottedQuad(byte[] bytes, int from, int to) {
        byte[] address = new byte[4];
        int i = from;
        for (int part = 0; part < 4; part++) {
            if (part > 0) {
                if (i == to || bytes[i] != '.') {
                    return null;
                }
                i++;
            }
            int start = i;
            int value = 0;
            while (i < to && HttpChars.isDigit(bytes[i]) && i - start < 3) {
                value = value * 10 + (bytes[i] - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && bytes[start] == '0')) {
                return null;
            }
            address[part] = (byte) value;
        }
        if (i != to) {
            return null;
        }
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are an IPv4 address", e);
        }
    }

    private static <T> DecodeResult<T> malformed(String problem, int targetLength) {
        return DecodeResult.failed(Reason.MALFORMED, "CONNECT " + problem + " (" + targetLength + " bytes)");
    }
}
