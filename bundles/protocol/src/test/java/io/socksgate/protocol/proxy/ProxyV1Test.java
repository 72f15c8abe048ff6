package io.socksgate.protocol.proxy;

import static io.socksgate.protocol.DecoderAssertions.assertDone;
import static io.socksgate.protocol.DecoderAssertions.assertFails;
import static io.socksgate.protocol.DecoderAssertions.assertNeedsMore;
import static io.socksgate.protocol.DecoderAssertions.assertStreamDecodes;
import static io.socksgate.protocol.DecoderAssertions.buffer;
import static io.socksgate.protocol.DecoderAssertions.concat;
import static io.socksgate.protocol.DecoderAssertions.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.socksgate.protocol.DecodeFailure;
import io.socksgate.protocol.DecodeFailure.Reason;
import io.socksgate.protocol.proxy.ProxyHeader.Family;
import io.socksgate.protocol.proxy.ProxyHeader.Version;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import org.apache.mina.core.buffer.IoBuffer;
import org.junit.jupiter.api.Test;

/** PROXY protocol version 1, the text line (proxy-protocol.txt section 2.1). */
class ProxyV1Test {

    private static final ProxyHeaderDecoder DECODER = ProxyHeaderDecoder.INSTANCE;

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static InetSocketAddress at(String literal, int port) {
        return new InetSocketAddress(ip(literal), port);
    }

    private static ProxyHeader tcp(Family family, String src, String dst, int srcPort, int dstPort, int length) {
        return ProxyHeader.proxy(Version.V1, family, at(src, srcPort), at(dst, dstPort), length);
    }

    private static void assertLine(String line, ProxyHeader expected) {
        assertEquals(line.length(), expected.length(), "vector length");
        assertStreamDecodes(DECODER, ascii(line), expected);
        assertStreamDecodes(ProxyHeaderDecoder.accepting(EnumSet.of(Version.V1)), ascii(line), expected);
    }

    private static DecodeFailure assertMalformed(String line) {
        return assertFails(DECODER, ascii(line), Reason.MALFORMED);
    }

    /** The spec's example, followed by the HTTP request it precedes, which stays unread. */
    @Test
    void specExampleBeforeAnHttpRequest() {
        String line = "PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n";
        ProxyHeader expected = tcp(Family.TCP4, "192.168.0.1", "192.168.0.11", 56324, 443, line.length());
        assertLine(line, expected);
        byte[] request = ascii("GET / HTTP/1.1\r\nHost: 192.168.0.11\r\n\r\n");
        IoBuffer buffer = buffer(concat(ascii(line), request));
        assertDone(DECODER, buffer, line.length(), expected);
        assertEquals(request.length, buffer.remaining());
        assertEquals('G', buffer.get(buffer.position()));
    }

    /** The spec's longest TCP/IPv4 line, 56 bytes. */
    @Test
    void longestTcp4Line() {
        String line = "PROXY TCP4 255.255.255.255 255.255.255.255 65535 65535\r\n";
        assertEquals(56, line.length());
        assertLine(line, tcp(Family.TCP4, "255.255.255.255", "255.255.255.255", 65535, 65535, 56));
    }

    /** The spec's longest TCP/IPv6 line, 104 bytes. */
    @Test
    void longestTcp6Line() {
        String all = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff";
        String line = "PROXY TCP6 " + all + " " + all + " 65535 65535\r\n";
        assertEquals(104, line.length());
        assertLine(line, tcp(Family.TCP6, all, all, 65535, 65535, 104));
    }

