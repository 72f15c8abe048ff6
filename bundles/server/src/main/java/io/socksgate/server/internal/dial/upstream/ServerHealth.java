package io.socksgate.server.internal.dial.upstream;

import io.socksgate.api.HostPort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Passive health of one upstream server, learnt from real requests: {@code fail.max} consecutive
 * server failures mark it down for {@code fail.timeout}, a success resets it. Once the time is up
 * it is tried again, on probation: its next failure marks it down at once, its next success
 * clears the count. Thread-safe: attempts on any thread report here.
 */
public final class ServerHealth {

    private final HostPort server;
    private final int failMax;
    private final Duration failTimeout;
    private final Clock clock;

    private int consecutiveFailures;
    private long failures;
    private Instant downSince;
    private Instant downUntil;

    public ServerHealth(HostPort server, int failMax, Duration failTimeout, Clock clock) {
        this.server = server;
        this.failMax = failMax;
        this.failTimeout = failTimeout;
        this.clock = clock;
    }

    public HostPort server() {
        return server;
    }

    /** Whether requests may be sent to it now. */
    public synchronized boolean isUp() {
        expire();
        return downUntil == null;
    }

    /** When it was marked down, or null while it is up. */
    public synchronized Instant downSince() {
        expire();
        return downSince;
    }

    /** Server failures since the start (connect errors, timeouts, refused handshakes). */
    public synchronized long failures() {
        return failures;
    }

    /**
     * The server failed a request (it, not the destination): counts towards {@code fail.max}.
     *
     * @return whether this failure marked it down (for a log line on the change, not on every
     *     failure)
     */
    public synchronized boolean failed() {
        expire();
        failures++;
        consecutiveFailures++;
        if (consecutiveFailures >= failMax && downUntil == null) {
            downSince = clock.instant();
            downUntil = downSince.plus(failTimeout);
            return true;
        }
        return false;
    }

    /** The server did its part (a tunnel, or a destination failure it reported): it is healthy. */
    public synchronized void succeeded() {
        consecutiveFailures = 0;
        downSince = null;
        downUntil = null;
    }

    private void expire() {
        if (downUntil != null && !clock.instant().isBefore(downUntil)) {
            downSince = null;
            downUntil = null;
        }
    }

    @Override
    public synchronized String toString() {
        return server + (isUp() ? " up" : " down since " + downSince);
    }
}
