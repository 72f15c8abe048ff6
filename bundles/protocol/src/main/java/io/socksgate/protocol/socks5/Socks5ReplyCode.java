package io.socksgate.protocol.socks5;

/** The REP field of a SOCKS5 reply (RFC 1928 section 6). */
public enum Socks5ReplyCode {
    SUCCEEDED(0),
    GENERAL_FAILURE(1),
    /** Connection not allowed by ruleset. */
    NOT_ALLOWED(2),
    NETWORK_UNREACHABLE(3),
    HOST_UNREACHABLE(4),
    CONNECTION_REFUSED(5),
    TTL_EXPIRED(6),
    COMMAND_NOT_SUPPORTED(7),
    ADDRESS_TYPE_NOT_SUPPORTED(8);

    private static final Socks5ReplyCode[] BY_CODE = values();

    private final int code;

    Socks5ReplyCode(int code) {
        this.code = code;
    }

    /** The byte sent on the wire. */
    public int code() {
        return code;
    }

    /**
     * The constant for a wire code.
     *
     * @throws IllegalArgumentException for codes RFC 1928 does not define (9 to 255); {@link
     *     Socks5ReplyDecoder} checks first and reports those as malformed instead
     */
    public static Socks5ReplyCode of(int code) {
        // The codes are 0..8 in declaration order, so the ordinal is the code.
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("unknown SOCKS5 reply code: " + code);
        }
        return BY_CODE[code];
    }
}
