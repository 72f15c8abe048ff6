package io.socksgate.protocol.http;

import java.util.Arrays;

/**
 * Base64 with the standard alphabet (RFC 4648 section 4) for Basic credentials' token68, written
 * out rather than taken from {@link java.util.Base64} so that no exception is thrown on a peer's
 * bad input and the only copies of the secret are arrays the caller wipes.
 *
 * <p>Decoding is strict except for padding: padding may be missing (the bytes are unambiguous
 * without it), but padding that is present must complete the last group of four; the alphabet
 * is the standard one only, no whitespace, and the bits after the last byte must be zero.
 */
final class Base64Token {

    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();
    private static final byte[] VALUES = new byte[128];

    static {
        Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUES[ALPHABET[i]] = (byte) i;
        }
    }

    private Base64Token() {}

    /** The bytes {@code text[from, to)} encodes, or {@code null} when it is not strict base64 or empty. */
    static byte[] decode(CharSequence text, int from, int to) {
        int padding = 0;
        while (padding < 2 && to - padding > from && text.charAt(to - 1 - padding) == '=') {
            padding++;
        }
        int dataEnd = to - padding;
        int dataChars = dataEnd - from;
        if (dataChars == 0 || dataChars % 4 == 1 || (padding > 0 && (to - from) % 4 != 0)) {
            return null;
        }
        byte[] bytes = new byte[dataChars * 3 / 4];
        int bits = 0;
        int pending = 0;
        int out = 0;
        for (int i = from; i < dataEnd; i++) {
            char c = text.charAt(i);
            int value = c < 128 ? VALUES[c] : -1;
            if (value < 0) {
                Arrays.fill(bytes, (byte) 0);
                return null;
            }
            bits = (bits << 6 | value) & 0xFFF;
            pending += 6;
            if (pending >= 8) {
                pending -= 8;
                bytes[out++] = (byte) (bits >> pending);
            }
        }
        if ((bits & ((1 << pending) - 1)) != 0) {
            Arrays.fill(bytes, (byte) 0);
            return null;
        }
        return bytes;
    }

    /** {@code bytes} in base64 with padding, as ASCII bytes. */
    static byte[] encode(byte[] bytes) {
        byte[] text = new byte[(bytes.length + 2) / 3 * 4];
        int out = 0;
        for (int i = 0; i < bytes.length; i += 3) {
            int group = (bytes[i] & 0xFF) << 16;
            if (i + 1 < bytes.length) {
                group |= (bytes[i + 1] & 0xFF) << 8;
            }
            if (i + 2 < bytes.length) {
                group |= bytes[i + 2] & 0xFF;
            }
            text[out++] = (byte) ALPHABET[group >> 18 & 0x3F];
            text[out++] = (byte) ALPHABET[group >> 12 & 0x3F];
            text[out++] = i + 1 < bytes.length ? (byte) ALPHABET[group >> 6 & 0x3F] : (byte) '=';
            text[out++] = i + 2 < bytes.length ? (byte) ALPHABET[group & 0x3F] : (byte) '=';
        }
        return text;
    }
}
