package io.socksgate.bench.report;

import java.util.List;
import java.util.Locale;

/**
 * The second table of a run: the rows whose spread matters, each proxy's value in every
 * repetition, and the spread around the median. Issue 19 asks for Socksgate's connection rates
 * within ±15 % of their median; this table judges that, and a repetition that has no value fails
 * it. Beside a rate, in brackets, the proxy's CPU per operation in that window: the work per
 * operation does not change between repetitions, so a slow repetition whose CPU per operation
 * rose was slowed on the proxy's core, and the C peers (no JIT, no collector) show how much of
 * that the host does to every program in the same run.
 */
final class Repetitions {

    /** How far a repetition may lie from the median (issue 19). */
    private static final double SPREAD_BAR = 0.15;

    private record Judged(String key, String label, boolean barred) {}

    private static final List<Judged> ROWS = List.of(
            new Judged("rate_noauth", "Connect+echo+close, no auth (ops/s)", true),
            new Judged("rate_auth", "Connect+echo+close, username/password (ops/s)", true),
            new Judged("http_rate", "HTTP CONNECT connect+echo+close (ops/s)", false),
            new Judged("udp_busy_rtt", "UDP round trips, 16 associations (per s)", false),
            new Judged("bulk_up_8", "Throughput, 8 tunnels, upload (MB/s)", false),
            new Judged("bulk_down_8", "Throughput, 8 tunnels, download (MB/s)", false));

    private Repetitions() {}

    /** The table, or nothing for a run of one repetition. */
    static String table(Measurements data, List<String> proxies, boolean quick) {
        int reps = data.repetitions();
        if (reps < 2) {
            return "";
        }
        StringBuilder sb = new StringBuilder("| Repetitions | proxy |");
        StringBuilder rule = new StringBuilder("|---|---|");
        for (int rep = 1; rep <= reps; rep++) {
            sb.append(' ').append(rep).append(" |");
            rule.append("---:|");
        }
        sb.append(" spread around the median | bar |")
                .append(quick ? "" : " verdict |")
                .append('\n');
        rule.append("---|---|").append(quick ? "" : "---|").append('\n');
        sb.append(rule);
        for (Judged row : ROWS) {
            for (String proxy : proxies) {
                List<Double> values = data.values(row.key(), proxy);
                if (values.isEmpty()) {
                    continue;
                }
                sb.append("| ").append(row.label()).append(" | ").append(proxy).append(" |");
                for (int rep = 1; rep <= reps; rep++) {
                    sb.append(' ').append(cell(data, row.key(), proxy, rep)).append(" |");
                }
                double median = Numbers.median(values);
                double low =
                        values.stream().mapToDouble(Double::doubleValue).min().orElseThrow() / median - 1;
                double high =
                        values.stream().mapToDouble(Double::doubleValue).max().orElseThrow() / median - 1;
                sb.append(' ')
                        .append(percent(low))
                        .append(" / ")
                        .append(percent(high))
                        .append(" |");
                boolean barred = row.barred() && proxy.equals("socksgate");
                sb.append(' ').append(barred ? "±15 %" : "").append(" |");
                if (!quick) {
                    boolean met = values.size() == reps && -low <= SPREAD_BAR && high <= SPREAD_BAR;
                    sb.append(' ')
                            .append(barred ? (met ? "met" : "NOT met") : "")
                            .append(" |");
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static String cell(Measurements data, String key, String proxy, int rep) {
        Double value = data.value(key, proxy, rep);
        if (value == null) {
            return "n/a";
        }
        Double cpu = data.value(key + "_cpu_us", proxy, rep);
        return Numbers.format(value) + (cpu == null ? "" : " (" + Numbers.format(cpu) + " µs)");
    }

    /** {@code −20.0 %}, {@code +4.0 %}: the sign always written, a true minus sign. */
    private static String percent(double fraction) {
        String digits = String.format(Locale.ROOT, "%.1f %%", Math.abs(fraction) * 100);
        return (fraction < 0 ? "\u2212" : "+") + digits;
    }
}
