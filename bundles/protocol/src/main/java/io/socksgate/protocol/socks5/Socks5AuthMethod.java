package io.socksgate.protocol.socks5;

/**
 * SOCKS5 authentication method codes (RFC 1928 section 3). Plain ints rather than an enum because
 * a greeting may offer any byte value, including ones this proxy has never heard of.
 */
public final class Socks5AuthMethod {

    public static final int NO_AUTH = 0x00;
    public static final int GSSAPI = 0x01;
    /** Username/password, RFC 1929. */
    public static final int PASSWORD = 0x02;
    /** Sent by the server when none of the client's methods is acceptable. */
    public static final int NO_ACCEPTABLE = 0xFF;

    private Socks5AuthMethod() {}
}
