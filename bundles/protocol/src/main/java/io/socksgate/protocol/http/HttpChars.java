package io.socksgate.protocol.http;

/**
 * The byte classes of HTTP/1.1 syntax (RFC 9110 section 5.6.2, RFC 9112 section 3), as one
 * table lookup per byte so the head scanners need neither chains of comparisons nor regexes.
 */
final class HttpChars {

    private static final int TCHAR = 1;
    private static final int VCHAR = 2;
    private static final int FIELD_VALUE = 4;
    private static final int DIGIT = 8;
    private static final int HEX = 16;

    private static final byte[] CLASSES = new byte[256];

    static {
        for (int b = 0x21; b <= 0x7E; b++) {
            CLASSES[b] |= VCHAR | FIELD_VALUE;
        }
        // obs-text is allowed in field values (a recipient must not reject it), and HT and SP are
        // the only other bytes a value may hold.
        for (int b = 0x80; b <= 0xFF; b++) {
            CLASSES[b] |= FIELD_VALUE;
        }
        CLASSES['\t'] |= FIELD_VALUE;
        CLASSES[' '] |= FIELD_VALUE;
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            CLASSES[c] |= TCHAR;
        }
        for (int b = '0'; b <= '9'; b++) {
            CLASSES[b] |= TCHAR | DIGIT | HEX;
        }
        for (int b = 'A'; b <= 'Z'; b++) {
            CLASSES[b] |= TCHAR;
            CLASSES[b + ('a' - 'A')] |= TCHAR;
        }
        for (int b = 'A'; b <= 'F'; b++) {
            CLASSES[b] |= HEX;
            CLASSES[b + ('a' - 'A')] |= HEX;
        }
    }

    private HttpChars() {}

    /** A byte of a token: a method, a field name (RFC 9110 section 5.6.2). */
    static boolean isTchar(byte b) {
        return (CLASSES[b & 0xFF] & TCHAR) != 0;
    }

    /** A visible ASCII byte, 0x21 to 0x7E: what a request-target is made of. */
    static boolean isVchar(byte b) {
        return (CLASSES[b & 0xFF] & VCHAR) != 0;
    }

    /** A byte a field value or a reason phrase may hold: HT, SP, VCHAR and obs-text. */
    static boolean isFieldValue(byte b) {
        return (CLASSES[b & 0xFF] & FIELD_VALUE) != 0;
    }

    static boolean isDigit(byte b) {
        return (CLASSES[b & 0xFF] & DIGIT) != 0;
    }

    static boolean isHex(byte b) {
        return (CLASSES[b & 0xFF] & HEX) != 0;
    }

    /** SP or HT, the whitespace around a field value (OWS). */
    static boolean isOws(byte b) {
        return b == ' ' || b == '\t';
    }
}
