package io.socksgate.server.internal.relay;

/**
 * A token bucket in bytes: it fills at {@code rate} bytes per second up to {@code burst}, and every
 * relayed read takes its size out. Reads are taken whole, after the fact (the bytes are already
 * read), so the bucket may go into debt; the reader then pauses until the debt is paid, which is
 * what {@link #take} returns. Work per read, never per byte; shared by every session of a budget,
 * on any I/O thread, hence synchronized (uncontended for a session of its own).
 *
 * <p>A rate of 0 is no limit: nothing is counted, nothing waits.
 */
public final class TokenBucket {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private long rate;
    private long burst;
    /** Bytes that may go now; negative while in debt. */
    private double tokens;

    private long lastRefill;

    /** A full bucket: a fresh budget may send its burst at once. */
    public TokenBucket(long rate, long burst, long nowNanos) {
        this.rate = rate;
        this.burst = burst;
        this.tokens = burst;
        this.lastRefill = nowNanos;
    }

    /** A changed limit: the new rate and burst apply from now on; tokens above the new burst go. */
    public synchronized void configure(long newRate, long newBurst, long nowNanos) {
        refill(nowNanos);
        rate = newRate;
        burst = newBurst;
        tokens = Math.min(tokens, newBurst);
    }

    /**
     * Takes {@code bytes} that were just read.
     *
     * @return nanoseconds until the bucket is out of debt, 0 when it is not in debt
     */
    public synchronized long take(long bytes, long nowNanos) {
        if (rate <= 0) {
            return 0;
        }
        refill(nowNanos);
        tokens -= bytes;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens * NANOS_PER_SECOND / rate);
    }

    /** Takes {@code bytes} only if the bucket holds them all (a datagram is relayed whole or dropped). */
    public synchronized boolean tryTake(long bytes, long nowNanos) {
        if (rate <= 0) {
            return true;
        }
        refill(nowNanos);
        if (tokens < bytes) {
            return false;
        }
        tokens -= bytes;
        return true;
    }

    public synchronized long rate() {
        return rate;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastRefill;
        lastRefill = nowNanos;
        if (elapsed > 0 && rate > 0) {
            tokens = Math.min(burst, tokens + (double) elapsed * rate / NANOS_PER_SECOND);
        }
    }
}
