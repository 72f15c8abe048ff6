package io.socksgate.bench.measure;

import io.socksgate.bench.Pacer;
import io.socksgate.bench.client.ProxyTarget;
import io.socksgate.bench.client.Streams;
import io.socksgate.bench.client.Tunnel;
import io.socksgate.bench.client.Tunnels;
import io.socksgate.bench.probe.JvmProbe;
import io.socksgate.bench.probe.ProcessMemory;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Slow reader behind a fast sender: up = the client writes as fast as it can to the slow sink
 * (1 MiB/s); down = the source writes as fast as it can to this client, which reads 1 MiB/s. The
 * proxy's PSS is sampled every 250 ms; the result is its largest growth over the start, MB (2^20).
 */
final class SlowReader {

    private static final long SAMPLE_MILLIS = 250;

    private SlowReader() {}

    static double run(ProxyTarget proxy, InetSocketAddress server, boolean up, long pid, double secs) throws Exception {
        JvmProbe.settle(pid);
        double start = ProcessMemory.pssKb(pid);
        double max = start;
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder moved = new LongAdder();
        Tunnel tunnel = Tunnels.connect(proxy, server);
        tunnel.socket().setSoTimeout(0);
        if (!up) {
            tunnel.socket().setReceiveBufferSize(64 * 1024);
        }
        Thread thread = new Thread(() -> {
            try {
                if (up) {
                    writeFast(tunnel.out(), moved, stop);
                } else {
                    readSlowly(tunnel.in(), moved, stop);
                }
            } catch (Exception e) {
                // closed at the end
            }
        });
        thread.setDaemon(true);
        thread.start();
        // the measurement window: a PSS sample every 250 ms
        long end = System.nanoTime() + (long) (secs * 1e9);
        while (System.nanoTime() < end) {
            Thread.sleep(SAMPLE_MILLIS);
            max = Math.max(max, ProcessMemory.pssKb(pid));
        }
        stop.set(true);
        tunnel.close();
        thread.join(5000);
        System.out.printf(
                Locale.ROOT,
                "  slow %s: %.1f MB passed the client in %.0f s, proxy PSS %.0f kB -> max %.0f kB%n",
                up ? "up" : "down",
                moved.sum() / 1e6,
                secs,
                start,
                max);
        return (max - start) / 1024.0;
    }

    private static void writeFast(OutputStream out, LongAdder moved, AtomicBoolean stop) throws Exception {
        byte[] buffer = new byte[128 * 1024];
        while (!stop.get()) {
            out.write(buffer);
            moved.add(buffer.length);
        }
    }

    private static void readSlowly(InputStream in, LongAdder moved, AtomicBoolean stop) throws Exception {
        byte[] buffer = new byte[Pacer.SLOW_CHUNK];
        Pacer pacer = Pacer.oneMibPerSecond();
        while (!stop.get()) {
            Streams.readFully(in, buffer, buffer.length);
            moved.add(buffer.length);
            pacer.awaitNextStep();
        }
    }
}
