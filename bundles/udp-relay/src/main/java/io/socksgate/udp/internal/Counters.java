package io.socksgate.udp.internal;

import io.socksgate.api.UdpCounters;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** The live counters of one association, updated from the relay's threads. */
final class Counters {

    private final AtomicLong datagramsFromClient = new AtomicLong();
    private final AtomicLong bytesFromClient = new AtomicLong();
    private final AtomicLong datagramsToClient = new AtomicLong();
    private final AtomicLong bytesToClient = new AtomicLong();
    private final AtomicLongArray drops = new AtomicLongArray(DropReason.values().length);

    void fromClient(int payloadBytes) {
        datagramsFromClient.incrementAndGet();
        bytesFromClient.addAndGet(payloadBytes);
    }

    void toClient(int payloadBytes) {
        datagramsToClient.incrementAndGet();
        bytesToClient.addAndGet(payloadBytes);
    }

    /**
     * Counts a drop.
     *
     * @return true for the first drop of this reason, which is the one worth a log line
     */
    boolean drop(DropReason reason) {
        return drops.getAndIncrement(reason.ordinal()) == 0;
    }

    UdpCounters snapshot() {
        Map<String, Long> byReason = new LinkedHashMap<>();
        for (DropReason reason : DropReason.values()) {
            byReason.put(reason.key(), drops.get(reason.ordinal()));
        }
        return new UdpCounters(
                datagramsFromClient.get(),
                bytesFromClient.get(),
                datagramsToClient.get(),
                bytesToClient.get(),
                byReason);
    }
}
