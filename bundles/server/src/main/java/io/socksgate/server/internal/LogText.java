package io.socksgate.server.internal;

/**
 * Makes client-supplied text safe for one log line: quotes, backslashes, spaces in odd places and
 * control characters become escapes, so a user name can neither forge a line nor break a parser.
 */
final class LogText {

    private LogText() {}

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (Character.isISOControl(c) || (Character.isWhitespace(c) && c != ' ')) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
