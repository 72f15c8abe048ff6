package io.socksgate.bench.report;

import io.socksgate.bench.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The Markdown table of a run: the median of the repetitions for every row and proxy that took
 * part, Socksgate's ratio to the row's peer (Dante for SOCKS, Squid for HTTP CONNECT), with a
 * second Socksgate distribution its ratio to that one, the bar, and (not for a quick run) whether
 * Socksgate meets it.
 */
public final class Report {

    /** The column of the Socksgate distribution a change is compared with (run.sh --dist-before). */
    static final String BEFORE = "socksgate-before";

    /** The columns, in this order, of the proxies that have any value in the run. */
    static final List<String> PROXIES = List.of(
            "direct",
            "dante",
            "microsocks",
            "squid",
            "tinyproxy",
            "haproxy",
            "nginx",
            BEFORE,
            "socksgate",
            "socksgate-via-dante");

    private Report() {}

    public static void run(Options o) throws Exception {
        Measurements data = Measurements.read(Path.of(o.need("in")));
        boolean quick = o.flag("quick", false);
        List<String> columns = PROXIES.stream().filter(data::hasProxy).toList();
        boolean before = columns.contains(BEFORE);
        StringBuilder sb = new StringBuilder("| Measurement |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String proxy : columns) {
            sb.append(' ').append(proxy).append(" |");
            rule.append("---:|");
        }
        sb.append(" socksgate / peer |");
        rule.append("---:|");
        if (before) {
            sb.append(" socksgate / before |");
            rule.append("---:|");
        }
        sb.append(" bar |").append(quick ? "" : " verdict |").append('\n');
        rule.append("---|").append(quick ? "" : "---|").append('\n');
        sb.append(rule);
        for (Row row : Row.ALL) {
            sb.append("| ").append(row.label()).append(" |");
            Medians medians = new Medians();
            for (String proxy : columns) {
                sb.append(' ').append(cell(data, row, proxy, medians)).append(" |");
            }
            String peer = row.bar().ratioPeer();
            String ratio = peer == null ? "" : orNa(medians.ratio("socksgate", peer));
            sb.append(' ').append(ratio).append(" |");
            if (before) {
                String beforeRatio = row.comparedWithBefore() ? orNa(medians.ratio("socksgate", BEFORE)) : "";
                sb.append(' ').append(beforeRatio).append(" |");
            }
            sb.append(' ').append(row.bar().text()).append(" |");
            if (!quick) {
                sb.append(' ').append(verdict(data, row, medians)).append(" |");
            }
            sb.append('\n');
        }
        String repetitions = Repetitions.table(data, columns, quick);
        String table = sb + (repetitions.isEmpty() ? "" : "\n" + repetitions);
        System.out.print(table);
        if (o.has("out")) {
            Files.writeString(Path.of(o.need("out")), table);
        }
    }

    /** The median (noting missing repetitions), "n/a (refused)", or "n/a"; records the median. */
    private static String cell(Measurements data, Row row, String proxy, Medians medians) {
        List<Double> values = data.values(row.key(), proxy);
        if (values.isEmpty()) {
            return data.refused(row.key(), proxy) ? "n/a (refused)" : "n/a";
        }
        double median = Numbers.median(values);
        medians.put(proxy, median);
        String cell = Numbers.format(median);
        if (values.size() < data.repetitions()) {
            cell += " (" + values.size() + "/" + data.repetitions() + " runs)";
        }
        return cell;
    }

    /** met / NOT met for a row with a bar; a Socksgate that refuses the row does not meet it. */
    private static String verdict(Measurements data, Row row, Medians medians) {
        Double socksgate = medians.of("socksgate");
        if (row.bar().text().isEmpty()) {
            return "";
        }
        if (socksgate == null) {
            return data.refused(row.key(), "socksgate") ? "NOT met" : "";
        }
        return row.bar().met(socksgate, medians) ? "met" : "NOT met";
    }

    private static String orNa(String ratio) {
        return ratio == null ? "n/a" : ratio;
    }
}
