package io.socksgate.bench.report;

import java.math.BigDecimal;

/** What Socksgate's value in a row must reach (DESIGN.md, "Performance bars"; issue 8). */
sealed interface Bar {

    /** The bar as the table shows it; empty for none. */
    String text();

    /** Whether Socksgate's value meets it, given the medians of the other proxies. */
    boolean met(double socksgate, Medians medians);

    /** The proxy the "socksgate / peer" column divides by, or null for no ratio. */
    String ratioPeer();

    /** At least {@code factor} times a peer's value (higher is better). */
    record AtLeast(String peer, double factor) implements Bar {
        @Override
        public String text() {
            String name = Character.toUpperCase(peer.charAt(0)) + peer.substring(1);
            return factor == 1
                    ? "≥ " + name
                    : "≥ "
                            + new BigDecimal(Double.toString(factor))
                                    .stripTrailingZeros()
                                    .toPlainString() + " × " + name;
        }

        @Override
        public boolean met(double socksgate, Medians medians) {
            Double value = medians.of(peer);
            return value != null && socksgate >= factor * value;
        }

        @Override
        public String ratioPeer() {
            return peer;
        }
    }

    /** At most {@code factor} times a peer's value (lower is better: CPU per operation). */
    record AtMostTimes(String peer, double factor) implements Bar {
        @Override
        public String text() {
            String name = Character.toUpperCase(peer.charAt(0)) + peer.substring(1);
            return "≤ "
                    + new BigDecimal(Double.toString(factor))
                            .stripTrailingZeros()
                            .toPlainString() + " × " + name;
        }

        @Override
        public boolean met(double socksgate, Medians medians) {
            Double value = medians.of(peer);
            return value != null && socksgate <= factor * value;
        }

        @Override
        public String ratioPeer() {
            return peer;
        }
    }

    /**
     * At most a fixed limit (lower is better).
     *
     * @param ratioPeer a peer to show the ratio to anyway, or null
     */
    record AtMost(double limit, String text, String ratioPeer) implements Bar {
        @Override
        public boolean met(double socksgate, Medians medians) {
            return socksgate <= limit;
        }
    }

    /** Shown, not judged. */
    record None() implements Bar {
        @Override
        public String text() {
            return "";
        }

        @Override
        public boolean met(double socksgate, Medians medians) {
            return true;
        }

        @Override
        public String ratioPeer() {
            return null;
        }
    }
}
