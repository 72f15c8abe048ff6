package io.socksgate.protocol.http;

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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.socksgate.api.HostPort;
import io.socksgate.protocol.DecodeFailure;
import io.socksgate.protocol.DecodeFailure.Reason;
import io.socksgate.protocol.DecodeResult;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.mina.core.buffer.IoBuffer;
import org.junit.jupiter.api.Test;

/** HTTP CONNECT request heads (RFC 9110 section 9.3.6, RFC 9112 sections 2 to 5). */
class HttpConnectRequestDecoderTest {

    private static final HttpConnectRequestDecoder DECODER = HttpConnectRequestDecoder.INSTANCE;

    /** Bytes of text, one per char (ISO-8859-1, so "\u0080" is the byte 0x80). */
    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static HttpConnectRequest connect(HostPort target) {
        return new HttpConnectRequest("CONNECT", target, 1, null);
    }

    private static void assertMalformed(String head) {
        assertFails(DECODER, bytes(head), Reason.MALFORMED);
    }

    private static void assertMalformedTarget(String target) {
        assertMalformed("CONNECT " + target + " HTTP/1.1\r\n\r\n");
        // Decided when the request line is complete, not after the header fields.
        assertMalformed("CONNECT " + target + " HTTP/1.1\r\n");
    }

    private static void assertTarget(String target, HostPort expected) {
        assertStreamDecodes(DECODER, bytes("CONNECT " + target + " HTTP/1.1\r\n\r\n"), connect(expected));
    }

    /** What curl 7.88 sends for {@code curl -p -x http://proxy https://example.com}. */
    @Test
    void curlRequest() {
        String head = "CONNECT example.com:443 HTTP/1.1\r\n"
                + "Host: example.com:443\r\n"
                + "User-Agent: curl/7.88.1\r\n"
                + "Proxy-Connection: Keep-Alive\r\n"
                + "\r\n";
        assertStreamDecodes(DECODER, bytes(head), connect(HostPort.ofName("example.com", 443)));
    }

    @Test
    void http10() {
        assertStreamDecodes(
                DECODER,
                bytes("CONNECT example.com:443 HTTP/1.0\r\n\r\n"),
                new HttpConnectRequest("CONNECT", HostPort.ofName("example.com", 443), 0, null));
    }

    @Test
    void names() {
        assertTarget("a:1", HostPort.ofName("a", 1));
        assertTarget("xn--bcher-kva.example:65535", HostPort.ofName("xn--bcher-kva.example", 65535));
        assertTarget("localhost:22", HostPort.ofName("localhost", 22));
        assertTarget("example.com.:443", HostPort.ofName("example.com.", 443));
        assertTarget("1.2.3.example:80", HostPort.ofName("1.2.3.example", 80));
        assertTarget("0xdead.example:80", HostPort.ofName("0xdead.example", 80));
        assertTarget("example.0x1g:80", HostPort.ofName("example.0x1g", 80));
        assertTarget("n".repeat(255) + ":80", HostPort.ofName("n".repeat(255), 80));
        // Leading zeros in a port are only digits, never octal.
        assertTarget("a.example:00443", HostPort.ofName("a.example", 443));
    }

    @Test
    void ipv4Literals() {
        assertTarget("192.0.2.7:8443", HostPort.of(ip("192.0.2.7"), 8443));
        assertTarget("0.0.0.0:1", HostPort.of(ip("0.0.0.0"), 1));
        assertTarget("255.255.255.255:65535", HostPort.of(ip("255.255.255.255"), 65535));
        assertTarget("10.0.100.9:80", HostPort.of(ip("10.0.100.9"), 80));
    }

    @Test
    void ipv6Literals() {
        assertTarget("[2001:db8::1]:443", HostPort.of(ip("2001:db8::1"), 443));
        assertTarget("[::1]:22", HostPort.of(ip("::1"), 22));
        assertTarget("[2001:DB8:0:0:0:0:2:1]:443", HostPort.of(ip("2001:db8::2:1"), 443));
        assertTarget("[::]:9", HostPort.of(ip("::"), 9));
        assertTarget("[64:ff9b::192.0.2.33]:80", HostPort.of(ip("64:ff9b::c000:221"), 80));
    }

