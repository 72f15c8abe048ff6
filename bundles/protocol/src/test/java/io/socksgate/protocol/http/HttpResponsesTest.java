package io.socksgate.protocol.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.mina.core.buffer.IoBuffer;
import org.junit.jupiter.api.Test;

/** What the HTTP CONNECT front-end answers (RFC 9110 sections 9.3.6 and 15, RFC 9931). */
class HttpResponsesTest {

    private static final Map<Integer, String> ERRORS = Map.of(
            400, "Bad Request",
            403, "Forbidden",
            405, "Method Not Allowed",
            431, "Request Header Fields Too Large",
            502, "Bad Gateway",
            503, "Service Unavailable",
            504, "Gateway Timeout");

    /** The buffer's bytes from its position, without moving it; ISO-8859-1 keeps every byte. */
    static String text(IoBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Test
    void established() {
        IoBuffer buffer = HttpResponses.established();
        assertEquals(0, buffer.position());
        assertEquals("HTTP/1.1 200 Connection established\r\n\r\n", text(buffer));
    }

    @Test
    void forbiddenExactly() {
        assertEquals(
                "HTTP/1.1 403 Forbidden\r\n"
                        + "Content-Type: text/plain\r\n"
                        + "Content-Length: 14\r\n"
                        + "Connection: close\r\n"
                        + "\r\n"
                        + "403 Forbidden\n",
                text(HttpResponses.error(403)));
    }

    /** Every refusal says how long it is and that the connection closes after it (RFC 9931). */
    @Test
    void everyErrorHasLengthCloseAndAShortBody() {
        ERRORS.forEach((status, reason) -> {
            String body = status + " " + reason + "\n";
            String allow = status == 405 ? "Allow: CONNECT\r\n" : "";
            assertEquals(
                    "HTTP/1.1 " + status + " " + reason + "\r\n"
                            + allow
                            + "Content-Type: text/plain\r\n"
                            + "Content-Length: " + body.length() + "\r\n"
                            + "Connection: close\r\n"
                            + "\r\n"
                            + body,
                    text(HttpResponses.error(status)),
                    "status " + status);
            assertEquals(reason, HttpResponses.reasonPhrase(status));
        });
    }

    @Test
    void onlyTheFrontEndsErrorStatuses() {
        for (int status : new int[] {200, 407, 404, 500, 99, 600, -1}) {
            assertThrows(IllegalArgumentException.class, () -> HttpResponses.error(status), "status " + status);
        }
    }

    @Test
    void proxyAuthRequired() {
        assertEquals(
                "HTTP/1.1 407 Proxy Authentication Required\r\n"
                        + "Proxy-Authenticate: Basic realm=\"Socksgate\", charset=\"UTF-8\"\r\n"
                        + "Content-Type: text/plain\r\n"
                        + "Content-Length: 34\r\n"
                        + "Connection: close\r\n"
                        + "\r\n"
                        + "407 Proxy Authentication Required\n",
                text(HttpResponses.proxyAuthRequired("Socksgate")));
    }

    /** A realm is a quoted-string (RFC 9110 section 5.6.4): quotes and backslashes are escaped. */
    @Test
    void realmIsQuoted() {
        assertTrue(text(HttpResponses.proxyAuthRequired("a \"b\" \\c\td"))
                .contains("Proxy-Authenticate: Basic realm=\"a \\\"b\\\" \\\\c\td\", charset=\"UTF-8\"\r\n"));
        assertTrue(text(HttpResponses.proxyAuthRequired("")).contains("realm=\"\""));
        // Non-ASCII is sent as UTF-8 (obs-text inside the quotes).
        String header = text(HttpResponses.proxyAuthRequired("Z\u00fcrich"));
        assertTrue(header.contains("realm=\"Z\u00c3\u00bcrich\""), header);
        // The last realm is cached; a different one must not get the cached answer.
        assertTrue(text(HttpResponses.proxyAuthRequired("one")).contains("realm=\"one\""));
        assertTrue(text(HttpResponses.proxyAuthRequired("two")).contains("realm=\"two\""));
        assertTrue(text(HttpResponses.proxyAuthRequired("two")).contains("realm=\"two\""));
    }

    /** A realm that could end the header line would let the configuration inject header fields. */
    @Test
    void realmWithControlCharactersIsRefused() {
        for (String realm : new String[] {"a\r\nX-Injected: 1", "a\nb", "a\rb", "a\u0000", "a\u007f", "\u0085"}) {
            assertFalse(HttpResponses.isValidRealm(realm), realm);
            assertThrows(IllegalArgumentException.class, () -> HttpResponses.proxyAuthRequired(realm));
        }
        assertThrows(NullPointerException.class, () -> HttpResponses.proxyAuthRequired(null));
        assertTrue(HttpResponses.isValidRealm("Socksgate proxy \"main\" \\ \t \u00e9"));
    }

    /** MINA reads the buffer it is given, and may recycle it: each call needs its own. */
    @Test
    void eachCallReturnsAFreshBuffer() {
        IoBuffer first = HttpResponses.error(403);
        IoBuffer second = HttpResponses.error(403);
        assertNotSame(first, second);
        first.put(0, (byte) 'X');
        first.position(first.limit());
        assertEquals(0, second.position());
        assertTrue(text(second).startsWith("HTTP/1.1 403"));
        assertTrue(text(HttpResponses.error(403)).startsWith("HTTP/1.1 403"));

        IoBuffer established = HttpResponses.established();
        established.put(0, (byte) 'X');
        assertTrue(text(HttpResponses.established()).startsWith("HTTP/1.1 200"));

        IoBuffer auth = HttpResponses.proxyAuthRequired("r");
        auth.put(0, (byte) 'X');
        assertTrue(text(HttpResponses.proxyAuthRequired("r")).startsWith("HTTP/1.1 407"));
    }

    @Test
    void reasonPhrases() {
        assertEquals("OK", HttpResponses.reasonPhrase(200));
        assertEquals("Proxy Authentication Required", HttpResponses.reasonPhrase(407));
        assertEquals("Not Found", HttpResponses.reasonPhrase(404));
        assertEquals("Too Many Requests", HttpResponses.reasonPhrase(429));
        assertEquals("Internal Server Error", HttpResponses.reasonPhrase(500));
        // A status without a registered phrase has an empty one, which RFC 9112 allows.
        assertEquals("", HttpResponses.reasonPhrase(499));
        assertThrows(IllegalArgumentException.class, () -> HttpResponses.reasonPhrase(99));
        assertThrows(IllegalArgumentException.class, () -> HttpResponses.reasonPhrase(600));
    }
}
