package io.socksgate.udp.internal;

import io.socksgate.config.PortRange;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The relay port numbers in use, from the moment an association reserves one until its socket is
 * closed. A number is in use whatever address it is bound on: associations are told apart by their
 * local port alone, so a port number serves at most one association at a time.
 *
 * <p>Ports are handed out in rotation rather than lowest-first, so a port that was just released is
 * the last to be reused: late replies addressed to the previous association then meet a closed
 * port rather than a new client.
 */
final class PortPool {

    private final Set<Integer> inUse = new HashSet<>(); // guarded by this
    private final Set<Integer> releasing = new HashSet<>(); // guarded by this
    private int next; // guarded by this

    /**
     * Reserves a free port of {@code range} that is not in {@code skip}. When every port is taken
     * but some are being released, waits up to {@code wait} for them, so a client that closes and
     * reopens an association at once is not refused.
     *
     * @return the port, or -1 when none is free
     */
    synchronized int reserve(PortRange range, Set<Integer> skip, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            int port = findFree(range, skip);
            if (port > 0) {
                inUse.add(port);
                next = port + 1;
                return port;
            }
            long left = deadline - System.nanoTime();
            if (releasing.isEmpty() || left <= 0) {
                return -1;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
    }

    /** Notes that {@code port}'s socket is being closed; it stays in use until {@link #release}. */
    synchronized void releasing(int port) {
        if (inUse.contains(port)) {
            releasing.add(port);
        }
    }

    /** Returns {@code port} to the pool: its socket is closed, or was never bound. */
    synchronized void release(int port) {
        inUse.remove(port);
        releasing.remove(port);
        notifyAll();
    }

    /** How many ports are in use (reserved, bound or being released). */
    synchronized int size() {
        return inUse.size();
    }

    private int findFree(PortRange range, Set<Integer> skip) {
        int start = range.contains(next) ? next : range.first();
        for (int i = 0; i < range.size(); i++) {
            int port = range.first() + Math.floorMod(start - range.first() + i, range.size());
            if (!inUse.contains(port) && !skip.contains(port)) {
                return port;
            }
        }
        return -1;
    }
}
