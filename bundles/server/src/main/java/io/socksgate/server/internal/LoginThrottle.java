package io.socksgate.server.internal;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Counts failed logins per client address; an address with {@code maxFailures} failures inside
 * {@code window} is blocked for {@code blockTime}, so a password guesser stops reaching the realm.
 * A success does not clear the count: one known account must not reset a spraying attack.
 */
final class LoginThrottle {

    /** Above this many tracked addresses, stale ones are purged on the next failure. */
    private static final int PURGE_THRESHOLD = 10_000;

    private final int maxFailures;
    private final Duration window;
    private final Duration blockTime;
    private final Clock clock;
    private final ConcurrentMap<InetAddress, Record> records = new ConcurrentHashMap<>();

    LoginThrottle(int maxFailures, Duration window, Duration blockTime, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.blockTime = blockTime;
        this.clock = clock;
    }

    /** True while {@code client} is blocked. */
    boolean isBlocked(InetAddress client) {
        Record record = records.get(client);
        return record != null && record.blockedUntil(clock.instant());
    }

    /**
     * Counts a failure.
     *
     * @return true when this failure blocked the address
     */
    boolean failed(InetAddress client) {
        if (maxFailures <= 0) {
            return false;
        }
        Instant now = clock.instant();
        if (records.size() > PURGE_THRESHOLD) {
            records.values().removeIf(r -> r.isStale(now));
        }
        return records.computeIfAbsent(client, c -> new Record()).fail(now);
    }

    private final class Record {
        private final Deque<Instant> failures = new ArrayDeque<>();
        private Instant blockedUntil = Instant.MIN;

        synchronized boolean fail(Instant now) {
            while (!failures.isEmpty() && failures.peekFirst().isBefore(now.minus(window))) {
                failures.removeFirst();
            }
            failures.addLast(now);
            if (failures.size() >= maxFailures && !blockedUntil(now)) {
                blockedUntil = now.plus(blockTime);
                failures.clear();
                return true;
            }
            return false;
        }

        synchronized boolean blockedUntil(Instant now) {
            return now.isBefore(blockedUntil);
        }

        synchronized boolean isStale(Instant now) {
            return !blockedUntil(now)
                    && (failures.isEmpty() || failures.peekLast().isBefore(now.minus(window)));
        }
    }
}
