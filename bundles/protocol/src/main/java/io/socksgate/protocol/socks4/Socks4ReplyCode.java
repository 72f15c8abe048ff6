package io.socksgate.protocol.socks4;

/** The CD field of a SOCKS4 reply. */
public enum Socks4ReplyCode {
    GRANTED(0x5A),
    /** Rejected or failed: SOCKS4's only reply for every kind of refusal. */
    REJECTED(0x5B),
    /** Rejected because the proxy could not reach the client's identd. */
    NO_IDENTD(0x5C),
    /** Rejected because identd reported a different user id. */
    IDENTD_MISMATCH(0x5D);

    private final int code;

    Socks4ReplyCode(int code) {
        this.code = code;
    }

    /** The byte sent on the wire. */
    public int code() {
        return code;
    }

    /**
     * The constant for a wire code.
     *
     * @throws IllegalArgumentException for any other value; {@link Socks4ReplyDecoder} checks first
     *     and reports those as malformed instead
     */
    public static Socks4ReplyCode of(int code) {
        for (Socks4ReplyCode value : values()) {
            if (value.code == code) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown SOCKS4 reply code: " + code);
    }
}
