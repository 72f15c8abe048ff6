package io.socksgate.bench.measure;

import io.socksgate.bench.Options;
import io.socksgate.bench.client.ProxyTarget;
import io.socksgate.bench.probe.TcpSockets;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Every measurement against one proxy (or {@code direct}), in a fixed order, for one repetition.
 * The SOCKS rows need {@code --proxy} (a SOCKS5 proxy, or {@code direct}), the HTTP CONNECT row
 * needs {@code --http-proxy}, the TCP forwarding row {@code --forward} (a forwarder whose one
 * destination is the 32-byte echo server), the UDP rows {@code --proxy} or {@code --udp-forward}
 * (a UDP forwarder whose one destination is the UDP echo server: its round trips, without the SOCKS
 * header or an association to set up): each proxy gets the rows it speaks. A measurement that fails prints
 * why and records NaN; a connection rate the proxy refuses records a {@code <metric>_refused}
 * marker instead; the other rows still run.
 */
public final class Suite {

    private static final InetAddress LOOP = InetAddress.getLoopbackAddress();
    private static final String ALL_ROWS = "bulk,rate,http,forward,udp,idle,slow";

    /** A measurement giving one value. */
    private interface Measurement {
        double run() throws Exception;
    }

    /** A measurement giving several values. */
    private interface Measurements<T> {
        T run() throws Exception;
    }

    private Suite() {}

    public static void run(Options o) throws Exception {
        String name = o.need("name");
        String rep = o.get("rep", "1");
        ProxyTarget plain = o.has("proxy") ? ProxyTarget.socks5(o.need("proxy"), null, null) : null;
        ProxyTarget auth =
                o.has("auth-proxy") ? ProxyTarget.socks5(o.need("auth-proxy"), o.need("user"), o.need("pass")) : null;
        ProxyTarget http = o.has("http-proxy") ? ProxyTarget.httpConnect(o.need("http-proxy")) : null;
        ProxyTarget forward = o.has("forward") ? ProxyTarget.forward(o.need("forward")) : null;
        ProxyTarget udpForward = o.has("udp-forward") ? ProxyTarget.forward(o.need("udp-forward")) : null;
        ProxyTarget udpTarget = plain != null ? plain : udpForward;
        long pid = Long.parseLong(o.get("pid", "0"));
        // the process behind --auth-proxy, when it is another one (Dante and microsocks run two)
        long authPid = Long.parseLong(o.get("auth-pid", Long.toString(pid)));
        boolean udp = o.flag("udp", true);
        double warm = o.decimal("warmup", 1);
        double secs = o.decimal("seconds", 5);
        double slowSecs = o.decimal("slow-seconds", 20);
        int idleCount = o.integer("idle", 9000);
        List<String> rows = Arrays.stream(o.get("only", ALL_ROWS).split(","))
                .filter(row -> switch (row) {
                    case "http" -> http != null;
                    case "forward" -> forward != null;
                    case "udp" -> udpTarget != null;
                    default -> plain != null;
                })
                .toList();
        InetSocketAddress sink = loopback(o, "sink");
        InetSocketAddress source = loopback(o, "source");
        InetSocketAddress echo = loopback(o, "echo");
        InetSocketAddress echo32 = loopback(o, "echo32");
        InetSocketAddress slow = loopback(o, "slow");
        InetSocketAddress udpEcho = loopback(o, "udp-port");

        Results r = new Results();
        System.out.println("== " + name + " (rep " + rep + ")");
        if (rows.contains("bulk")) {
            for (int n : new int[] {1, 8}) {
                r.put("bulk_up_" + n, guard(() -> Bulk.run(plain, sink, true, n, warm, secs)));
                r.put("bulk_down_" + n, guard(() -> Bulk.run(plain, source, false, n, warm, secs)));
            }
        }
        if (rows.contains("rate")) {
            rate(r, "rate_noauth", plain, echo32, pid, warm, secs);
            if (auth != null) {
                rate(r, "rate_auth", auth, echo32, authPid, warm, secs);
            }
        }
        if (rows.contains("http")) {
            rate(r, "http_rate", http, echo32, pid, warm, secs);
        }
        if (rows.contains("forward")) {
            // the forwarder connects to the echo server itself; the destination here goes unused
            rate(r, "fwd_rate", forward, echo32, pid, warm, secs);
        }
        if (rows.contains("udp") && udp) {
            UdpRoundTrips.Outcome trips = guarded(() -> UdpRoundTrips.run(udpTarget, udpEcho, pid, warm, secs));
            r.put("udp_rtt", trips == null ? Double.NaN : trips.perSecond());
            if (pid > 0) {
                r.put("udp_rtt_cpu_us", trips == null ? Double.NaN : trips.cpuMicros());
            }
            UdpRoundTrips.Outcome busy = guarded(() -> BusyUdpRoundTrips.run(udpTarget, udpEcho, pid, warm, secs));
            r.put("udp_busy_rtt", busy == null ? Double.NaN : busy.perSecond());
            if (pid > 0) {
                r.put("udp_busy_rtt_cpu_us", busy == null ? Double.NaN : busy.cpuMicros());
            }
            if (udpTarget.protocol() == ProxyTarget.Protocol.SOCKS5) {
                UdpSetups.Outcome setups = guarded(() -> UdpSetups.run(plain, udpEcho, pid, warm, secs));
                r.put("udp_setup", setups == null ? Double.NaN : setups.perSecond());
                if (pid > 0) {
                    r.put("udp_setup_cpu_us", setups == null ? Double.NaN : setups.cpuMicros());
                }
            }
        }
        if (pid > 0 && rows.contains("idle")) {
            Path heapTable = o.has("heap-tables")
                    ? Path.of(o.need("heap-tables"), name + "-rep" + rep + "-idle-heap.txt")
                    : null;
            IdleTunnels.Outcome idle = guarded(() -> IdleTunnels.run(plain, echo, idleCount, pid, heapTable));
            r.put("idle_kib", idle == null ? Double.NaN : idle.pssKib());
            r.put("idle_tunnels", idle == null ? Double.NaN : idle.tunnels());
            if (idle != null && !Double.isNaN(idle.heapKib())) {
                r.put("idle_heap_kib", idle.heapKib());
            }
            awaitTornDown(plain, echo);
        }
        if (pid > 0 && rows.contains("slow")) {
            r.put("slow_up_mb", guard(() -> SlowReader.run(plain, slow, true, pid, slowSecs)));
            r.put("slow_down_mb", guard(() -> SlowReader.run(plain, source, false, pid, slowSecs)));
        }
        r.appendTo(Path.of(o.need("out")), rep, name);
    }

