package io.socksgate.protocol.http;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * RFC 7617 Basic credentials, as a client sends them in {@code Proxy-Authorization} after a 407
 * that announced {@code charset="UTF-8"}.
 *
 * <p>The password is a {@code char[]}, copied in and out (callers wipe their copies, and {@link
 * #clear()} wipes this one), kept out of {@link #toString()}, and compared by content.
 *
 * @param username the user-id, without control characters, possibly empty (refusing an empty one
 *     is the authenticator's decision, as with RFC 1929)
 * @param password the password; {@link #password()} returns a copy
 */
public record BasicCredentials(String username, char[] password) {

    private static final String SCHEME = "basic";

    public BasicCredentials {
        Objects.requireNonNull(username, "username");
        password = Objects.requireNonNull(password, "password").clone();
    }

    /**
     * The credentials in a {@code Proxy-Authorization} value, or {@code null} when it is absent or
     * is not well-formed Basic credentials:
     *
     * <ul>
     *   <li>the scheme {@code Basic} in any case, one or more spaces, then a token68 in base64's
     *       standard alphabet; missing padding is tolerated, wrong padding is not (see {@link
     *       Base64Token}); whitespace around the whole value is ignored, anything after the token
     *       is refused;
     *   <li>the decoded bytes must be UTF-8 (RFC 7617 section 2.1), split at the first colon into
     *       user-id and password (a user-id cannot hold a colon, a password can);
     *   <li>neither may hold a control character (RFC 7617 section 2).
     * </ul>
     *
     * Every intermediate copy of the secret is wiped before returning.
     */
    public static BasicCredentials parse(String headerValue) {
        if (headerValue == null) {
            return null;
        }
        int from = 0;
        int to = headerValue.length();
        while (from < to && isOws(headerValue.charAt(from))) {
            from++;
        }
        while (to > from && isOws(headerValue.charAt(to - 1))) {
            to--;
        }
        if (to - from <= SCHEME.length()
                || !isScheme(headerValue, from)
                || headerValue.charAt(from + SCHEME.length()) != ' ') {
            return null;
        }
        int token = from + SCHEME.length();
        while (token < to && headerValue.charAt(token) == ' ') {
            token++;
        }
        byte[] decoded = Base64Token.decode(headerValue, token, to);
        if (decoded == null) {
            return null;
        }
        try {
            return split(decoded);
        } finally {
            Arrays.fill(decoded, (byte) 0);
        }
    }

    private static BasicCredentials split(byte[] decoded) {
        int colon = 0;
        while (colon < decoded.length && decoded[colon] != ':') {
            colon++;
        }
        if (colon == decoded.length) {
            return null;
        }
        // A colon byte is never part of a multi-byte UTF-8 sequence, so splitting before decoding
        // is the same as after.
        char[] user = utf8(decoded, 0, colon);
        char[] password = utf8(decoded, colon + 1, decoded.length);
        try {
            if (user == null || password == null || hasControl(user) || hasControl(password)) {
                return null;
            }
            return new BasicCredentials(new String(user), password);
        } finally {
            wipe(user);
            wipe(password);
        }
    }

    /** Strict UTF-8 without exceptions: the chars, or {@code null} for bytes that are not UTF-8. */
    private static char[] utf8(byte[] bytes, int from, int to) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        // UTF-8 never needs more chars than bytes.
        CharBuffer chars = CharBuffer.allocate(to - from);
        try {
            CoderResult result = decoder.decode(ByteBuffer.wrap(bytes, from, to - from), chars, true);
            if (result.isError() || decoder.flush(chars).isError()) {
                return null;
            }
            return Arrays.copyOf(chars.array(), chars.position());
        } finally {
            Arrays.fill(chars.array(), '\0');
        }
    }

    private static boolean hasControl(char[] chars) {
        for (char c : chars) {
            if (Character.isISOControl(c)) {
                return true;
            }
        }
        return false;
    }

    /** ASCII case-insensitive, so no Unicode case folding lets a lookalike pass for the scheme. */
    private static boolean isScheme(String value, int from) {
        for (int i = 0; i < SCHEME.length(); i++) {
            char c = value.charAt(from + i);
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != SCHEME.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }

    private static void wipe(char[] chars) {
        if (chars != null) {
            Arrays.fill(chars, '\0');
        }
    }

    /** A copy of the password, which the caller should wipe when done with it. */
    @Override
    public char[] password() {
        return password.clone();
    }

    /** Wipes the password held by this object. */
    public void clear() {
        Arrays.fill(password, '\0');
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BasicCredentials that
                && username.equals(that.username)
                && Arrays.equals(password, that.password);
    }

    @Override
    public int hashCode() {
        return 31 * username.hashCode() + Arrays.hashCode(password);
    }

    /** Shows the user name only: credentials end up in logs and exception messages. */
    @Override
    public String toString() {
        return "BasicCredentials[username=" + username + ", password=***]";
    }
}
