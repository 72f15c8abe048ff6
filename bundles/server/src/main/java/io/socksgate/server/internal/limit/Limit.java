package io.socksgate.server.internal.limit;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * One {@code io.socksgate.limit} configuration: the settings in force (null while it never was
 * valid, or once deleted), what is wrong now, its budgets by scope key, and what it relays.
 */
final class Limit {

    final String pid;
    volatile String name;
    volatile LimitSettings settings;
    volatile String problem;
    final ConcurrentMap<String, Budget> budgets = new ConcurrentHashMap<>();
    /** The live sessions it applies to. */
    final Set<SessionLimits> sessions = ConcurrentHashMap.newKeySet();

    final LongAdder bytesIn = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    // Written by the ticker only.
    long seenIn;
    long seenOut;
    volatile long measuredIn;
    volatile long measuredOut;

    Limit(String pid) {
        this.pid = pid;
    }
}
