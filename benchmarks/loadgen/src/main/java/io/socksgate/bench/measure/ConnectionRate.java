package io.socksgate.bench.measure;

import io.socksgate.bench.Windows;
import io.socksgate.bench.client.ProxyTarget;
import io.socksgate.bench.probe.ProcessCpu;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Connection rate: {@code clients} concurrent clients, each in a loop: TCP connect, the proxy's
 * handshake, a 32-byte echo, the end of stream (the server closes first), close. The clients are
 * non-blocking state machines ({@link RateLoop}) on {@link #LOOPS} selector threads, so the
 * client's own cost per operation (threads, wake-ups) stays small and equal for every proxy. The
 * proxy's CPU time over the measured window, divided by the operations, is its cost per operation.
 */
final class ConnectionRate {

    /** Selector threads of the clients: one per core of this 2-core machine. */
    static final int LOOPS = 2;

    /**
     * Completed operations per second, the per-operation time's p50 and p99, the proxy's CPU
     * microseconds per operation (NaN without a pid), the failed operations; or a refusal.
     */
    record Outcome(double opsPerSecond, double p50Ms, double p99Ms, double cpuMicros, int errors, String refusal) {

        static Outcome refused(String why) {
            return new Outcome(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, why);
        }

        boolean isRefused() {
            return refusal != null;
        }
    }

    private ConnectionRate() {}

    static Outcome run(ProxyTarget proxy, InetSocketAddress echo, int clients, long pid, double warm, double secs)
            throws Exception {
        RateCounters counters = new RateCounters();
        List<RateLoop> loops = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < LOOPS; i++) {
            int share = clients / LOOPS + (i < clients % LOOPS ? 1 : 0);
            RateLoop loop = new RateLoop(proxy, echo, share, counters);
            Thread thread = new Thread(loop, "rate-loop");
            thread.setDaemon(true);
            loops.add(loop);
            threads.add(thread);
            thread.start();
        }
        try {
            Windows.elapse(warm);
            // a proxy that has completed nothing in the warm-up, only failed, refuses: measuring it
            // would only measure how fast it says no
            if (counters.refused()) {
                return Outcome.refused(counters.firstError.get());
            }
            double cpu0 = ProcessCpu.seconds(pid);
            counters.measuring.set(true);
            long t0 = System.nanoTime();
            Windows.elapse(secs);
            counters.measuring.set(false);
            long t1 = System.nanoTime();
            double cpu1 = ProcessCpu.seconds(pid);
            stopAll(counters, threads);
            long[] latencies = loops.stream()
                    .map(RateLoop::latencies)
                    .flatMapToLong(Arrays::stream)
                    .sorted()
                    .toArray();
            int errors = counters.measuredErrors.get();
            if (errors > 0) {
                System.out.println(
                        "  (rate: " + errors + " failed operations; the first: " + counters.firstError.get() + ")");
            }
            if (latencies.length == 0 && errors > 0) {
                return Outcome.refused(counters.firstError.get());
            }
            int n = latencies.length;
            double ops = n / ((t1 - t0) / 1e9);
            double p50 = n == 0 ? Double.NaN : latencies[(int) (n * 0.50)] / 1e6;
            double p99 = n == 0 ? Double.NaN : latencies[Math.min(n - 1, (int) (n * 0.99))] / 1e6;
            double cpuMicros = n == 0 ? Double.NaN : (cpu1 - cpu0) * 1e6 / n;
            return new Outcome(ops, p50, p99, cpuMicros, errors, null);
        } finally {
            stopAll(counters, threads);
        }
    }

    private static void stopAll(RateCounters counters, List<Thread> threads) throws InterruptedException {
        counters.stop.set(true);
        for (Thread thread : threads) {
            thread.join(30_000);
        }
    }
}
