package io.socksgate.server.internal;

import io.socksgate.protocol.socks5.Socks5ReplyCode;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import org.apache.mina.core.RuntimeIoException;

/** Maps why an outbound connect failed to the SOCKS5 reply that tells the client (RFC 1928 §6). */
final class ConnectFailures {

    private ConnectFailures() {}

    static Socks5ReplyCode replyFor(Throwable failure) {
        Throwable cause = unwrap(failure);
        // The JDK reports errno values through exception types and messages ("Network is
        // unreachable" is a plain SocketException); look at both.
        String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
        if (cause instanceof UnknownHostException) {
            return Socks5ReplyCode.HOST_UNREACHABLE;
        }
        if (cause instanceof NoRouteToHostException || message.contains("no route to host")) {
            return Socks5ReplyCode.HOST_UNREACHABLE;
        }
        if (message.contains("network is unreachable")) {
            return Socks5ReplyCode.NETWORK_UNREACHABLE;
        }
        if (cause instanceof SocketTimeoutException || message.contains("timed out")) {
            return Socks5ReplyCode.TTL_EXPIRED;
        }
        if (cause instanceof ConnectException || message.contains("connection refused")) {
            return Socks5ReplyCode.CONNECTION_REFUSED;
        }
        return Socks5ReplyCode.GENERAL_FAILURE;
    }

    /** A short reason for the log: the failure's type and message, never payload. */
    static String describe(Throwable failure) {
        Throwable cause = unwrap(failure);
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof RuntimeIoException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
