package io.socksgate.server.internal.relay;

/**
 * The bandwidth limits of one direction of one session, as its relay sees them: the relay hands
 * over the size of every read, and hears how long to pause reading, or that the session must end
 * (a quota with {@code quota.action = close} is used up). Only sessions a limit applies to have
 * one; the relay of any other session does no work for limits at all.
 */
public interface Throttle {

    /** {@link #charge}'s answer when the session must be closed. */
    long CLOSE = -1;

    /**
     * {@code bytes} were just read from this direction's source (on the session's I/O thread).
     *
     * @return nanoseconds to pause reading the source (0: read on), or {@link #CLOSE}
     */
    long charge(int bytes);

    /**
     * The slowest rate, in bytes per second, among the budgets this direction draws on; 0 when no
     * rate limits it (quotas only). The relay sizes its reads by it.
     */
    long slowestRate();

    /** Why {@link #charge} answered {@link #CLOSE}, for the log. */
    String closeReason();
}
