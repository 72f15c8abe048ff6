package io.socksgate.protocol.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** RFC 7617 Basic credentials from a Proxy-Authorization value. */
class BasicCredentialsTest {

    private static BasicCredentials credentials(String username, String password) {
        return new BasicCredentials(username, password.toCharArray());
    }

    /** "Basic " and the standard base64 of raw bytes, built independently of the parser. */
    private static String basic(byte[] userPass) {
        return "Basic " + Base64.getEncoder().encodeToString(userPass);
    }

    private static String basic(String userPass) {
        return basic(userPass.getBytes(StandardCharsets.UTF_8));
    }

    /** RFC 7617 section 2. */
    @Test
    void rfcExample() {
        assertEquals(
                credentials("Aladdin", "open sesame"), BasicCredentials.parse("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="));
    }

    /** RFC 7617 section 2.1: with charset="UTF-8", "test" and "123£". */
    @Test
    void rfcUtf8Example() {
        assertEquals(credentials("test", "123\u00a3"), BasicCredentials.parse("Basic dGVzdDoxMjPCow=="));
        assertEquals(
                credentials("J\u00fcrgen", "\u20ac\ud83d\udd11"),
                BasicCredentials.parse(basic("J\u00fcrgen:\u20ac\ud83d\udd11")));
    }

    @Test
    void schemeIsCaseInsensitiveAndFollowedBySpaces() {
        for (String scheme : new String[] {"Basic ", "basic ", "BASIC ", "bAsIc ", "Basic    "}) {
            assertEquals(credentials("a", "b"), BasicCredentials.parse(scheme + "YTpi"), scheme);
        }
        assertEquals(credentials("a", "b"), BasicCredentials.parse(" \tBasic YTpi \t"));
    }

    @Test
    void splitAtTheFirstColon() {
        assertEquals(credentials("user", "pa:ss:"), BasicCredentials.parse(basic("user:pa:ss:")));
        assertEquals(credentials("user", ""), BasicCredentials.parse(basic("user:")));
        // An empty user name is the authenticator's to refuse, as with RFC 1929.
        assertEquals(credentials("", "pw"), BasicCredentials.parse(basic(":pw")));
        assertEquals(credentials("", ""), BasicCredentials.parse(basic(":")));
        assertNull(BasicCredentials.parse(basic("no colon")));
    }

    /** Missing padding is tolerated, as the bytes are unambiguous; wrong padding is not. */
    @Test
    void padding() {
        assertEquals(credentials("Aladdin", "open sesame"), BasicCredentials.parse("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ"));
        assertEquals(credentials("a", "bc"), BasicCredentials.parse("Basic YTpiYw"));
        assertEquals(credentials("a", "bc"), BasicCredentials.parse("Basic YTpiYw=="));
        assertEquals(credentials("a", "b"), BasicCredentials.parse("Basic YTpi"));
        for (String token : new String[] {
            "QWxhZGRpbjpvcGVuIHNlc2FtZQ=",
            "YTpiYw=",
            "YTpiYw===",
            "YTpi=",
            "YTpi====",
            "YT=pi",
            "=YTpi",
            "YTpiY",
            "=",
            "=="
        }) {
            assertNull(BasicCredentials.parse("Basic " + token), token);
        }
    }

    @Test
    void malformedValues() {
        for (String value : new String[] {
            null,
            "",
            "Basic",
            "Basic ",
            "Basic    ",
            "BasicYTpi",
            "Basic\tYTpi",
            "Basic YTpi extra",
            "Basic YTpi,",
            "Bearer YTpi",
            "Digest username=\"a\"",
            "Basi YTpi",
            "Basicc YTpi",
            // The URL-safe alphabet is not base64's standard one.
            "Basic YT-i",
            "Basic YT_i",
            "Basic YT.i",
            // Non-zero bits after the last byte: not what any encoder writes.
            "Basic YTpiYx==",
            "Basic YR==",
            // Non-ASCII lookalikes of the scheme and of base64 digits.
            "Ba\u017fic YTpi",
            "Basic YTp\u0131"
        }) {
            assertNull(BasicCredentials.parse(value), String.valueOf(value));
        }
    }

    /** RFC 7617 section 2: neither the user-id nor the password contains control characters. */
    @Test
    void controlCharactersAreRefused() {
        for (String userPass : new String[] {
            "a\u0000b:pw",
            "a\tb:pw",
            "a\u001fb:pw",
            "a\u007fb:pw",
            "a\u0085b:pw",
            "ab:p\u0000w",
            "ab:p\nw",
            "ab:p\u007f"
        }) {
            assertNull(BasicCredentials.parse(basic(userPass)), userPass);
        }
    }

    /** charset="UTF-8" was announced: bytes that are not UTF-8 are refused, not replaced. */
    @Test
    void malformedUtf8IsRefused() {
        assertNull(BasicCredentials.parse(basic(new byte[] {'a', (byte) 0xFF, ':', 'p'})));
        assertNull(BasicCredentials.parse(basic(new byte[] {'a', ':', 'p', (byte) 0xC3})));
        assertNull(BasicCredentials.parse(basic(new byte[] {'a', ':', (byte) 0xED, (byte) 0xA0, (byte) 0x80})));
    }

    @Test
    void passwordIsCopiedHiddenAndClearable() {
        char[] secret = "hunter2".toCharArray();
        BasicCredentials credentials = new BasicCredentials("bob", secret);
        secret[0] = 'X';
        assertArrayEquals("hunter2".toCharArray(), credentials.password());
        credentials.password()[0] = 'Y';
        assertArrayEquals("hunter2".toCharArray(), credentials.password());
        assertFalse(credentials.toString().contains("hunter2"), credentials.toString());
        assertEquals(credentials, credentials("bob", "hunter2"));
        assertEquals(credentials.hashCode(), credentials("bob", "hunter2").hashCode());
        assertNotEquals(credentials, credentials("bob", "hunter3"));
        credentials.clear();
        assertArrayEquals(new char[7], credentials.password());
        assertThrows(NullPointerException.class, () -> new BasicCredentials(null, new char[0]));
        assertThrows(NullPointerException.class, () -> new BasicCredentials("a", null));
    }
}
