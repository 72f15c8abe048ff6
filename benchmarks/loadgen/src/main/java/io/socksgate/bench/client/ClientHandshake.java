package io.socksgate.bench.client;

import java.io.IOException;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * The client's side of asking a proxy for a tunnel, as a state machine that both the blocking
 * clients ({@link Tunnels}) and the non-blocking connection-rate clients drive: it says what to
 * send and consumes the proxy's answers; the caller does the I/O. Like a real client it waits for
 * each answer before it sends the next message. One instance serves one connection at a time;
 * {@link #start()} resets it for the next.
 */
public interface ClientHandshake {

    /** Resets the state for a fresh connection and returns the first step. */
    Step start();

    /**
     * Consumes as much of the proxy's answer as makes a whole message from {@code in} (read mode,
     * from its position; the position moves past what is consumed) and returns the next step.
     *
     * @throws IOException when the proxy refuses or answers something malformed
     */
    Step advance(IoBuffer in) throws IOException;
}
