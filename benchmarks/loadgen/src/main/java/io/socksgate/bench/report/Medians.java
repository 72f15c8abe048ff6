package io.socksgate.bench.report;

import java.util.HashMap;
import java.util.Map;

/** One row's median per proxy. */
final class Medians {

    private final Map<String, Double> byProxy = new HashMap<>();

    void put(String proxy, double median) {
        byProxy.put(proxy, median);
    }

    /** The median, or null when the proxy has no value in this row. */
    Double of(String proxy) {
        return byProxy.get(proxy);
    }

    /** {@code a / b} with two decimals, or null when either is missing or b is 0. */
    String ratio(String a, String b) {
        Double x = of(a);
        Double y = of(b);
        return x == null || y == null || y == 0 ? null : String.format(java.util.Locale.ROOT, "%.2f", x / y);
    }
}