    @Test
    void tcp6ShortForms() {
        String line = "PROXY TCP6 2001:db8::1 ::1 0 0\r\n";
        assertLine(line, tcp(Family.TCP6, "2001:db8::1", "::1", 0, 0, line.length()));
        line = "PROXY TCP6 :: 2001:DB8:0:0:0:0:0:A 1 65535\r\n";
        assertLine(line, tcp(Family.TCP6, "::", "2001:db8::a", 1, 65535, line.length()));
        line = "PROXY TCP6 1:: fe80::0:1 10 20\r\n";
        assertLine(line, tcp(Family.TCP6, "1::", "fe80::1", 10, 20, line.length()));
        line = "PROXY TCP6 1:2:3:4:5:6:7:: ::2:3:4:5:6:7:8 10 20\r\n";
        assertLine(line, tcp(Family.TCP6, "1:2:3:4:5:6:7:0", "0:2:3:4:5:6:7:8", 10, 20, line.length()));
        line = "PROXY TCP6 0001:0db8:0000:0000:0000:0000:0000:0001 ::1 10 20\r\n";
        assertLine(line, tcp(Family.TCP6, "1:db8::1", "::1", 10, 20, line.length()));
    }

    /**
     * HAProxy writes IPv6 with inet_ntop, which prints an IPv4-mapped address with a dotted tail;
     * it is the IPv4 client, so it comes back as an Inet4Address.
     */
    @Test
    void tcp6WithAnIpv4MappedSource() {
        String line = "PROXY TCP6 ::ffff:192.0.2.1 ::ffff:c000:202 4000 1080\r\n";
        ProxyHeader header = assertDone(
                DECODER,
                buffer(ascii(line)),
                line.length(),
                tcp(Family.TCP6, "192.0.2.1", "192.0.2.2", 4000, 1080, line.length()));
        assertInstanceOf(Inet4Address.class, header.source().getAddress());
        assertStreamDecodes(DECODER, ascii(line), header);
        line = "PROXY TCP6 64:ff9b::192.0.2.33 1:2:3:4:5:6:1.2.3.4 1 2\r\n";
        assertLine(line, tcp(Family.TCP6, "64:ff9b::c000:221", "1:2:3:4:5:6:102:304", 1, 2, line.length()));
    }

    /** The short UNKNOWN form, and the spec's worst case of 107 bytes, whose rest is ignored. */
    @Test
    void unknown() {
        assertLine("PROXY UNKNOWN\r\n", ProxyHeader.unknown(Version.V1, ProxyHeader.Command.PROXY, 15));
        String all = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff";
        String worst = "PROXY UNKNOWN " + all + " " + all + " 65535 65535\r\n";
        assertEquals(107, worst.length());
        assertLine(worst, ProxyHeader.unknown(Version.V1, ProxyHeader.Command.PROXY, 107));
        // Whatever printable ASCII comes before the CRLF is ignored, even when it is not addresses.
        String odd = "PROXY UNKNOWN what ever is here, \"~!\r\n";
        assertLine(odd, ProxyHeader.unknown(Version.V1, ProxyHeader.Command.PROXY, odd.length()));
    }

    @Test
    void unknownUsesTheRealPeer() {
        InetSocketAddress peer = at("10.0.0.1", 5000);
        assertEquals(
                peer,
                ProxyHeader.unknown(Version.V1, ProxyHeader.Command.PROXY, 15).clientOr(peer));
        assertEquals(
                at("192.0.2.1", 1),
                tcp(Family.TCP4, "192.0.2.1", "192.0.2.2", 1, 2, 40).clientOr(peer));
    }

    /** No CRLF within 107 bytes: refused as soon as the 107th byte is not the end of the line. */
    @Test
    void lineWithoutCrlfWithin107Bytes() {
        String prefix = "PROXY UNKNOWN ";
        // 105 bytes + CRLF = 107: the longest line.
        String longest = prefix + "a".repeat(105 - prefix.length()) + "\r\n";
        assertLine(longest, ProxyHeader.unknown(Version.V1, ProxyHeader.Command.PROXY, 107));
        String noEnd = prefix + "a".repeat(107 - prefix.length());
        assertNeedsMore(DECODER, ascii(noEnd.substring(0, 106)));
        assertFails(DECODER, ascii(noEnd), Reason.HEADER_TOO_LARGE);
        assertFails(DECODER, ascii(noEnd + "\r\n"), Reason.HEADER_TOO_LARGE);
        // The CR as the 107th byte: its LF would be the 108th.
        assertFails(DECODER, ascii(noEnd.substring(0, 106) + "\r"), Reason.HEADER_TOO_LARGE);
    }

