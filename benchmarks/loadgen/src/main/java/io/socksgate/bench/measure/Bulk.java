package io.socksgate.bench.measure;

import io.socksgate.bench.Windows;
import io.socksgate.bench.client.ProxyTarget;
import io.socksgate.bench.client.Tunnel;
import io.socksgate.bench.client.Tunnels;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Throughput: n tunnels, one thread each; upload = the client writes 128 KiB buffers to the sink,
 * download = the client reads from the source. MB/s (10^6 bytes) in the measured window.
 */
final class Bulk {

    private Bulk() {}

    static double run(ProxyTarget proxy, InetSocketAddress server, boolean up, int tunnels, double warm, double secs)
            throws Exception {
        LongAdder bytes = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger errors = new AtomicInteger();
        List<Tunnel> open = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        double megabytesPerSecond;
        try {
            for (int i = 0; i < tunnels; i++) {
                Tunnel tunnel = Tunnels.connect(proxy, server);
                tunnel.socket().setSoTimeout(0);
                open.add(tunnel);
                Thread thread = new Thread(() -> {
                    try {
                        if (up) {
                            upload(tunnel.out(), bytes, stop);
                        } else {
                            download(tunnel.in(), bytes, stop);
                        }
                    } catch (IOException e) {
                        if (!stop.get()) {
                            errors.incrementAndGet();
                        }
                    }
                });
                thread.setDaemon(true);
                threads.add(thread);
            }
            threads.forEach(Thread::start);
            Windows.elapse(warm);
            long b0 = bytes.sum();
            long t0 = System.nanoTime();
            Windows.elapse(secs);
            long b1 = bytes.sum();
            long t1 = System.nanoTime();
            megabytesPerSecond = (b1 - b0) / 1e6 / ((t1 - t0) / 1e9);
        } finally {
            stop.set(true);
            for (Tunnel tunnel : open) {
                tunnel.close();
            }
            for (Thread thread : threads) {
                thread.join(5000);
            }
        }
        if (errors.get() > 0) {
            System.out.println("  (bulk: " + errors.get() + " streams failed early)");
        }
        return megabytesPerSecond;
    }

    private static void upload(OutputStream out, LongAdder bytes, AtomicBoolean stop) throws IOException {
        byte[] buffer = new byte[128 * 1024];
        while (!stop.get()) {
            out.write(buffer);
            bytes.add(buffer.length);
        }
    }

    private static void download(InputStream in, LongAdder bytes, AtomicBoolean stop) throws IOException {
        byte[] buffer = new byte[128 * 1024];
        while (!stop.get()) {
            int n = in.read(buffer);
            if (n < 0) {
                throw new EOFException();
            }
            bytes.add(n);
        }
    }
}
