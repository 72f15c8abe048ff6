package io.socksgate.protocol.proxy;

import static io.socksgate.protocol.proxy.ProxyHeaderDecoder.unexpected;

import io.socksgate.protocol.DecodeFailure.Reason;
import io.socksgate.protocol.DecodeResult;
import io.socksgate.protocol.WireCursor;
import io.socksgate.protocol.proxy.ProxyHeader.Command;
import io.socksgate.protocol.proxy.ProxyHeader.Family;
import io.socksgate.protocol.proxy.ProxyHeader.Version;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The v1 text line (proxy-protocol.txt section 2.1), read strictly, since any sequence that does
 * not exactly match must abort the connection:
 *
 * <ul>
 *   <li>{@code PROXY TCP4|TCP6 src dst srcport dstport CRLF}, single spaces; addresses of the
 *       family named ({@link AddressText}); ports decimal 0 to 65535 without leading zeros.
 *   <li>{@code PROXY UNKNOWN} then CRLF, or a space and anything up to the CRLF, which the spec
 *       says to ignore. "Anything" is limited to printable ASCII: the line is US-ASCII text, and a
 *       NUL or control byte there is not a balancer speaking the protocol.
 *   <li>Only CRLF ends the line; a bare CR or LF fails, as the spec requires.
 *   <li>The line is at most {@value ProxyHeader#MAX_V1_LENGTH} bytes, CRLF included, and a TCP4 or
 *       TCP6 line at most {@value #MAX_TCP4_LENGTH} or {@value #MAX_TCP6_LENGTH} (its family's
 *       longest): a line not ended by then fails with {@code HEADER_TOO_LARGE} without waiting.
 *   <li>Each byte is checked as it arrives (the protocol word against the three allowed, the rest
 *       against the characters its family's fields can hold), so garbage fails at once; the fields
 *       themselves are parsed once the CRLF is there, as the spec asks.
 * </ul>
 */
final class ProxyV1Line {

    /** {@code "PROXY "}: the v1 signature with its space. */
    static final byte[] PREFIX = ascii("PROXY ");

    /** {@code PROXY TCP4 255.255.255.255 255.255.255.255 65535 65535\r\n}. */
    static final int MAX_TCP4_LENGTH = 56;
    /** {@code PROXY TCP6} with two 39-character addresses and two 5-digit ports. */
    static final int MAX_TCP6_LENGTH = 104;

    private static final byte[] TCP = ascii("TCP");
    private static final byte[] UNKNOWN = ascii("UNKNOWN");
    private static final int CR = '\r';
    private static final int LF = '\n';
    private static final int NEED_MORE = -1;
    private static final int MATCHED = -2;

    private ProxyV1Line() {}

    /** Decodes the line whose {@link #PREFIX} is at the cursor; the cursor does not move. */
    static DecodeResult<ProxyHeader> decode(WireCursor in) {
        int at = PREFIX.length;
        if (!in.has(at + 1)) {
            return DecodeResult.needMore();
        }
        Family family;
        int first = in.peek(at);
        if (first == 'T') {
            int match = match(in, at, TCP);
            if (match != MATCHED) {
                return match == NEED_MORE ? DecodeResult.needMore() : malformedAt(in, match, " in the protocol");
            }
            at += TCP.length;
            if (!in.has(at + 1)) {
                return DecodeResult.needMore();
            }
            int digit = in.peek(at);
            if (digit != '4' && digit != '6') {
                return malformedAt(in, at, " in the protocol (TCP4, TCP6 or UNKNOWN)");
            }
            family = digit == '4' ? Family.TCP4 : Family.TCP6;
            at++;
            if (!in.has(at + 1)) {
                return DecodeResult.needMore();
            }
            if (in.peek(at) != ' ') {
                return malformedAt(in, at, " after the protocol");
            }
            at++;
        } else if (first == 'U') {
            int match = match(in, at, UNKNOWN);
            if (match != MATCHED) {
                return match == NEED_MORE ? DecodeResult.needMore() : malformedAt(in, match, " in the protocol");
            }
            at += UNKNOWN.length;
            if (!in.has(at + 1)) {
                return DecodeResult.needMore();
            }
            int next = in.peek(at);
            if (next != ' ' && next != CR) {
                return malformedAt(in, at, " after UNKNOWN");
            }
            family = Family.UNKNOWN;
        } else {
            return malformedAt(in, at, " in the protocol (TCP4, TCP6 or UNKNOWN)");
        }

        int maxLength =
                switch (family) {
                    case TCP4 -> MAX_TCP4_LENGTH;
                    case TCP6 -> MAX_TCP6_LENGTH;
                    case UNKNOWN -> ProxyHeader.MAX_V1_LENGTH;
                };
        int fieldsStart = at;
        int end = at;
        while (true) {
            if (end >= maxLength) {
                return tooLong(family, maxLength);
            }
            if (!in.has(end + 1)) {
                return DecodeResult.needMore();
            }
            int b = in.peek(end);
            if (b == CR) {
                if (end + 2 > maxLength) {
                    return tooLong(family, maxLength);
                }
                if (!in.has(end + 2)) {
                    return DecodeResult.needMore();
                }
                if (in.peek(end + 1) != LF) {
                    return DecodeResult.failed(
                            Reason.MALFORMED, "PROXY v1 line: CR not followed by LF at offset " + end);
                }
                break;
            }
            if (!allowed(family, b)) {
                return malformedAt(in, end, family == Family.UNKNOWN ? "" : " in a " + family + " line");
            }
            end++;
        }
        int length = end + 2;
        if (family == Family.UNKNOWN) {
            in.skip(length);
            return DecodeResult.done(ProxyHeader.unknown(Version.V1, Command.PROXY, length));
        }
        byte[] fields = new byte[end - fieldsStart];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = (byte) in.peek(fieldsStart + i);
        }
        DecodeResult<ProxyHeader> header = fields(family, fields, length);
        if (header instanceof DecodeResult.Done) {
            in.skip(length);
        }
        return header;
    }

    /** Parses {@code src dst srcport dstport}, single spaces, for a TCP4 or TCP6 line. */
    private static DecodeResult<ProxyHeader> fields(Family family, byte[] text, int length) {
        int[] starts = new int[4];
        int[] ends = new int[4];
        int field = 0;
        int start = 0;
        for (int i = 0; i <= text.length; i++) {
            if (i == text.length || text[i] == ' ') {
                if (i == start) {
                    return malformed("empty field (a double or trailing space) in a " + family + " line");
                }
                if (field == 4) {
                    return malformed("more than 4 fields after " + family);
                }
                starts[field] = start;
                ends[field] = i;
                field++;
                start = i + 1;
            }
        }
        if (field != 4) {
            return malformed(field + " fields after " + family + ", expected 4");
        }
        byte[] source = address(family, text, starts[0], ends[0]);
        if (source == null) {
            return malformed("the source address is not " + expected(family));
        }
        byte[] destination = address(family, text, starts[1], ends[1]);
        if (destination == null) {
            return malformed("the destination address is not " + expected(family));
        }
        int sourcePort = AddressText.port(text, starts[2], ends[2]);
        if (sourcePort < 0) {
            return malformed("the source port is not a decimal 0 to 65535 without leading zeros");
        }
        int destinationPort = AddressText.port(text, starts[3], ends[3]);
        if (destinationPort < 0) {
            return malformed("the destination port is not a decimal 0 to 65535 without leading zeros");
        }
        return DecodeResult.done(ProxyHeader.proxy(
                Version.V1,
                family,
                new InetSocketAddress(AddressText.inet(source), sourcePort),
                new InetSocketAddress(AddressText.inet(destination), destinationPort),
                length));
    }

    private static byte[] address(Family family, byte[] text, int from, int to) {
        return family == Family.TCP4 ? AddressText.ipv4(text, from, to) : AddressText.ipv6(text, from, to);
    }

    private static String expected(Family family) {
        return family == Family.TCP4 ? "a dotted-quad IPv4 address without leading zeros" : "an IPv6 address";
    }

    /** Whether {@code b} may appear between the protocol and the CRLF of a line of {@code family}. */
    private static boolean allowed(Family family, int b) {
        if (b == ' ' || (b >= '0' && b <= '9') || b == '.') {
            return true;
        }
        return switch (family) {
            case TCP4 -> false;
            case TCP6 -> b == ':' || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
            case UNKNOWN -> b >= 0x20 && b <= 0x7E;
        };
    }

    /** {@link #MATCHED}, {@link #NEED_MORE}, or the offset of the first byte that differs. */
    private static int match(WireCursor in, int at, byte[] word) {
        for (int k = 0; k < word.length; k++) {
            if (!in.has(at + k + 1)) {
                return NEED_MORE;
            }
            if (in.peek(at + k) != word[k]) {
                return at + k;
            }
        }
        return MATCHED;
    }

    private static DecodeResult<ProxyHeader> tooLong(Family family, int maxLength) {
        return DecodeResult.failed(
                Reason.HEADER_TOO_LARGE, "PROXY v1 " + family + " line without CRLF within " + maxLength + " bytes");
    }

    private static DecodeResult<ProxyHeader> malformedAt(WireCursor in, int offset, String where) {
        return malformed(unexpected(in.peek(offset), offset) + where);
    }

    private static DecodeResult<ProxyHeader> malformed(String problem) {
        return DecodeResult.failed(Reason.MALFORMED, "PROXY v1 line: " + problem);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
