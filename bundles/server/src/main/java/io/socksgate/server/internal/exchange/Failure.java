package io.socksgate.server.internal.exchange;

/**
 * Why a request failed, in words no protocol owns: the core reports one of these, each front-end
 * renders it in its own protocol (a SOCKS5 reply code, SOCKS4's single refusal, an HTTP status),
 * and the access log maps it to a Squid result code.
 */
public enum Failure {
    /** A rule denied the request, or the listener cannot serve it (SOCKS4 where a password is required). */
    DENIED,
    /** Credentials are missing or wrong, or the client is blocked after repeated failures. */
    AUTH_REQUIRED,
    /** The destination refused the connection. */
    REFUSED,
    /** The destination host is unreachable or its name does not resolve. */
    HOST_UNREACHABLE,
    /** No route to the destination's network. */
    NETWORK_UNREACHABLE,
    /** No connection (or BIND peer) within the listener's timeout. */
    TIMED_OUT,
    /** A command the proxy does not serve here (UDP without the relay, say). */
    UNSUPPORTED,
    /** A SOCKS5 address type the proxy does not know. */
    ADDRESS_TYPE_UNSUPPORTED,
    /** A cap was reached: sessions, UDP associations, relay ports, queued work. */
    LIMIT_REACHED,
    /** The request could not be understood. */
    MALFORMED,
    /** The request is larger than the listener accepts (an HTTP head over its limit). */
    TOO_LARGE,
    /** Anything else. */
    GENERAL;

    /** The HTTP status that says it best; also the code of the access log's result field. */
    public int httpStatus() {
        return switch (this) {
            case DENIED -> 403;
            case AUTH_REQUIRED -> 407;
            case REFUSED, HOST_UNREACHABLE, NETWORK_UNREACHABLE -> 502;
            case TIMED_OUT -> 504;
            case UNSUPPORTED, ADDRESS_TYPE_UNSUPPORTED -> 501;
            case LIMIT_REACHED -> 503;
            case MALFORMED -> 400;
            case TOO_LARGE -> 431;
            case GENERAL -> 500;
        };
    }
}
