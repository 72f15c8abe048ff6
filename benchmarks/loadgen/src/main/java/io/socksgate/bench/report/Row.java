package io.socksgate.bench.report;

import java.util.List;

/**
 * A row of the report: the metric it shows, its label and its bar.
 *
 * @param comparedWithBefore whether the "socksgate / before" column shows a ratio: not for values
 *     that are near zero by design (the slow reader's growth), where a ratio says nothing
 */
record Row(String key, String label, Bar bar, boolean comparedWithBefore) {

    Row(String key, String label, Bar bar) {
        this(key, label, bar, true);
    }

    private static final Bar NONE = new Bar.None();
    private static final Bar DANTE = new Bar.AtLeast("dante", 1);
    private static final Bar TWICE_DANTE = new Bar.AtLeast("dante", 2);
    private static final Bar TWICE_SQUID = new Bar.AtLeast("squid", 2);
    /** Issue 19: half of Dante's CPU per connection. */
    private static final Bar HALF_DANTE_CPU = new Bar.AtMostTimes("dante", 0.5);

    static final List<Row> ALL = List.of(
            new Row("bulk_up_1", "Throughput, 1 tunnel, upload (MB/s)", DANTE),
            new Row("bulk_down_1", "Throughput, 1 tunnel, download (MB/s)", DANTE),
            new Row("bulk_up_8", "Throughput, 8 tunnels, upload (MB/s)", DANTE),
            new Row("bulk_down_8", "Throughput, 8 tunnels, download (MB/s)", DANTE),
            new Row("rate_noauth", "Connect+echo+close, 64 clients, no auth (ops/s)", TWICE_DANTE),
            new Row("rate_noauth_p50_ms", "  latency p50, no auth (ms)", NONE),
            new Row("rate_noauth_p99_ms", "  latency p99, no auth (ms)", NONE),
            new Row("rate_noauth_cpu_us", "  proxy CPU per operation, no auth (µs)", HALF_DANTE_CPU),
            new Row("rate_auth", "Connect+echo+close, 64 clients, username/password (ops/s)", TWICE_DANTE),
            new Row("rate_auth_p50_ms", "  latency p50, username/password (ms)", NONE),
            new Row("rate_auth_p99_ms", "  latency p99, username/password (ms)", NONE),
            new Row("rate_auth_cpu_us", "  proxy CPU per operation, username/password (µs)", HALF_DANTE_CPU),
            new Row("http_rate", "HTTP CONNECT connect+echo+close, 64 clients (ops/s)", TWICE_SQUID),
            new Row("http_rate_p50_ms", "  latency p50, HTTP CONNECT (ms)", NONE),
            new Row("http_rate_p99_ms", "  latency p99, HTTP CONNECT (ms)", NONE),
            new Row("http_rate_cpu_us", "  proxy CPU per operation, HTTP CONNECT (µs)", NONE),
            // A reference, not a contest: the same connect+echo+close through a TCP forwarder with
            // one fixed destination (HAProxy, mode tcp), i.e. the accept, connect, relay and close
            // of a tunnel without any handshake, what every proxy above pays at least.
            new Row("fwd_rate", "TCP forward, no handshake (HAProxy mode tcp), 64 clients (ops/s)", NONE),
            new Row("fwd_rate_p50_ms", "  latency p50, TCP forward (ms)", NONE),
            new Row("fwd_rate_p99_ms", "  latency p99, TCP forward (ms)", NONE),
            new Row("fwd_rate_cpu_us", "  proxy CPU per operation, TCP forward (µs)", NONE),
            new Row("udp_rtt", "UDP ASSOCIATE round trips, 64 B (per s)", new Bar.AtLeast("dante", 1.5)),
            new Row("udp_rtt_cpu_us", "  proxy CPU per round trip (µs)", NONE),
            // The same with the relay kept busy (16 associations, one datagram in flight each): the
            // row above is the latency of one round trip, this one what the relay carries.
            new Row(
                    "udp_busy_rtt",
                    "UDP ASSOCIATE round trips, 16 associations × 1 in flight (per s)",
                    new Bar.AtLeast("dante", 1.5)),
            new Row("udp_busy_rtt_cpu_us", "  proxy CPU per round trip, 16 associations (µs)", NONE),
            new Row("udp_setup", "UDP ASSOCIATE setups: open, one round trip, close, 16 clients (per s)", DANTE),
            new Row("udp_setup_cpu_us", "  proxy CPU per setup (µs)", NONE),
            new Row("idle_kib", "Proxy memory per idle tunnel (KiB, PSS delta / tunnels)", NONE),
            // Judged by the live heap (issue 19: live heap after a full GC plus native memory): a
            // JVM's PSS delta stays below it when the earlier rows left heap pages resident.
            new Row(
                    "idle_heap_kib",
                    "  live Java heap per idle tunnel (KiB, after full GC)",
                    new Bar.AtMost(3, "≤ 3 KiB", null)),
            new Row("idle_tunnels", "  idle tunnels held open", NONE),
            new Row(
                    "slow_up_mb",
                    "Slow reader (1 MiB/s) behind fast sender, client→server: proxy PSS growth (MB)",
                    new Bar.AtMost(64, "≤ 64 MB", null),
                    false),
            new Row(
                    "slow_down_mb",
                    "Slow reader (1 MiB/s) behind fast sender, server→client: proxy PSS growth (MB)",
                    new Bar.AtMost(64, "≤ 64 MB", null),
                    false));
}
