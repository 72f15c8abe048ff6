package io.socksgate.protocol.http;

import static io.socksgate.protocol.DecoderAssertions.assertDone;
import static io.socksgate.protocol.DecoderAssertions.assertFails;
import static io.socksgate.protocol.DecoderAssertions.assertNeedsMore;
import static io.socksgate.protocol.DecoderAssertions.assertStreamDecodes;
import static io.socksgate.protocol.DecoderAssertions.buffer;
import static io.socksgate.protocol.DecoderAssertions.concat;
import static io.socksgate.protocol.DecoderAssertions.ip;
import static io.socksgate.protocol.http.HttpConnectRequestDecoderTest.bytes;
import static io.socksgate.protocol.http.HttpResponsesTest.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.socksgate.api.HostPort;
import io.socksgate.protocol.DecodeFailure.Reason;
import io.socksgate.protocol.DecodeResult;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.mina.core.buffer.IoBuffer;
import org.junit.jupiter.api.Test;

/** The client side, for tests and the upstream dialer: CONNECT requests and response heads. */
class HttpConnectClientTest {

    private static final HttpConnectResponseDecoder DECODER = HttpConnectResponseDecoder.INSTANCE;

    private static HttpConnectResponse response(int status, String reason, String... nameValues) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            headers.put(nameValues[i], nameValues[i + 1]);
        }
        return new HttpConnectResponse(status, reason, headers);
    }

    @Test
    void squidEstablished() {
        assertStreamDecodes(
                DECODER, bytes("HTTP/1.1 200 Connection established\r\n\r\n"), response(200, "Connection established"));
    }

    @Test
    void tinyproxyEstablished() {
        assertStreamDecodes(
                DECODER,
                bytes("HTTP/1.0 200 Connection established\r\nProxy-agent: tinyproxy/1.11.1\r\n\r\n"),
                response(200, "Connection established", "proxy-agent", "tinyproxy/1.11.1"));
    }

    @Test
    void ourOwnAnswersDecode() {
        IoBuffer established = HttpResponses.established();
        assertEquals(response(200, "Connection established"), decodeAll(established));

        for (int status : new int[] {400, 403, 405, 431, 502, 503, 504}) {
            IoBuffer buffer = HttpResponses.error(status);
            String body = status + " " + HttpResponses.reasonPhrase(status) + "\n";
            HttpConnectResponse expected = status == 405
                    ? response(
                            405,
                            "Method Not Allowed",
                            "allow",
                            "CONNECT",
                            "content-type",
                            "text/plain",
                            "content-length",
                            String.valueOf(body.length()),
                            "connection",
                            "close")
                    : response(
                            status,
                            HttpResponses.reasonPhrase(status),
                            "content-type",
                            "text/plain",
                            "content-length",
                            String.valueOf(body.length()),
                            "connection",
                            "close");
            assertEquals(expected, decodeAll(buffer));
            // The body is not part of the head.
            assertEquals(body, text(buffer));
        }

        HttpConnectResponse auth = decodeAll(HttpResponses.proxyAuthRequired("a \"b\""));
        assertEquals(407, auth.status());
        assertEquals(
                "Basic realm=\"a \\\"b\\\"\", charset=\"UTF-8\"", auth.headers().get("proxy-authenticate"));
        assertFalse(auth.isSuccess());
    }

    private static HttpConnectResponse decodeAll(IoBuffer buffer) {
        DecodeResult<HttpConnectResponse> result = DECODER.decode(buffer);
        return ((DecodeResult.Done<HttpConnectResponse>) result).message();
    }

    @Test
    void emptyOrMissingReason() {
        assertStreamDecodes(DECODER, bytes("HTTP/1.1 200 \r\n\r\n"), response(200, ""));
        assertStreamDecodes(DECODER, bytes("HTTP/1.1 200\r\n\r\n"), response(200, ""));
        assertStreamDecodes(
                DECODER, bytes("HTTP/1.1 502 Bad\tGateway \u00e9\n\n"), response(502, "Bad\tGateway \u00e9"));
    }

    @Test
    void repeatedFieldsAreCombined() {
        assertStreamDecodes(
                DECODER,
                bytes("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Negotiate\r\n"
                        + "Via: 1.1 a\r\nPROXY-AUTHENTICATE: Basic realm=\"x\"\r\n\r\n"),
                response(
                        407,
                        "Proxy Authentication Required",
                        "proxy-authenticate",
                        "Negotiate, Basic realm=\"x\"",
                        "via",
                        "1.1 a"));
    }

    /** After a 200 the upstream may already send tunnel bytes; they are not part of the head. */
    @Test
    void tunnelBytesStayInTheBuffer() {
        byte[] head = bytes("HTTP/1.1 200 Connection established\r\n\r\n");
        IoBuffer buffer = buffer(concat(head, bytes("SSH-2.0-x\r\n")));
        assertDone(DECODER, buffer, head.length, response(200, "Connection established"));
        assertEquals(11, buffer.remaining());
    }

    @Test
    void malformedStatusLines() {
        for (String head : new String[] {
            "HTTP/2 200 OK\r\n\r\n",
            "HTTP/1.2 200 OK\r\n\r\n",
            "HTTP/1.1 20 OK\r\n\r\n",
            "HTTP/1.1 2000 OK\r\n\r\n",
            "HTTP/1.1 200OK\r\n\r\n",
            "HTTP/1.1 099 x\r\n\r\n",
            "HTTP/1.1 600 x\r\n\r\n",
            "HTTP/1.1  200 OK\r\n\r\n",
            "HTTP/1.1 200 O\u0000K\r\n\r\n",
            "HTTP/1.1 200 OK\rX\r\n\r\n",
            "SSH-2.0-OpenSSH_9.2\r\n",
            "\u0005\u0000",
            "HTTP/1.1 200 OK\r\n folded\r\n\r\n",
            "HTTP/1.1 200 OK\r\nX : y\r\n\r\n",
            "HTTP/1.1 200 OK\r\nX: \u0001\r\n\r\n"
        }) {
            assertFails(DECODER, bytes(head), Reason.MALFORMED);
        }
    }

    @Test
    void headLimit() {
        HttpConnectResponseDecoder decoder = new HttpConnectResponseDecoder(64);
        String head = "HTTP/1.1 200 OK\r\nX: " + "v".repeat(64 - 20 - 4) + "\r\n\r\n";
        assertEquals(64, head.length());
        assertStreamDecodes(decoder, bytes(head), response(200, "OK", "x", "v".repeat(40)));
        String over = "HTTP/1.1 200 OK\r\nX: " + "v".repeat(41) + "\r\n\r\n";
        assertFails(decoder, bytes(over), Reason.HEADER_TOO_LARGE);
        assertFails(decoder, bytes(over.substring(0, 64)), Reason.HEADER_TOO_LARGE);
        assertNeedsMore(decoder, bytes(over.substring(0, 63)));
        assertFails(DECODER, bytes("HTTP/1.1 200 OK\r\n" + "X: v\r\n".repeat(101) + "\r\n"), Reason.HEADER_TOO_LARGE);
    }

    @Test
    void responseRecord() {
        HttpConnectResponse response = response(200, "OK", "a", "1");
        assertTrue(response.isSuccess());
        assertTrue(response(299, "").isSuccess());
        assertFalse(response(300, "").isSuccess());
        assertFalse(response(199, "").isSuccess());
        assertThrows(
                UnsupportedOperationException.class, () -> response.headers().put("b", "2"));
        assertThrows(IllegalArgumentException.class, () -> response(99, ""));
        assertThrows(IllegalArgumentException.class, () -> response(600, ""));
        assertThrows(NullPointerException.class, () -> new HttpConnectResponse(200, null, Map.of()));
    }

    @Test
    void connectRequestWithoutCredentials() {
        assertEquals(
                "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
                text(HttpConnectRequests.connect(HostPort.ofName("example.com", 443), null, null)));
        assertEquals(
                "CONNECT 192.0.2.1:80 HTTP/1.1\r\nHost: 192.0.2.1:80\r\n\r\n",
                text(HttpConnectRequests.connect(HostPort.of(ip("192.0.2.1"), 80), null, null)));
        assertEquals(
                "CONNECT [2001:db8::1]:443 HTTP/1.1\r\nHost: [2001:db8::1]:443\r\n\r\n",
                text(HttpConnectRequests.connect(HostPort.of(ip("2001:db8::1"), 443), null, null)));
    }

    /** A zone is this host's business; the upstream gets the bare address. */
    @Test
    void ipv6ZoneIsNotSent() throws Exception {
        InetAddress scoped =
                java.net.Inet6Address.getByAddress(null, ip("fe80::1").getAddress(), 3);
        assertEquals(
                "CONNECT [fe80::1]:22 HTTP/1.1\r\nHost: [fe80::1]:22\r\n\r\n",
                text(HttpConnectRequests.connect(HostPort.of(scoped, 22), null, null)));
    }

    @Test
    void connectRequestWithCredentials() {
        assertEquals(
                "CONNECT a.example:443 HTTP/1.1\r\nHost: a.example:443\r\n"
                        + "Proxy-Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==\r\n\r\n",
                text(HttpConnectRequests.connect(
                        HostPort.ofName("a.example", 443), "Aladdin", "open sesame".toCharArray())));
    }

    /** What the client encodes, the server decodes to the same target and credentials. */
    @Test
    void roundTripThroughTheServerDecoder() {
        HostPort[] targets = {
            HostPort.ofName("a.example", 443), HostPort.of(ip("192.0.2.1"), 1), HostPort.of(ip("::1"), 65535)
        };
        String[][] credentials = {{"J\u00fcrgen", "p:\u20ac \ud83d\udd11"}, {"", ""}, {"u", "p"}};
        for (HostPort target : targets) {
            for (String[] userPassword : credentials) {
                IoBuffer buffer = HttpConnectRequests.connect(target, userPassword[0], userPassword[1].toCharArray());
                DecodeResult.Done<?> done =
                        assertInstanceOf(DecodeResult.Done.class, HttpConnectRequestDecoder.INSTANCE.decode(buffer));
                assertEquals(0, buffer.remaining());
                HttpConnectRequest request = (HttpConnectRequest) done.message();
                assertEquals(target, request.target());
                assertEquals(1, request.minorVersion());
                assertEquals(
                        new BasicCredentials(userPassword[0], userPassword[1].toCharArray()),
                        BasicCredentials.parse(request.proxyAuthorization()));
            }
            IoBuffer anonymous = HttpConnectRequests.connect(target, null, null);
            assertEquals(
                    DecodeResult.done(new HttpConnectRequest("CONNECT", target, 1, null)),
                    HttpConnectRequestDecoder.INSTANCE.decode(anonymous));
        }
    }

    @Test
    void passwordArrayIsLeftToTheCaller() {
        char[] password = "secret".toCharArray();
        HttpConnectRequests.connect(HostPort.ofName("a", 1), "u", password);
        assertEquals("secret", new String(password));
    }

    @Test
    void refusesWhatCannotBeSent() {
        HostPort target = HostPort.ofName("a.example", 443);
        char[] pw = "p".toCharArray();
        assertThrows(IllegalArgumentException.class, () -> HttpConnectRequests.connect(target, "u:v", pw));
        assertThrows(IllegalArgumentException.class, () -> HttpConnectRequests.connect(target, "u\nX: y", pw));
        assertThrows(
                IllegalArgumentException.class, () -> HttpConnectRequests.connect(target, "u", "p\r\n".toCharArray()));
        assertThrows(
                IllegalArgumentException.class, () -> HttpConnectRequests.connect(target, "u", new char[] {'\ud800'}));
        assertThrows(IllegalArgumentException.class, () -> HttpConnectRequests.connect(target, "u", null));
        assertThrows(IllegalArgumentException.class, () -> HttpConnectRequests.connect(target, null, pw));
        assertThrows(NullPointerException.class, () -> HttpConnectRequests.connect(null, null, null));
    }

    /**
     * A name an HTTP proxy would read differently from how the rules read it is refused: the
     * upstream might take {@code evil@allowed.example} as userinfo and connect to a host the rules
     * never matched, or resolve {@code 127.1} to an address they never saw.
     */
    @Test
    void refusesTargetsThatTheServerDecoderWouldRefuse() {
        for (String name : new String[] {
            "a b",
            "a\u00e9",
            "evil@allowed.example",
            "a/b",
            "a?b",
            "a#b",
            "a:b",
            "[::1]",
            "127.1",
            "10.0.0.256",
            "0x7f000001"
        }) {
            HostPort target = HostPort.ofName(name, 443);
            assertFalse(HttpConnectRequests.isValidTarget(target), name);
            assertThrows(IllegalArgumentException.class, () -> HttpConnectRequests.connect(target, null, null), name);
        }
        assertFalse(HttpConnectRequests.isValidTarget(HostPort.ofName("a.example", 0)));
        assertFalse(HttpConnectRequests.isValidTarget(HostPort.of(ip("192.0.2.1"), 0)));
        assertTrue(HttpConnectRequests.isValidTarget(HostPort.ofName("a.example", 1)));
        assertTrue(HttpConnectRequests.isValidTarget(HostPort.of(ip("::1"), 1)));
    }
}
