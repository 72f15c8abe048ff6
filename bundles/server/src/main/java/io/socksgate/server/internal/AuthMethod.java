package io.socksgate.server.internal;

import io.socksgate.protocol.socks5.Socks5AuthMethod;
import java.util.Locale;

/** The SOCKS5 authentication methods a listener can accept, with their wire codes. */
enum AuthMethod {
    NONE(Socks5AuthMethod.NO_AUTH),
    PASSWORD(Socks5AuthMethod.PASSWORD);

    private final int code;

    AuthMethod(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }

    static AuthMethod parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "none" -> NONE;
            case "password" -> PASSWORD;
            default -> throw new IllegalArgumentException(
                    "unknown auth method '" + text.trim() + "' (expected none or password)");
        };
    }
}
