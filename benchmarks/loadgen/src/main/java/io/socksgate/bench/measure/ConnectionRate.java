package io.socksgate.bench.measure;

import io.socksgate.bench.Windows;
import io.socksgate.bench.client.ProxyTarget;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connection rate: {@code clients} concurrent clients, each in a loop: TCP connect, the proxy's
 * handshake, a 32-byte echo, the end of stream (the server closes first), close. The clients are
 * non-blocking state machines ({@link RateLoop}) on {@link #LOOPS} selector threads, so the
 * client's own cost per operation (threads, wake-ups) stays small and equal for every proxy.
 */
final class ConnectionRate {

    /** Selector threads of the clients: one per core of this 2-core machine. */
    static final int LOOPS = 2;

    /** Completed operations per second and the per-operation time's p50 and p99. */
    record Outcome(double opsPerSecond, double p50Ms, double p99Ms, int errors) {}

    private ConnectionRate() {}

    static Outcome run(ProxyTarget proxy, InetSocketAddress echo, int clients, double warm, double secs)
            throws Exception {
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger errors = new AtomicInteger();
        List<RateLoop> loops = new ArrayList<>();
        for (int i = 0; i < LOOPS; i++) {
            int share = clients / LOOPS + (i < clients % LOOPS ? 1 : 0);
            loops.add(new RateLoop(proxy, echo, share, measuring, stop, errors));
        }
        List<Thread> threads = new ArrayList<>();
        for (RateLoop loop : loops) {
            Thread thread = new Thread(loop, "rate-loop");
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        Windows.elapse(warm);
        measuring.set(true);
        long t0 = System.nanoTime();
        Windows.elapse(secs);
        measuring.set(false);
        long t1 = System.nanoTime();
        stop.set(true);
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        long[] latencies = loops.stream()
                .map(RateLoop::latencies)
                .flatMapToLong(Arrays::stream)
                .sorted()
                .toArray();
        if (errors.get() > 0) {
            System.out.println("  (rate: " + errors.get() + " failed operations)");
        }
        double ops = latencies.length / ((t1 - t0) / 1e9);
        double p50 = latencies.length == 0 ? Double.NaN : latencies[(int) (latencies.length * 0.50)] / 1e6;
        double p99 = latencies.length == 0
                ? Double.NaN
                : latencies[Math.min(latencies.length - 1, (int) (latencies.length * 0.99))] / 1e6;
        return new Outcome(ops, p50, p99, errors.get());
    }
}
