package io.socksgate.server.internal.dial.upstream;

import io.socksgate.api.HostPort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Passive health of one upstream server, learnt from real requests: {@code fail.max} consecutive
 * server failures mark it down for {@code fail.timeout}, a success resets it. Once the time is up
 * it is tried again, on probation: its next failure marks it down at once, its next success
 * clears the count. Also counts the tunnels through it now. Thread-safe: attempts on any thread
 * report here.
 */
public final class ServerHealth {

    private final HostPort server;
    private final int failMax;
    private final Duration failTimeout;
    private final Clock clock;

    private int consecutiveFailures;
    /** When it last went up or down; its creation (the configuration's time) until then. */
    private Instant since;
    /** Until when it is down; null while it is up. */
    private Instant downUntil;

    /**
     * Tunnels through it now; shared with the health it took over, since tunnels opened before an
     * edit report their close to the object they were opened with.
     */
    private final AtomicLong tunnels;

    public ServerHealth(HostPort server, int failMax, Duration failTimeout, Clock clock) {
        this.server = server;
        this.failMax = failMax;
        this.failTimeout = failTimeout;
        this.clock = clock;
        this.since = clock.instant();
        this.tunnels = new AtomicLong();
    }

    /**
     * The same server after an edit of its upstream: the new {@code fail.max} and {@code
     * fail.timeout}, the failures, state and tunnels so far.
     */
    ServerHealth(ServerHealth previous, int failMax, Duration failTimeout) {
        this.server = previous.server;
        this.failMax = failMax;
        this.failTimeout = failTimeout;
        this.clock = previous.clock;
        this.tunnels = previous.tunnels;
        synchronized (previous) {
            this.consecutiveFailures = previous.consecutiveFailures;
            this.since = previous.since;
            this.downUntil = previous.downUntil;
        }
    }

    public HostPort server() {
        return server;
    }

    /** Whether requests may be sent to it now. */
    public synchronized boolean isUp() {
        expire();
        return downUntil == null;
    }

    /** When it last went up or down; when it was configured if it never changed. */
    public synchronized Instant since() {
        expire();
        return since;
    }

    /** Its server failures in a row now (connect errors, timeouts, refused handshakes). */
    public synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }

    /**
     * The server failed a request (it, not the destination): counts towards {@code fail.max}.
     *
     * @return whether this failure marked it down (for a log line on the change, not on every
     *     failure)
     */
    public synchronized boolean failed() {
        expire();
        consecutiveFailures++;
        if (consecutiveFailures >= failMax && downUntil == null) {
            since = clock.instant();
            downUntil = since.plus(failTimeout);
            return true;
        }
        return false;
    }

    /** The server did its part (a tunnel, or a destination failure it reported): it is healthy. */
    public synchronized void succeeded() {
        expire();
        consecutiveFailures = 0;
        if (downUntil != null) {
            since = clock.instant();
            downUntil = null;
        }
    }

    /** Tunnels through it now. */
    public long tunnels() {
        return tunnels.get();
    }

    void tunnelOpened() {
        tunnels.incrementAndGet();
    }

    void tunnelClosed() {
        tunnels.decrementAndGet();
    }

    private void expire() {
        if (downUntil != null && !clock.instant().isBefore(downUntil)) {
            since = downUntil;
            downUntil = null;
        }
    }

    @Override
    public synchronized String toString() {
        return server + (isUp() ? " up" : " down") + " since " + since;
    }
}