    /** A TCP line is refused once it is longer than its family's longest line could be. */
    @Test
    void tcpLinesAreBoundedByTheirFamily() {
        String tcp4 = "PROXY TCP4 1.2.3.4 5.6.7.8 1 2" + " 1".repeat(20);
        assertFails(DECODER, ascii(tcp4.substring(0, 56)), Reason.HEADER_TOO_LARGE);
        assertNeedsMore(DECODER, ascii(tcp4.substring(0, 55)));
        String tcp6 = "PROXY TCP6 ::1 ::2 1 2" + " 1".repeat(50);
        assertFails(DECODER, ascii(tcp6.substring(0, 104)), Reason.HEADER_TOO_LARGE);
        assertNeedsMore(DECODER, ascii(tcp6.substring(0, 103)));
    }

    @Test
    void onlyCrlfEndsTheLine() {
        assertMalformed("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\n");
        assertMalformed("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\rX");
        assertMalformed("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\r\n");
        assertMalformed("PROXY UNKNOWN\n");
        assertMalformed("PROXY UNKNOWN a\nb\r\n");
        assertMalformed("PROXY UNKNOWN a\rb\r\n");
        // Refused at the bad byte, without waiting for the rest of the line.
        assertMalformed("PROXY TCP4 192.168.0.1\n");
        assertMalformed("PROXY UNKNOWN\rX");
    }

    @Test
    void spacing() {
        assertMalformed("PROXY  TCP4 1.2.3.4 5.6.7.8 1 2\r\n");
        assertMalformed("PROXY TCP4  1.2.3.4 5.6.7.8 1 2\r\n");
        assertMalformed("PROXY TCP4 1.2.3.4  5.6.7.8 1 2\r\n");
        assertMalformed("PROXY TCP4 1.2.3.4 5.6.7.8  1 2\r\n");
        assertMalformed("PROXY TCP4 1.2.3.4 5.6.7.8 1  2\r\n");
        assertMalformed("PROXY TCP4 1.2.3.4 5.6.7.8 1 2 \r\n");
        assertMalformed(" PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n");
        assertMalformed("PROXY\tTCP4 1.2.3.4 5.6.7.8 1 2\r\n");
        assertMalformed("PROXY TCP4\t1.2.3.4 5.6.7.8 1 2\r\n");
        assertMalformed("PROXY TCP4 1.2.3.4\t5.6.7.8 1 2\r\n");
        assertMalformed("PROXY UNKNOWN\t\r\n");
    }

    @Test
    void protocolNames() {
        assertMalformed("PROXY TCP5 1.2.3.4 5.6.7.8 1 2\r\n");
        assertMalformed("PROXY tcp4 1.2.3.4 5.6.7.8 1 2\r\n");
        assertMalformed("PROXY UDP4 1.2.3.4 5.6.7.8 1 2\r\n");
        assertMalformed("PROXY TCP 1.2.3.4 5.6.7.8 1 2\r\n");
        assertMalformed("PROXY TCP4\r\n");
        assertMalformed("PROXY UNKNOWNX\r\n");
        assertMalformed("PROXY unknown\r\n");
        assertMalformed("PROXY \r\n");
        // Each is refused at its first wrong byte.
        assertMalformed("PROXY TCP5");
        assertMalformed("PROXY UX");
        assertNeedsMore(DECODER, ascii("PROXY U"));
        assertMalformed("PROXY UNKNOWNX");
        assertNeedsMore(DECODER, ascii("PROXY UNKNOWN"));
        assertNeedsMore(DECODER, ascii("PROXY TCP"));
    }

    @Test
    void fieldCount() {
        assertMalformed("PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n");
        assertMalformed("PROXY TCP4 1.2.3.4 5.6.7.8\r\n");
        assertMalformed("PROXY TCP4 1.2.3.4\r\n");
        assertMalformed("PROXY TCP4 \r\n");
        assertMalformed("PROXY TCP4 1.2.3.4 5.6.7.8 1 2 3\r\n");
    }