    /** The same destination as its IPv4 address, as SOCKS5 and the config parsing treat it. */
    @Test
    void ipv4MappedIpv6IsTheIpv4Address() {
        byte[] wire = bytes("CONNECT [::ffff:192.0.2.1]:80 HTTP/1.1\r\n\r\n");
        HttpConnectRequest request =
                assertDone(DECODER, buffer(wire), wire.length, connect(HostPort.of(ip("192.0.2.1"), 80)));
        assertInstanceOf(Inet4Address.class, request.target().address());
    }

    @Test
    void proxyAuthorizationIsKeptWithoutSurroundingWhitespace() {
        String head = "CONNECT a.example:443 HTTP/1.1\r\n"
                + "Host: a.example:443\r\n"
                + "proxy-AUTHORIZATION: \t Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ== \t\r\n"
                + "\r\n";
        assertStreamDecodes(
                DECODER,
                bytes(head),
                new HttpConnectRequest(
                        "CONNECT", HostPort.ofName("a.example", 443), 1, "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="));
    }

    @Test
    void emptyProxyAuthorizationIsKeptEmpty() {
        assertStreamDecodes(
                DECODER,
                bytes("CONNECT a:1 HTTP/1.1\r\nProxy-Authorization:\r\n\r\n"),
                new HttpConnectRequest("CONNECT", HostPort.ofName("a", 1), 1, ""));
    }

    @Test
    void fieldValuesMayHoldTabsSpacesAndObsText() {
        String head =
                "CONNECT a:1 HTTP/1.1\r\nX-A: one\ttwo  three\r\nX-B: caf\u00e9 \u0080\u00ff\r\nX-C:\r\nX-D: \t \r\n\r\n";
        assertStreamDecodes(DECODER, bytes(head), connect(HostPort.ofName("a", 1)));
    }

    @Test
    void tokenCharactersInNames() {
        assertStreamDecodes(
                DECODER,
                bytes("CONNECT a:1 HTTP/1.1\r\n!#$%&'*+-.^_`|~09AZaz: v\r\n\r\n"),
                connect(HostPort.ofName("a", 1)));
    }

    /**
     * RFC 9112 section 2.2 lets a recipient take a bare LF as a line end; scripts and hand-typed
     * requests ({@code printf 'CONNECT ...\n\n' | nc}) send them.
     */
    @Test
    void bareLfLineEnds() {
        assertStreamDecodes(
                DECODER,
                bytes("CONNECT a.example:80 HTTP/1.1\nHost: a.example\nProxy-Authorization: Basic eA==\n\n"),
                new HttpConnectRequest("CONNECT", HostPort.ofName("a.example", 80), 1, "Basic eA=="));
        assertStreamDecodes(DECODER, bytes("CONNECT a:1 HTTP/1.1\r\nHost: a\n\r\n"), connect(HostPort.ofName("a", 1)));
        assertStreamDecodes(
                DECODER,
                bytes("CONNECT a:1 HTTP/1.0\n\r\n"),
                new HttpConnectRequest("CONNECT", HostPort.ofName("a", 1), 0, null));
    }

    /** Bytes after the empty line are the client's first tunnel bytes, not part of the head. */
    @Test
    void earlyDataStaysInTheBuffer() {
        byte[] head = bytes("CONNECT a.example:443 HTTP/1.1\r\nHost: a.example:443\r\n\r\n");
        byte[] early = {0x16, 0x03, 0x01, 0x02, 0x00, '\r', '\n', '\r', '\n'};
        IoBuffer buffer = buffer(concat(head, early));
        assertDone(DECODER, buffer, head.length, connect(HostPort.ofName("a.example", 443)));
        assertEquals(early.length, buffer.remaining());
        for (byte b : early) {
            assertEquals(b, buffer.get());
        }
    }

    /** A client must not be able to make the server wait for a request that can only be refused. */
    @Test
    void otherMethodsFailAsSoonAsTheRequestLineIsComplete() {
        for (String line : new String[] {
            "GET http://a.example/ HTTP/1.1\r\n",
            "GET / HTTP/1.1\n",
            "POST /x HTTP/1.0\r\n",
            "OPTIONS * HTTP/1.1\r\n",
            "connect a.example:443 HTTP/1.1\r\n",
            "CONNECTX a.example:443 HTTP/1.1\r\n",
            "HEAD / HTTP/1.1\r\n\r\n",
            // Nothing after a rejected request line is parsed (RFC 9931).
            "GET / HTTP/1.1\r\n\u0000\u0001garbage"
        }) {
            assertFails(DECODER, bytes(line), Reason.METHOD_NOT_ALLOWED);
        }
        assertNeedsMore(DECODER, bytes("GET / HTTP/1.1"));
        assertNeedsMore(DECODER, bytes("GET / HTTP/1.1\r"));
    }

