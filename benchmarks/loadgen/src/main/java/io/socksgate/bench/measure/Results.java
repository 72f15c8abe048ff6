package io.socksgate.bench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One suite's values, printed as they come and then appended to the results file as {@code
 * rep<TAB>proxy<TAB>metric<TAB>value} lines (NaN for a measurement that failed).
 */
final class Results {

    private final Map<String, Double> values = new LinkedHashMap<>();

    void put(String metric, double value) {
        values.put(metric, value);
        System.out.printf(Locale.ROOT, "  %-22s %.3f%n", metric, value);
    }

    void appendTo(Path file, String rep, String proxy) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (var e : values.entrySet()) {
            lines.append(rep)
                    .append('\t')
                    .append(proxy)
                    .append('\t')
                    .append(e.getKey())
                    .append('\t')
                    .append(String.format(Locale.ROOT, "%.4f", e.getValue()))
                    .append('\n');
        }
        Files.writeString(file, lines.toString(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