    @Test
    void ipv4Addresses() {
        for (String bad : new String[] {
            "01.2.3.4",
            "1.2.3.04",
            "00.2.3.4",
            "1.2.3.256",
            "256.1.1.1",
            "1.2.3",
            "1.2.3.4.5",
            "1..2.3",
            ".1.2.3",
            "1.2.3.",
            "1.2.3.4a",
            "a.b.c.d",
            "1234.1.1.1",
            "0x1.2.3.4",
            "4294967295",
            "1.2.3.1000"
        }) {
            assertMalformed("PROXY TCP4 " + bad + " 5.6.7.8 1 2\r\n");
            assertMalformed("PROXY TCP4 5.6.7.8 " + bad + " 1 2\r\n");
        }
        String line = "PROXY TCP4 0.0.0.0 10.0.100.9 0 1\r\n";
        assertLine(line, tcp(Family.TCP4, "0.0.0.0", "10.0.100.9", 0, 1, line.length()));
    }

    @Test
    void ipv6Addresses() {
        for (String bad : new String[] {
            ":::",
            "1::2::3",
            "12345::",
            "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7",
            ":1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7:8:",
            "::g",
            "fe80::1%eth0",
            "1:2:3:4:5:6:7:8::",
            "::1:2:3:4:5:6:7:8",
            ":",
            "1:2:3:4:5:6:7:1.2.3.4",
            "::1.2.3",
            "::1.2.3.04",
            "::1.2.3.4:5",
            "1.2.3.4::",
            "::ffff:1.2.3.256",
            "[::1]",
            "00000::1"
        }) {
            assertMalformed("PROXY TCP6 " + bad + " ::1 1 2\r\n");
            assertMalformed("PROXY TCP6 ::1 " + bad + " 1 2\r\n");
        }
    }

    @Test
    void ports() {
        for (String bad : new String[] {"0443", "00", "01", "65536", "99999", "100000", "-1", "+1", "1a", "0x1"}) {
            assertMalformed("PROXY TCP4 1.2.3.4 5.6.7.8 " + bad + " 2\r\n");
            assertMalformed("PROXY TCP4 1.2.3.4 5.6.7.8 2 " + bad + "\r\n");
        }
    }

    /** The addresses must be of the family the line names. */
    @Test
    void familyMismatch() {
        assertMalformed("PROXY TCP4 ::1 ::1 1 2\r\n");
        assertMalformed("PROXY TCP4 1.2.3.4 ::1 1 2\r\n");
        assertMalformed("PROXY TCP4 ::1 1.2.3.4 1 2\r\n");
        assertMalformed("PROXY TCP6 1.2.3.4 5.6.7.8 1 2\r\n");
        assertMalformed("PROXY TCP6 ::1 5.6.7.8 1 2\r\n");
        assertMalformed("PROXY TCP4 ::ffff:1.2.3.4 5.6.7.8 1 2\r\n");
    }

    /** Only printable ASCII between PROXY and CRLF, refused at once. */
    @Test
    void controlAndNonAsciiBytes() {
        assertMalformed("PROXY UNKNOWN \u0000\r\n");
        assertMalformed("PROXY UNKNOWN \u0080");
        assertMalformed("PROXY TCP4 1.2.3.4\u0000");
        assertMalformed("PROXY TCP6 fe80::1%");
        assertMalformed("PROXY TCP4 1.2.3.4 \u00ff");
    }

    /** Details are read in logs: they name positions and lengths, not the addresses sent. */
    @Test
    void detailsDoNotEchoTheLine() {
        DecodeFailure failure = assertMalformed("PROXY TCP4 192.168.77.1 10.9.8.0777 1 2\r\n");
        assertFalse(failure.detail().contains("192.168"), failure.detail());
        assertFalse(failure.detail().contains("0777"), failure.detail());
    }
}
