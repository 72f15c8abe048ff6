package io.socksgate.protocol;

import io.socksgate.protocol.socks4.Socks4ReplyCode;
import io.socksgate.protocol.socks5.Socks5ReplyCode;
import java.util.Objects;

/**
 * Why a message could not be decoded, and which protocol error reply it deserves.
 *
 * @param reason the category, which decides the reply code
 * @param detail a short text for logs. It never contains payload bytes (names, user ids,
 *     passwords, HTTP header values), only field lengths, positions and the byte values of
 *     version, command and address type fields, because logs are read by more people than the
 *     traffic is meant for.
 */
public record DecodeFailure(Reason reason, String detail) {

    /** Failure categories, coarse enough to pick a reply code and to count in metrics. */
    public enum Reason {
        /** The version byte is not the protocol's, or a PROXY header of a version not accepted. */
        BAD_VERSION,
        /** A SOCKS5 greeting offered zero authentication methods. */
        NO_METHODS,
        /** A command code the protocol does not define. */
        UNSUPPORTED_COMMAND,
        /**
         * A SOCKS5 address type other than IPv4, domain name or IPv6, or a PROXY v2 family or
         * transport the spec does not define.
         */
        UNSUPPORTED_ADDRESS_TYPE,
        /** A NUL-terminated field ran past its maximum length. */
        FIELD_TOO_LONG,
        /** A host name of length zero. */
        EMPTY_FIELD,
        /** A host name byte outside printable ASCII. */
        ILLEGAL_CHARACTER,
        /** Anything else that cannot be a valid message (truncated datagram, unknown reply code). */
        MALFORMED,
        /** A complete HTTP request line whose method is not CONNECT: a proxy that only tunnels. */
        METHOD_NOT_ALLOWED,
        /**
         * An HTTP head over its byte limit or its field count limit, or a PROXY protocol header
         * over its bound (a v1 line without CRLF within 107 bytes, a v2 length over 1024).
         */
        HEADER_TOO_LARGE
    }

    public DecodeFailure {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    /** The SOCKS5 reply code to send before closing; RFC 1928 has specific codes for two cases. */
    public Socks5ReplyCode socks5Reply() {
        return switch (reason) {
            case UNSUPPORTED_COMMAND -> Socks5ReplyCode.COMMAND_NOT_SUPPORTED;
            case UNSUPPORTED_ADDRESS_TYPE -> Socks5ReplyCode.ADDRESS_TYPE_NOT_SUPPORTED;
            default -> Socks5ReplyCode.GENERAL_FAILURE;
        };
    }

    /**
     * The HTTP status to answer before closing: 405 and 431 have their own statuses (RFC 9110
     * section 15.5.6, RFC 6585 section 5), and every other reason is a malformed request, 400.
     */
    public int httpStatus() {
        return switch (reason) {
            case METHOD_NOT_ALLOWED -> 405;
            case HEADER_TOO_LARGE -> 431;
            default -> 400;
        };
    }

    /** The SOCKS4 reply code to send before closing: SOCKS4 has only the one generic refusal. */
    public Socks4ReplyCode socks4Reply() {
        return Socks4ReplyCode.REJECTED;
    }
}
