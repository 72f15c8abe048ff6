package io.socksgate.bench.report;

import java.util.List;

/**
 * A row of the report: the metric it shows, its label, its bar and how a value is judged.
 *
 * @param kind HIGHER: higher is better, judged against Dante; LOWER: lower is better, judged
 *     against a fixed limit; INFO: shown, not judged
 */
record Row(String key, String label, String bar, Kind kind) {

    enum Kind {
        HIGHER,
        LOWER,
        INFO
    }

    static final List<Row> ALL = List.of(
            new Row("bulk_up_1", "Throughput, 1 tunnel, upload (MB/s)", "≥ Dante", Kind.HIGHER),
            new Row("bulk_down_1", "Throughput, 1 tunnel, download (MB/s)", "≥ Dante", Kind.HIGHER),
            new Row("bulk_up_8", "Throughput, 8 tunnels, upload (MB/s)", "≥ Dante", Kind.HIGHER),
            new Row("bulk_down_8", "Throughput, 8 tunnels, download (MB/s)", "≥ Dante", Kind.HIGHER),
            new Row("rate_noauth", "Connect+echo+close, 64 clients, no auth (ops/s)", "≥ 2 × Dante", Kind.HIGHER),
            new Row("rate_noauth_p50_ms", "  latency p50, no auth (ms)", "", Kind.INFO),
            new Row("rate_noauth_p99_ms", "  latency p99, no auth (ms)", "", Kind.INFO),
            new Row(
                    "rate_auth",
                    "Connect+echo+close, 64 clients, username/password (ops/s)",
                    "≥ 2 × Dante",
                    Kind.HIGHER),
            new Row("rate_auth_p50_ms", "  latency p50, username/password (ms)", "", Kind.INFO),
            new Row("rate_auth_p99_ms", "  latency p99, username/password (ms)", "", Kind.INFO),
            new Row("udp_rtt", "UDP ASSOCIATE round trips, 64 B (per s)", "≥ Dante", Kind.HIGHER),
            new Row("idle_kib", "Proxy memory per idle tunnel (KiB, PSS delta / tunnels)", "≤ 16 KiB", Kind.LOWER),
            new Row("idle_heap_kib", "  of which live Java heap per tunnel (KiB, after full GC)", "", Kind.INFO),
            new Row("idle_tunnels", "  idle tunnels held open", "", Kind.INFO),
            new Row(
                    "slow_up_mb",
                    "Slow reader (1 MiB/s) behind fast sender, client→server: proxy PSS growth (MB)",
                    "≤ 64 MB",
                    Kind.LOWER),
            new Row(
                    "slow_down_mb",
                    "Slow reader (1 MiB/s) behind fast sender, server→client: proxy PSS growth (MB)",
                    "≤ 64 MB",
                    Kind.LOWER));

    /** Whether Socksgate's value meets the bar, given Dante's (null when Dante has none). */
    boolean met(double socksgate, Double dante) {
        if (key.startsWith("rate")) {
            return dante != null && socksgate >= 2 * dante;
        }
        if (key.equals("idle_kib")) {
            return socksgate <= 16;
        }
        if (key.startsWith("slow")) {
            return socksgate <= 64;
        }
        return dante != null && socksgate >= dante;
    }

    /** The socksgate / dante column: for rows judged against Dante (and memory per tunnel). */
    boolean showsRatio() {
        return kind != Kind.INFO && !key.startsWith("slow");
    }
}
