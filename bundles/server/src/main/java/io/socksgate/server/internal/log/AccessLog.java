package io.socksgate.server.internal.log;

import io.socksgate.api.Command;
import io.socksgate.api.HostPort;
import io.socksgate.api.Protocol;
import io.socksgate.api.SessionInfo;
import io.socksgate.server.internal.exchange.Failure;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;

/**
 * One line per finished or denied session in Squid's native access.log layout, so existing log
 * tools read it:
 * {@code time.millis elapsed-ms client-ip RESULT/code bytes METHOD url user hierarchy/server-ip rule}.
 *
 * <p>RESULT/code for SOCKS: {@code SOCKS_TCP_MISS/200} (or {@code SOCKS_UDP_MISS/200}) for a
 * granted request, {@code SOCKS_TCP_DENIED/403} for a policy denial, and {@code
 * SOCKS_TCP_ERROR/5xx} for a request that failed, the HTTP status that says why ({@link
 * Failure#httpStatus()}): 502 refused or unreachable, 504 timed out, 501 not supported, 503 a
 * limit reached, 500 other; {@code SOCKS_TCP_ABORTED/000} for one whose client left before it was
 * answered. For HTTP CONNECT, as Squid logs it: {@code TCP_TUNNEL/200}, {@code TCP_DENIED/403}
 * and {@code /407}, {@code NONE_NONE/} with the status the client was answered, and {@code
 * NONE_NONE_ABORTED/000} when nothing was; the url is {@code host:port}, or Squid's {@code
 * error:invalid-request} when the request could not be read. Transparent (redirected) connections are logged as Squid logs the
 * tunnels of intercepted connections: {@code TCP_TUNNEL/200 … CONNECT ip:port - ORIGINAL_DST/ip}
 * when reached directly (through an upstream: the upstream's hierarchy code), {@code
 * TCP_DENIED/403} for a rule's denial or the loop guard (rule {@code -}), {@code NONE_NONE/} with
 * the failure's status otherwise, and {@code NONE_NONE/400 … NONE error:no-original-destination}
 * for a connection whose original destination could not be read. Bytes are both directions
 * together. Every field a client controls is escaped, so no line can be forged or split.
 */
public final class AccessLog {

    /** How a session ended, for the RESULT/code field. */
    enum Result {
        GRANTED,
        DENIED,
        FAILED,
        /** Nothing answered: the client left (or was closed) before its request had an outcome. */
        ABORTED
    }

    private AccessLog() {}

    /**
     * Seconds since the epoch with milliseconds, {@code 1763800000.007}: Squid's time field.
     * Built by hand: String.format cost more than the rest of the line together (profiled).
     */
    static String squidTime(Instant time) {
        int millis = time.getNano() / 1_000_000;
        return time.getEpochSecond() + (millis < 10 ? ".00" : millis < 100 ? ".0" : ".") + millis;
    }

    /**
     * @param status the HTTP status of a failed or, for HTTP, denied request (see the class
     *     comment); else ignored
     */
    static String line(SessionInfo session, Result result, int status, String rule, Instant end) {
        return line(session, result, status, rule, end, "DIRECT");
    }

    /**
     * @param hierarchy Squid's hierarchy code of the way the tunnel went: {@code DIRECT}, or through
     *     an upstream {@code FIRSTUP_PARENT}, {@code ROUNDROBIN_PARENT}, {@code SOURCEHASH_PARENT}
     *     (the server's address follows it, as Squid logs its parent's)
     */
    static String line(SessionInfo session, Result result, int status, String rule, Instant end, String hierarchy) {
        Instant start = session.started();
        long elapsed = Duration.between(start, end).toMillis();
        String time = squidTime(end);
        boolean transparent = session.protocol() == Protocol.TRANSPARENT;
        // Transparent connections are logged as CONNECTs to their original destination, like HTTP's.
        boolean http = session.protocol() == Protocol.HTTP || transparent;
        InetSocketAddress connected = session.connected();
        return String.join(
                " ",
                time,
                Long.toString(elapsed),
                HostPort.addressText(session.client().getAddress()),
                transparent
                        ? transparentResult(result, status)
                        : http ? httpResult(result, status) : socksResult(session.command(), result, status),
                Long.toString(session.bytesFromClient() + session.bytesToClient()),
                http ? (session.command() == null ? "NONE" : "CONNECT") : method(session.command()),
                transparent
                        ? transparentUrl(session.destination())
                        : http ? httpUrl(session.destination(), status) : url(session.command(), session.destination()),
                field(session.user()),
                connected == null ? "NONE/-" : hierarchy + "/" + HostPort.addressText(connected.getAddress()),
                field(rule));
    }

    private static String socksResult(Command command, Result result, int status) {
        String transport = command == Command.UDP_ASSOCIATE ? "SOCKS_UDP_" : "SOCKS_TCP_";
        return switch (result) {
            case GRANTED -> transport + "MISS/200";
            case DENIED -> transport + "DENIED/403";
            case FAILED -> transport + "ERROR/" + status;
            case ABORTED -> transport + "ABORTED/000";
        };
    }

    private static String httpResult(Result result, int status) {
        return switch (result) {
            case GRANTED -> "TCP_TUNNEL/200";
            case DENIED -> "TCP_DENIED/" + status; // 403, or 407 when asked for credentials
            case FAILED -> (status == 407 ? "TCP_DENIED/" : "NONE_NONE/") + status;
            case ABORTED -> "NONE_NONE_ABORTED/000"; // Squid's tag and status when nothing was answered
        };
    }

    /** The loop guard refuses as a rule would: {@code TCP_DENIED/403}. */
    private static String transparentResult(Result result, int status) {
        return result == Result.FAILED && status == 403 ? "TCP_DENIED/403" : httpResult(result, status);
    }

    /** The original destination, or Squid-style {@code error:} when there was none. */
    private static String transparentUrl(HostPort destination) {
        return destination == null ? "error:no-original-destination" : field(destination.toString());
    }

    private static String method(Command command) {
        return switch (command) {
            case CONNECT -> "SOCKS_CONNECT";
            case BIND -> "SOCKS_BIND";
            case UDP_ASSOCIATE -> "SOCKS_UDP_ASSOCIATE";
        };
    }

    private static String url(Command command, HostPort destination) {
        String scheme = command == Command.UDP_ASSOCIATE ? "udp://" : "tunnel://";
        return scheme + field(destination.toString()) + "/";
    }

    /** Squid's url for a request it could not read is {@code error:invalid-request}. */
    private static String httpUrl(HostPort destination, int status) {
        if (destination != null) {
            return field(destination.toString());
        }
        return status == 400 || status == 431 ? "error:invalid-request" : "-";
    }

    /** A client-controlled value as one token: {@code -} when absent, no spaces or controls. */
    static String field(String value) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c == 0x7f || c == '%' || Character.isISOControl(c) || Character.isWhitespace(c)) {
                out.append(String.format("%%%02X", (int) c)); // URL-style, as Squid escapes
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
