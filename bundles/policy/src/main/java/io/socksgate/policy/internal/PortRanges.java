package io.socksgate.policy.internal;

import java.util.ArrayList;
import java.util.List;

/** Port lists like {@code 80,443,8000-8999}. */
final class PortRanges {

    private record Range(int low, int high) {}

    private final List<Range> ranges;

    private PortRanges(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /** @throws IllegalArgumentException for anything but ports 0-65535 and ascending ranges */
    static PortRanges parse(List<String> entries, String key) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : entries) {
            String[] bounds = entry.split("-", -1);
            if (bounds.length > 2) {
                throw new IllegalArgumentException(key + ": '" + entry + "' is not a port or a port range");
            }
            int low = port(bounds[0], entry, key);
            int high = bounds.length == 2 ? port(bounds[1], entry, key) : low;
            if (low > high) {
                throw new IllegalArgumentException(key + ": range '" + entry + "' runs backwards");
            }
            ranges.add(new Range(low, high));
        }
        return new PortRanges(ranges);
    }

    boolean contains(int port) {
        for (Range range : ranges) {
            if (port >= range.low() && port <= range.high()) {
                return true;
            }
        }
        return false;
    }

    private static int port(String text, String entry, String key) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + ": '" + entry + "' is not a port or a port range (0-65535)");
    }
}
