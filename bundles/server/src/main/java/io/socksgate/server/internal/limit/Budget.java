package io.socksgate.server.internal.limit;

import io.socksgate.server.internal.relay.TokenBucket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the sessions of one scope key of a limit share (a user's, a client's, or everyone's): a
 * token bucket each way and the bytes used of the quota in the current period.
 */
final class Budget {

    final String key;
    final TokenBucket in;
    final TokenBucket out;
    /** Bytes both ways in the period starting at {@link #periodStart}. */
    final AtomicLong used = new AtomicLong();
    /** Epoch seconds; written by the limits' ticker when a period begins. */
    volatile long periodStart;
    /** Live sessions on this budget; guarded by the limit's budget map (compute). */
    int sessions;

    Budget(String key, LimitSettings settings, long periodStart, long nowNanos) {
        this.key = key;
        this.in = new TokenBucket(settings.rateIn(), settings.burstIn(), nowNanos);
        this.out = new TokenBucket(settings.rateOut(), settings.burstOut(), nowNanos);
        this.periodStart = periodStart;
    }

    void configure(LimitSettings settings, long nowNanos) {
        in.configure(settings.rateIn(), settings.burstIn(), nowNanos);
        out.configure(settings.rateOut(), settings.burstOut(), nowNanos);
    }
}
