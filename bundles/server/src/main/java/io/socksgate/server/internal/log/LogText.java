package io.socksgate.server.internal.log;

/**
 * Makes client-supplied text safe for one log line. Everything but printable ASCII is escaped
 * ({@code \xNN}, {@code \\uNNNN}), and so are the characters a parser splits on: the quote,
 * the backslash and {@code |}, Karaf's field separator. A client can then neither end the line,
 * nor close a quoted field early, nor start a field of its own, nor hide text behind terminal
 * or bidirectional control characters.
 */
public final class LogText {

    /** Appended after the closing quote when {@link #quoted} had to cut the text. */
    static final String TRUNCATED = "(truncated)";

    private LogText() {}

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            out.append(escape(text.charAt(i)));
        }
        return out.toString();
    }

    /**
     * The escaped text in double quotes, cut to at most {@code maxChars} characters between the
     * quotes (never inside an escape), followed by {@link #TRUNCATED} when it was cut. Nothing
     * the client sent can appear after the closing quote.
     */
    public static String quoted(String text, int maxChars) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars) + 2 + TRUNCATED.length());
        out.append('"');
        int length = 0;
        for (int i = 0; i < text.length(); i++) {
            String escaped = escape(text.charAt(i));
            if (length + escaped.length() > maxChars) {
                return out.append('"').append(TRUNCATED).toString();
            }
            out.append(escaped);
            length += escaped.length();
        }
        return out.append('"').toString();
    }

    private static String escape(char c) {
        if (c == '"' || c == '\\') {
            return "\\" + c;
        }
        if (c == '|') {
            return "\\x7c";
        }
        if (c >= 0x20 && c < 0x7f) {
            return String.valueOf(c);
        }
        return c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c);
    }
}
