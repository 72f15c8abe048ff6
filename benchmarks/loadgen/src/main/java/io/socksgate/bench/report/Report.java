package io.socksgate.bench.report;

import io.socksgate.bench.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Markdown table of a run: the median of the repetitions for every row and proxy, Socksgate's
 * ratio to Dante, the bar, and (not for a quick run) whether Socksgate meets it.
 */
public final class Report {

    static final List<String> PROXIES = List.of("direct", "dante", "microsocks", "socksgate");

    private Report() {}

    public static void run(Options o) throws Exception {
        Measurements data = Measurements.read(Path.of(o.need("in")));
        boolean quick = o.flag("quick", false);
        StringBuilder sb = new StringBuilder();
        sb.append("| Measurement | direct | dante | microsocks | socksgate | socksgate / dante | bar |");
        sb.append(quick ? "\n" : " verdict |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---|").append(quick ? "\n" : "---|\n");
        for (Row row : Row.ALL) {
            sb.append("| ").append(row.label()).append(" |");
            Map<String, Double> medians = new HashMap<>();
            for (String proxy : PROXIES) {
                List<Double> values = data.values(row.key(), proxy);
                if (values.isEmpty()) {
                    sb.append(" n/a |");
                    continue;
                }
                double median = Numbers.median(values);
                medians.put(proxy, median);
                sb.append(' ').append(Numbers.format(median));
                if (values.size() < data.repetitions()) {
                    sb.append(" (")
                            .append(values.size())
                            .append('/')
                            .append(data.repetitions())
                            .append(" runs)");
                }
                sb.append(" |");
            }
            Double socksgate = medians.get("socksgate");
            Double dante = medians.get("dante");
            String ratio = socksgate != null && dante != null && dante != 0
                    ? String.format(Locale.ROOT, "%.2f", socksgate / dante)
                    : "n/a";
            sb.append(' ')
                    .append(row.showsRatio() ? ratio : "")
                    .append(" | ")
                    .append(row.bar())
                    .append(" |");
            if (!quick) {
                String verdict = !row.bar().isEmpty() && socksgate != null
                        ? (row.met(socksgate, dante) ? "met" : "NOT met")
                        : "";
                sb.append(' ').append(verdict).append(" |");
            }
            sb.append('\n');
        }
        String table = sb.toString();
        System.out.print(table);
        if (o.has("out")) {
            Files.writeString(Path.of(o.need("out")), table);
        }
    }
}
