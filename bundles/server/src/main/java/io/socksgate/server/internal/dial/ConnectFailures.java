package io.socksgate.server.internal.dial;

import io.socksgate.server.internal.exchange.Failure;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import org.apache.mina.core.RuntimeIoException;

/** Maps why an outbound connect failed to the {@link Failure} each front-end renders for its client. */
public final class ConnectFailures {

    private ConnectFailures() {}

    static Failure failureFor(Throwable failure) {
        Throwable cause = unwrap(failure);
        // The JDK reports errno values through exception types and messages ("Network is
        // unreachable" is a plain SocketException); look at both.
        String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
        if (cause instanceof UnknownHostException) {
            return Failure.HOST_UNREACHABLE;
        }
        if (cause instanceof NoRouteToHostException || message.contains("no route to host")) {
            return Failure.HOST_UNREACHABLE;
        }
        if (message.contains("network is unreachable")) {
            return Failure.NETWORK_UNREACHABLE;
        }
        if (cause instanceof SocketTimeoutException || message.contains("timed out")) {
            return Failure.TIMED_OUT;
        }
        if (cause instanceof ConnectException || message.contains("connection refused")) {
            return Failure.REFUSED;
        }
        return Failure.GENERAL;
    }

    /** A short reason for the log: the failure's type and message, never payload. */
    public static String describe(Throwable failure) {
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
