package io.socksgate.server.internal.auth;

import io.socksgate.api.HostPort;
import io.socksgate.api.LoginBlock;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Counts failed logins per client address; an address with {@code maxFailures} failures inside
 * {@code window} is blocked for {@code blockTime}, so a password guesser stops reaching the realm.
 * A success does not clear the count: one known account must not reset a spraying attack.
 *
 * <p>New limits apply from the next failure on; blocks in force stay until they run out or are
 * lifted ({@link #unblock}), so editing the configuration never frees an attacker by accident.
 */
public final class LoginThrottle {

    /** How many failures block an address, within which window, for how long. */
    record Limits(int maxFailures, Duration window, Duration blockTime) {}

    /** Above this many tracked addresses, stale ones are purged on the next failure. */
    private static final int PURGE_THRESHOLD = 10_000;

    private final Clock clock;
    private final ConcurrentMap<InetAddress, Record> records = new ConcurrentHashMap<>();
    private volatile Limits limits;

    LoginThrottle(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    void setLimits(Limits limits) {
        this.limits = limits;
    }

    /** True while {@code client} is blocked. */
    boolean isBlocked(InetAddress client) {
        Record record = records.get(client);
        return record != null && record.isBlocked(clock.instant());
    }

    /**
     * Counts a failure.
     *
     * @return true when this failure blocked the address
     */
    boolean failed(InetAddress client) {
        Limits current = limits;
        if (current.maxFailures() <= 0) {
            return false;
        }
        Instant now = clock.instant();
        if (records.size() > PURGE_THRESHOLD) {
            records.values().removeIf(r -> r.isStale(now, current.window()));
        }
        return records.computeIfAbsent(client, c -> new Record()).fail(now, current);
    }

    /** The blocks in force, the one that ends first first. */
    List<LoginBlock> blocks() {
        Instant now = clock.instant();
        return records.entrySet().stream()
                .map(e -> e.getValue().block(e.getKey(), now))
                .filter(b -> b != null)
                .sorted(Comparator.comparing(LoginBlock::blockedUntil)
                        .thenComparing(b -> HostPort.addressText(b.client())))
                .toList();
    }

    /** Lifts the block on {@code client} and forgets its failures; false when it was not blocked. */
    boolean unblock(InetAddress client) {
        Record record = records.get(client);
        return record != null && record.isBlocked(clock.instant()) && records.remove(client, record);
    }

    /** Lifts every block; returns how many there were. */
    int unblockAll() {
        Instant now = clock.instant();
        int lifted = 0;
        for (Map.Entry<InetAddress, Record> entry : records.entrySet()) {
            if (entry.getValue().isBlocked(now) && records.remove(entry.getKey(), entry.getValue())) {
                lifted++;
            }
        }
        return lifted;
    }

    private static final class Record {
        private final Deque<Instant> failures = new ArrayDeque<>();
        private Instant blockedUntil = Instant.MIN;
        /** The failures that caused the block in force. */
        private int blockingFailures;

        synchronized boolean fail(Instant now, Limits limits) {
            while (!failures.isEmpty() && failures.peekFirst().isBefore(now.minus(limits.window()))) {
                failures.removeFirst();
            }
            failures.addLast(now);
            if (failures.size() >= limits.maxFailures() && !isBlocked(now)) {
                blockedUntil = now.plus(limits.blockTime());
                blockingFailures = failures.size();
                failures.clear();
                return true;
            }
            return false;
        }

        synchronized boolean isBlocked(Instant now) {
            return now.isBefore(blockedUntil);
        }

        synchronized LoginBlock block(InetAddress client, Instant now) {
            return isBlocked(now) ? new LoginBlock(client, blockingFailures, blockedUntil) : null;
        }

        synchronized boolean isStale(Instant now, Duration window) {
            return !isBlocked(now) && (failures.isEmpty() || failures.peekLast().isBefore(now.minus(window)));
        }
    }
}