    /** A connection-rate row: ops/s, p50, p99 and (with a pid) the proxy's CPU µs per operation. */
    private static void rate(
            Results r, String key, ProxyTarget proxy, InetSocketAddress echo, long pid, double warm, double secs) {
        ConnectionRate.Outcome rate = guarded(() -> ConnectionRate.run(proxy, echo, 64, pid, warm, secs));
        if (rate != null && rate.isRefused()) {
            System.out.println("  " + key + ": refused by the proxy (" + rate.refusal() + ")");
            r.put(key + "_refused", 1);
            return;
        }
        r.put(key, rate == null ? Double.NaN : rate.opsPerSecond());
        r.put(key + "_p50_ms", rate == null ? Double.NaN : rate.p50Ms());
        r.put(key + "_p99_ms", rate == null ? Double.NaN : rate.p99Ms());
        if (pid > 0) {
            r.put(key + "_cpu_us", rate == null ? Double.NaN : rate.cpuMicros());
        }
    }

    /** The next row starts only when the proxy has closed both legs of every idle tunnel. */
    private static void awaitTornDown(ProxyTarget proxy, InetSocketAddress echo) throws InterruptedException {
        Set<Integer> ports = new HashSet<>(Set.of(echo.getPort()));
        if (!proxy.isDirect()) {
            ports.add(proxy.proxy().getPort());
        }
        if (!TcpSockets.awaitGone(ports, Duration.ofSeconds(30))) {
            System.out.println("  (idle: " + TcpSockets.live(ports) + " connections still open after 30 s)");
        }
    }

    private static InetSocketAddress loopback(Options o, String key) {
        return new InetSocketAddress(LOOP, o.integer(key, 0));
    }

    private static double guard(Measurement m) {
        try {
            return m.run();
        } catch (Exception e) {
            System.out.println("  FAILED: " + e);
            return Double.NaN;
        }
    }

    /** The measurement's values, or null when it failed (and why is printed). */
    private static <T> T guarded(Measurements<T> m) {
        try {
            return m.run();
        } catch (Exception e) {
            System.out.println("  FAILED: " + e);
            return null;
        }
    }
}
