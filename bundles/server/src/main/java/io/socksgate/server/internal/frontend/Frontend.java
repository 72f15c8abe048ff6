package io.socksgate.server.internal.frontend;

import io.socksgate.api.Protocol;
import io.socksgate.server.internal.exchange.Exchange;
import io.socksgate.server.internal.exchange.Failure;
import java.net.InetSocketAddress;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * One wire protocol a listener speaks to its clients: it reads the request into an {@link
 * Exchange} and renders the exchange's outcome as that protocol's replies. Everything
 * protocol-specific stays behind this interface; the core only knows {@link Failure}s.
 * Implementations are shared by all clients of a listener; per-client state lives in the
 * exchange ({@link Exchange#frontendStep()}).
 */
public interface Frontend {

    Protocol protocol();

    /**
     * Decodes negotiation bytes, on the client's I/O thread; what it cannot decode yet it keeps
     * with {@link Exchange#keepPending}.
     */
    void onBytes(Exchange exchange, IoBuffer bytes);

    /**
     * The reply that tells the client its tunnel is up; {@code bound} is the address to report.
     * Null when the protocol has none (transparent): the relay just starts.
     */
    IoBuffer success(Exchange exchange, InetSocketAddress bound);

    /**
     * The failure this protocol answers for {@code failure}: itself, unless the protocol can still
     * ask the client for something that would change the outcome (HTTP asks an anonymous client
     * for credentials when they may allow a denied request).
     */
    default Failure answered(Exchange exchange, Failure failure) {
        return failure;
    }

    /**
     * The reply that tells the client its request failed; the connection is closed after it. Null
     * when the protocol has none (transparent): the close alone tells.
     */
    IoBuffer failure(Exchange exchange, Failure failure);

    /** How {@link #failure} reads in a log line, e.g. {@code 05 CONNECTION_REFUSED} or {@code 502}. */
    String describe(Failure failure);

    /**
     * The status code the access log shows for {@code failure}: what an HTTP client was
     * answered; for other protocols the HTTP status that says it best.
     */
    default int logStatus(Failure failure) {
        return failure.httpStatus();
    }

    /** The client went away: release what this front-end's request still holds. */
    default void abandon(Exchange exchange) {}
}
