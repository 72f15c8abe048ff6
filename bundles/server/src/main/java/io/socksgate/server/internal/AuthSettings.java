package io.socksgate.server.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The login throttle's settings ({@code io.socksgate.auth}), checked key by key so that an
 * operator learns about every bad value at once, each with what was expected.
 */
record AuthSettings(int failuresMax, Duration failuresWindow, Duration blockTime) {

    static final int DEFAULT_FAILURES_MAX = 5;
    static final int DEFAULT_FAILURES_WINDOW = 60;
    static final int DEFAULT_BLOCK_TIME = 300;

    static final AuthSettings DEFAULTS = new AuthSettings(
            DEFAULT_FAILURES_MAX, Duration.ofSeconds(DEFAULT_FAILURES_WINDOW), Duration.ofSeconds(DEFAULT_BLOCK_TIME));

    /**
     * Parses the configuration's properties; a key that is absent takes its default.
     *
     * @param problems receives one message per bad key: key, value, and what is expected
     * @return the settings, or null when there was a problem
     */
    static AuthSettings from(Map<String, ?> properties, List<String> problems) {
        int before = problems.size();
        int failuresMax = whole(properties, "failures.max", DEFAULT_FAILURES_MAX, 0, "0 never blocks", problems);
        int window = whole(properties, "failures.window", DEFAULT_FAILURES_WINDOW, 1, "seconds", problems);
        int blockTime = whole(properties, "block.time", DEFAULT_BLOCK_TIME, 1, "seconds", problems);
        if (problems.size() > before) {
            return null;
        }
        return new AuthSettings(failuresMax, Duration.ofSeconds(window), Duration.ofSeconds(blockTime));
    }

    @Override
    public String toString() {
        return "failures.max=" + failuresMax + " failures.window=" + failuresWindow.toSeconds() + "s block.time="
                + blockTime.toSeconds() + "s";
    }

    LoginThrottle.Limits limits() {
        return new LoginThrottle.Limits(failuresMax, failuresWindow, blockTime);
    }

    private static int whole(
            Map<String, ?> properties, String key, int fallback, int min, String unit, List<String> problems) {
        Object value = properties.get(key);
        if (value == null) {
            return fallback;
        }
        String text = value.toString().trim();
        try {
            long number = value instanceof Number n && !(value instanceof Double || value instanceof Float)
                    ? n.longValue()
                    : Long.parseLong(text);
            if (number >= min && number <= Integer.MAX_VALUE) {
                return (int) number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(key + " = '" + text + "': expected a whole number from " + min + " (" + unit + ")");
        return fallback;
    }
}
