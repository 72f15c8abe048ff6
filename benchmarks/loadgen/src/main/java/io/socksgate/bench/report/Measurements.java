package io.socksgate.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The results file read back: the values of each metric and proxy over the repetitions. */
final class Measurements {

    /** metric, proxy, repetition: value (a proxy measures each row once per repetition). */
    private final Map<String, Map<String, Map<Integer, Double>>> byRepetition = new HashMap<>();

    private final Set<String> proxies = new HashSet<>();
    private int repetitions;

    private Measurements() {}

    /** Reads {@code rep<TAB>proxy<TAB>metric<TAB>value} lines; NaN (a failed measurement) is left out. */
    static Measurements read(Path file) throws IOException {
        Measurements m = new Measurements();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split("\t");
            if (f.length != 4) {
                continue;
            }
            int rep = Integer.parseInt(f[0]);
            m.repetitions = Math.max(m.repetitions, rep);
            m.proxies.add(f[1]);
            double value = Double.parseDouble(f[3]);
            if (!Double.isNaN(value)) {
                m.byRepetition
                        .computeIfAbsent(f[2], k -> new HashMap<>())
                        .computeIfAbsent(f[1], k -> new HashMap<>())
                        .put(rep, value);
            }
        }
        return m;
    }

    /** The highest repetition number in the file. */
    int repetitions() {
        return repetitions;
    }

    /** Whether the proxy took part in the run (has any line, even only failures). */
    boolean hasProxy(String proxy) {
        return proxies.contains(proxy);
    }

    /** The proxy's values of a metric over the repetitions that have one. */
    List<Double> values(String metric, String proxy) {
        return List.copyOf(byRepetition
                .getOrDefault(metric, Map.of())
                .getOrDefault(proxy, Map.of())
                .values());
    }

    /** The value of one repetition, or null when that repetition has none. */
    Double value(String metric, String proxy, int repetition) {
        return byRepetition
                .getOrDefault(metric, Map.of())
                .getOrDefault(proxy, Map.of())
                .get(repetition);
    }

    /** Whether the proxy refused the row's tunnels in a repetition (a {@code <metric>_refused} line). */
    boolean refused(String metric, String proxy) {
        return !values(metric + "_refused", proxy).isEmpty();
    }
}
