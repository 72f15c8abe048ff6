package io.socksgate.bench.measure;

import io.socksgate.bench.client.ProxyTarget;
import io.socksgate.bench.client.Tunnel;
import io.socksgate.bench.client.Tunnels;
import io.socksgate.bench.probe.HeapHistogram;
import io.socksgate.bench.probe.JvmProbe;
import io.socksgate.bench.probe.ProcessMemory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Memory per idle tunnel: the proxy's PSS (with its descendants) before and after opening {@code
 * count} tunnels to the holding echo server, each of which has carried a 1-byte echo, divided by
 * the tunnels alive. For a JVM proxy each reading follows a full GC, and the live heap per tunnel
 * is reported too; given a file, the live objects those tunnels added, by class, per tunnel, are
 * written to it.
 */
final class IdleTunnels {

    /** KiB of PSS and RSS per tunnel, the tunnels alive, and KiB of live heap per tunnel (NaN: not a JVM). */
    record Outcome(double pssKib, double tunnels, double rssKib, double heapKib) {}

    private static final int OPENING_THREADS = 16;

    private IdleTunnels() {}

    /** Classes that changed by less than this many bytes per tunnel are left out of the table. */
    private static final double TABLE_MIN_BYTES = 1;

    /**
     * @param heapTable where to write what each tunnel holds, by class (a JVM proxy only), or null
     */
    static Outcome run(ProxyTarget proxy, InetSocketAddress echo, int count, long pid, Path heapTable)
            throws Exception {
        double heapBefore = JvmProbe.settle(pid);
        HeapHistogram objectsBefore = heapTable != null && !Double.isNaN(heapBefore) ? JvmProbe.histogram(pid) : null;
        ProcessMemory.Reading before = ProcessMemory.read(pid);
        List<Tunnel> held = Collections.synchronizedList(new ArrayList<>(count));
        AtomicInteger failed = new AtomicInteger();
        try {
            open(proxy, echo, count, held, failed);
            int alive = echoOnEach(held);
            // the proxy has set up both legs of every tunnel and relayed data: let the memory
            // it takes for them settle before reading it (a bounded wait on the PSS)
            ProcessMemory.awaitSteadyPss(pid, Duration.ofSeconds(8));
            double heapAfter = JvmProbe.settle(pid);
            ProcessMemory.Reading after = ProcessMemory.read(pid);
            if (objectsBefore != null && alive > 0) {
                HeapHistogram objectsAfter = JvmProbe.histogram(pid);
                Files.writeString(
                        heapTable,
                        "Live objects per idle tunnel, by class (" + alive + " tunnels, GC.class_histogram before and"
                                + " after)\n"
                                + HeapHistogram.table(
                                        HeapHistogram.perThing(objectsBefore, objectsAfter, alive, TABLE_MIN_BYTES)));
                System.out.println("  idle: objects per tunnel by class in " + heapTable);
            }
            System.out.printf(
                    Locale.ROOT,
                    "  idle: %d tunnels alive, %d failed; PSS %.0f -> %.0f kB, RSS %.0f -> %.0f kB%s%n",
                    alive,
                    failed.get(),
                    before.pssKb(),
                    after.pssKb(),
                    before.rssKb(),
                    after.rssKb(),
                    Double.isNaN(heapBefore)
                            ? ""
                            : String.format(Locale.ROOT, ", live heap %.0f -> %.0f kB", heapBefore, heapAfter));
            if (alive == 0) {
                return new Outcome(Double.NaN, 0, Double.NaN, Double.NaN);
            }
            return new Outcome(
                    (after.pssKb() - before.pssKb()) / alive,
                    alive,
                    (after.rssKb() - before.rssKb()) / alive,
                    (heapAfter - heapBefore) / alive);
        } finally {
            for (Tunnel tunnel : held) {
                tunnel.close();
            }
        }
    }

    private static void open(
            ProxyTarget proxy, InetSocketAddress echo, int count, List<Tunnel> held, AtomicInteger failed)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < OPENING_THREADS; i++) {
            Thread thread = new Thread(() -> {
                while (next.getAndIncrement() < count) {
                    try {
                        held.add(Tunnels.connect(proxy, echo));
                    } catch (IOException e) {
                        if (failed.incrementAndGet() == 1) {
                            System.out.println("  (idle: first failure: " + e + ")");
                        }
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    /** Every tunnel carries one echo, so the proxy has set up both legs and relayed data. */
    private static int echoOnEach(List<Tunnel> held) {
        byte[] one = {1};
        byte[] back = new byte[1];
        int alive = 0;
        for (Tunnel tunnel : held) {
            try {
                tunnel.out().write(one);
                tunnel.readFully(back, 1);
                alive++;
            } catch (IOException e) {
                // counted as missing
            }
        }
        return alive;
    }
}