    @Test
    void methodNameIsInTheDetailOnlyWhenShort() {
        DecodeFailure get = assertFails(DECODER, bytes("GET / HTTP/1.1\r\n"), Reason.METHOD_NOT_ALLOWED);
        assertTrue(get.detail().contains("GET"), get.detail());
        DecodeFailure longMethod =
                assertFails(DECODER, bytes("SECRETMETHODNAMEXYZ / HTTP/1.1\r\n"), Reason.METHOD_NOT_ALLOWED);
        assertFalse(longMethod.detail().contains("SECRET"), longMethod.detail());
    }

    /** The HTTP/2 connection preface and other versions get 400, before the method is looked at. */
    @Test
    void otherVersionsAreMalformed() {
        assertMalformed("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        // Refused at the first byte that cannot be HTTP/1.x, without waiting for the line end.
        assertMalformed("PRI * HTTP/2");
        assertMalformed("CONNECT a:1 HTTP/1.2\r\n\r\n");
        assertMalformed("CONNECT a:1 HTTP/1.10\r\n\r\n");
        assertMalformed("CONNECT a:1 HTTP/3\r\n\r\n");
        assertMalformed("CONNECT a:1 HTTP/0.9\r\n\r\n");
        assertMalformed("CONNECT a:1 http/1.1\r\n\r\n");
        assertMalformed("CONNECT a:1 HTTP/1.1 \r\n\r\n");
        assertMalformed("CONNECT a:1 HTTP/1.\r\n\r\n");
        assertMalformed("CONNECT a:1\r\n\r\n");
        assertMalformed("GET /\r\n");
    }

    @Test
    void malformedRequestLines() {
        assertMalformed("CONNECT  a:1 HTTP/1.1\r\n\r\n");
        assertMalformed("CONNECT a:1  HTTP/1.1\r\n\r\n");
        assertMalformed(" CONNECT a:1 HTTP/1.1\r\n\r\n");
        assertMalformed("CONNECT\ta:1 HTTP/1.1\r\n\r\n");
        assertMalformed("CONNECT a:1\tHTTP/1.1\r\n\r\n");
        // The front-end picks HTTP by an upper-case first byte, so a leading empty line never
        // reaches this decoder from a real client; it is refused rather than skipped.
        assertMalformed("\r\nCONNECT a:1 HTTP/1.1\r\n\r\n");
        assertMalformed("CON(NECT a:1 HTTP/1.1\r\n\r\n");
        assertMalformed("CONNECT\r\n\r\n");
        assertMalformed("\u0000");
        assertMalformed("CONNECT a\u0000:1 HTTP/1.1\r\n\r\n");
        assertMalformed("CONNECT a\u007f:1 HTTP/1.1\r\n\r\n");
        assertMalformed("CONNECT a\u0080:1 HTTP/1.1\r\n\r\n");
        assertMalformed("CONNECT a:1 HTTP/1.1\rX\r\n\r\n");
        assertMalformed("GET / HTTP/1.1\r\r\n");
        // Each is refused as soon as the offending byte arrives.
        assertMalformed("CONNECT a\u0000");
        assertMalformed("CONNECT a:1 HTTP/1.1\rX");
    }

    @Test
    void targetsWithoutAValidPort() {
        for (String target : new String[] {
            "a.example",
            "a.example:",
            "a.example:0",
            "a.example:65536",
            "a.example:99999",
            "a.example:100000",
            "a.example:+80",
            "a.example:-1",
            "a.example:8a",
            "a.example:0x50",
            "192.0.2.1",
            "[::1]",
            "[::1]:"
        }) {
            assertMalformedTarget(target);
        }
    }

    @Test
    void targetsThatAreNotAuthorityForm() {
        for (String target : new String[] {
            "http://a.example:443",
            "https://a.example:443/",
            "user@a.example:443",
            "user:pw@a.example:443",
            "a.example:443/path",
            "/",
            "*",
            "a.example/:443",
            "a?b:443",
            "a#b:443",
            "a[b:443",
            "a]b:443",
            ":443",
            "::1:443",
            "2001:db8::1:443"
        }) {
            assertMalformedTarget(target);
        }
    }

    @Test
    void nameOf256BytesIsMalformed() {
        assertMalformedTarget("n".repeat(256) + ":80");
    }

    /**
     * A host that ends in a number (WHATWG URL "ends in a number": the last label all digits, or
     * 0x and hex digits) is meant as an IPv4 address; unless it is a strict dotted quad it is
     * refused, so no resolver ever sees {@code 10.0.0.256} and no inet_aton legacy form ({@code
     * 127.1}, {@code 0x7f000001}, {@code 010.0.0.1} octal) can reach an address the rules did not
     * see spelled out.
     */
    @Test
    void numericHostsThatAreNotDottedQuads() {
        for (String host : new String[] {
            "10.0.0.256",
            "1.2.3",
            "127.1",
            "1",
            "2130706433",
            "0x7f000001",
            "0x7f.0.0.1",
            "127.0.0.0x1",
            "010.0.0.1",
            "01.2.3.4",
            "1.2.3.04",
            "1.2.3.4.",
            "1.2.3.4.5",
            "1..2.3",
            ".1.2.3",
            "foo.123",
            "example.0x1f",
            "example.0X",
            "256.1.1.1",
            "1.2.3.1000"
        }) {
            assertMalformedTarget(host + ":80");
        }
    }

    @Test
    void malformedIpv6Literals() {
        for (String target : new String[] {
            "[1.2.3.4]:80",
            "[::1%eth0]:80",
            "[fe80::1%25eth0]:80",
            "[g::1]:80",
            // No colon: the JDK would take this for a name and look it up.
            "[abc]:80",
            "[]:80",
            "[::1:80",
            "[::1]443",
            "[::1]]:80",
            "[[::1]:80",
            "[1:2:3:4:5:6:7:8:9]:80",
            "[12345::1]:80",
            "[:::]:80",
            "[1::2::3]:80",
            "[::1]x:80",
            "[" + "0:".repeat(30) + ":1]:80",
            "a[::1]:80"
        }) {
            assertMalformedTarget(target);
        }
    }

    @Test
    void malformedHeaderFields() {
        String line = "CONNECT a:1 HTTP/1.1\r\n";
        for (String fields : new String[] {
            // obs-fold, and whitespace between the request line and the first field
            "Host: a\r\n continued\r\n\r\n",
            "Host: a\r\n\tcontinued\r\n\r\n",
            " Host: a\r\n\r\n",
            "Host : a\r\n\r\n",
            "Host\t: a\r\n\r\n",
            "Host\r\n\r\n",
            "Host\n\n",
            ": a\r\n\r\n",
            "Ho(st: a\r\n\r\n",
            "Ho\u00e9st: a\r\n\r\n",
            "X: a\u0000b\r\n\r\n",
            "X: a\u0001\r\n\r\n",
            "X: a\u001fb\r\n\r\n",
            "X: a\u007fb\r\n\r\n",
            "X: a\rb\r\n\r\n",
            "X: a\r\r\n\r\n",
            "\r\r\n",
            "\rX",
            // Refused when the offending byte arrives, with the line still open.
            "X: a\u0000"
        }) {
            assertMalformed(line + fields);
        }
    }

    @Test
    void obsFoldIsNamedInTheDetail() {
        DecodeFailure failure =
                assertFails(DECODER, bytes("CONNECT a:1 HTTP/1.1\r\nX: a\r\n b\r\n\r\n"), Reason.MALFORMED);
        assertTrue(failure.detail().contains("obs-fold"), failure.detail());
    }

    /** Two credentials would leave it open which one was checked. */
    @Test
    void twoProxyAuthorizationFieldsAreMalformed() {
        assertMalformed("CONNECT a:1 HTTP/1.1\r\nProxy-Authorization: Basic eA==\r\n"
                + "PROXY-AUTHORIZATION: Basic eQ==\r\n\r\n");
        assertMalformed("CONNECT a:1 HTTP/1.1\r\nProxy-Authorization: Basic eA==\r\nProxy-Authorization:\r\n\r\n");
    }

    /** Fields that only start like Proxy-Authorization are other fields. */
    @Test
    void similarNamesAreNotProxyAuthorization() {
        assertStreamDecodes(
                DECODER,
                bytes("CONNECT a:1 HTTP/1.1\r\nProxy-Authorizatio: x\r\nProxy-Authorization2: y\r\n"
                        + "Authorization: z\r\n\r\n"),
                connect(HostPort.ofName("a", 1)));
    }

    @Test
    void headOfExactlyTheLimitIsAccepted() {
        HttpConnectRequestDecoder decoder = new HttpConnectRequestDecoder(64);
        String prefix = "CONNECT a:1 HTTP/1.1\r\nX: ";
        String head = prefix + "v".repeat(64 - prefix.length() - 4) + "\r\n\r\n";
        assertEquals(64, head.length());
        assertStreamDecodes(decoder, bytes(head), connect(HostPort.ofName("a", 1)));
    }

    /** NeedMore is never the answer once the limit is reached: the buffer a peer can fill is bounded. */
    @Test
    void headOverTheLimitFailsAsSoonAsTheLimitIsReached() {
        HttpConnectRequestDecoder decoder = new HttpConnectRequestDecoder(64);
        String prefix = "CONNECT a:1 HTTP/1.1\r\nX: ";
        String head = prefix + "v".repeat(64 - prefix.length() - 3) + "\r\n\r\n";
        assertEquals(65, head.length());
        assertFails(decoder, bytes(head), Reason.HEADER_TOO_LARGE);
        assertFails(decoder, bytes(head.substring(0, 64)), Reason.HEADER_TOO_LARGE);
        assertNeedsMore(decoder, bytes(head.substring(0, 63)));
    }

    @Test
    void requestLineOverTheLimit() {
        HttpConnectRequestDecoder decoder = new HttpConnectRequestDecoder(64);
        assertFails(decoder, bytes("CONNECT " + "a".repeat(56)), Reason.HEADER_TOO_LARGE);
        assertFails(decoder, bytes("GET /" + "a".repeat(100)), Reason.HEADER_TOO_LARGE);
        assertNeedsMore(decoder, bytes("GET /" + "a".repeat(58)));
    }

    @Test
    void defaultLimit() {
        assertEquals(16384, HttpConnectRequestDecoder.DEFAULT_MAX_HEADER_BYTES);
        String prefix = "CONNECT a:1 HTTP/1.1\r\nX: ";
        String exact = prefix + "v".repeat(16384 - prefix.length() - 4) + "\r\n\r\n";
        assertDone(DECODER, buffer(bytes(exact)), 16384, connect(HostPort.ofName("a", 1)));
        assertNeedsMore(DECODER, bytes(exact.substring(0, 16383)));
        assertFails(DECODER, bytes(exact.substring(0, 16384 - 4) + "v\r\n\r\n"), Reason.HEADER_TOO_LARGE);
        assertEquals(16384, new HttpConnectRequestDecoder(16384).maxHeaderBytes());
    }

    @Test
    void atMostAHundredFields() {
        String hundred = "CONNECT a:1 HTTP/1.1\r\n" + "X: v\r\n".repeat(100);
        assertStreamDecodes(DECODER, bytes(hundred + "\r\n"), connect(HostPort.ofName("a", 1)));
        assertFails(DECODER, bytes(hundred + "X: v\r\n\r\n"), Reason.HEADER_TOO_LARGE);
        // Refused when the 101st field is complete, before the head ends.
        assertFails(DECODER, bytes(hundred + "X: v\r\n"), Reason.HEADER_TOO_LARGE);
    }

    @Test
    void limitMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new HttpConnectRequestDecoder(0));
        assertThrows(IllegalArgumentException.class, () -> new HttpConnectRequestDecoder(-1));
    }

    /** Details go to logs: positions, lengths and byte values, never what the client wrote. */
    @Test
    void detailsNeverEchoTargetsValuesOrCredentials() {
        String auth = "Proxy-Authorization: Basic c2VjcmV0OnNlY3JldA==\r\n";
        String[][] cases = {
            {"CONNECT secret.example HTTP/1.1\r\n\r\n", "MALFORMED"},
            {"CONNECT secret.example:99999 HTTP/1.1\r\n\r\n", "MALFORMED"},
            {"CONNECT user@secret.example:443 HTTP/1.1\r\n\r\n", "MALFORMED"},
            {"CONNECT 10.0.0.256:443 HTTP/1.1\r\n\r\n", "MALFORMED"},
            {"CONNECT [secret::1]:443 HTTP/1.1\r\n\r\n", "MALFORMED"},
            {"CONNECT secret\u0000 HTTP/1.1\r\n\r\n", "MALFORMED"},
            {"CONNECT a:1 HTTP/1.1\r\n" + auth + auth + "\r\n", "MALFORMED"},
            {"CONNECT a:1 HTTP/1.1\r\nX-Secret: secret\u0001\r\n\r\n", "MALFORMED"},
            {"CONNECT a:1 HTTP/1.1\r\nX-Secret: secret\r\n secret\r\n\r\n", "MALFORMED"},
            {"CONNECT a:1 HTTP/1.1\r\nSecret(: secret\r\n\r\n", "MALFORMED"},
            {"CONNECT a:1 HTTP/1.1\r\n" + auth + "X: " + "secret".repeat(3000), "HEADER_TOO_LARGE"},
            {"GET http://secret.example/ HTTP/1.1\r\n", "METHOD_NOT_ALLOWED"}
        };
        for (String[] c : cases) {
            DecodeFailure failure = assertFails(DECODER, bytes(c[0]), Reason.valueOf(c[1]));
            String detail = failure.detail().toLowerCase(Locale.ROOT);
            assertFalse(detail.contains("secret"), failure.detail());
            assertFalse(detail.contains("c2vj"), failure.detail());
            assertFalse(detail.contains("10.0.0"), failure.detail());
        }
    }

    /** Heads in a direct or a read-only buffer, which have no accessible array, decode the same. */
    @Test
    void buffersWithoutAnArray() {
        byte[] head = bytes("CONNECT a.example:443 HTTP/1.1\r\nProxy-Authorization: Basic eA==\r\n\r\nEARLY");
        HttpConnectRequest expected =
                new HttpConnectRequest("CONNECT", HostPort.ofName("a.example", 443), 1, "Basic eA==");
        IoBuffer direct = IoBuffer.allocate(head.length + 3, true);
        direct.put(new byte[] {9, 9, 9}).put(head).flip().position(3);
        IoBuffer readOnly = IoBuffer.wrap(concat(new byte[] {9, 9, 9}, head))
                .asReadOnlyBuffer()
                .position(3);
        for (IoBuffer buffer : new IoBuffer[] {direct, readOnly}) {
            DecodeResult<HttpConnectRequest> result = DECODER.decode(buffer);
            assertEquals(DecodeResult.done(expected), result);
            assertEquals(head.length - 5 + 3, buffer.position());
        }
        IoBuffer partial = IoBuffer.wrap(head, 0, 20).asReadOnlyBuffer();
        assertInstanceOf(DecodeResult.NeedMore.class, DECODER.decode(partial));
        assertEquals(0, partial.position());
    }

    @Test
    void toStringHidesTheCredentials() {
        HttpConnectRequest request =
                new HttpConnectRequest("CONNECT", HostPort.ofName("a.example", 443), 1, "Basic c2VjcmV0OnNlY3JldA==");
        assertFalse(request.toString().contains("c2VjcmV0"), request.toString());
        assertTrue(request.toString().contains("a.example:443"), request.toString());
        assertNull(connect(HostPort.ofName("a", 1)).proxyAuthorization());
    }

    @Test
    void requestRecordIsConsistent() {
        HostPort target = HostPort.ofName("a", 1);
        assertThrows(IllegalArgumentException.class, () -> new HttpConnectRequest("CONNECT", null, 1, null));
        assertThrows(IllegalArgumentException.class, () -> new HttpConnectRequest("GET", target, 1, null));
        assertThrows(IllegalArgumentException.class, () -> new HttpConnectRequest("CONNECT", target, 2, null));
        assertThrows(NullPointerException.class, () -> new HttpConnectRequest(null, null, 1, null));
        assertNull(new HttpConnectRequest("GET", null, 0, null).target());
        assertTrue(connect(target).isConnect());
    }
}
