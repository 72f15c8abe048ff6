package io.socksgate.server.internal.listener;

import java.util.Locale;

/** How a listener lets clients in: anonymously, or with a user name and password (SOCKS5 RFC 1929, HTTP Basic). */
public enum AuthMethod {
    NONE,
    PASSWORD;

    static AuthMethod parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "none" -> NONE;
            case "password" -> PASSWORD;
            default -> throw new IllegalArgumentException(
                    "unknown auth method '" + text.trim() + "' (expected none or password)");
        };
    }
}
