package io.socksgate.policy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Port lists like {@code 80,443,8000-8999}; in {@code destination.ports} also {@code management},
 * this host's management ports as its running configuration says ({@link ManagementPorts}).
 */
final class PortRanges {

    private record Range(int low, int high) {}

    private final List<Range> ranges;
    /** The management ports, when the list names them; else null. */
    private final ManagementPorts management;

    private PortRanges(List<Range> ranges, ManagementPorts management) {
        this.ranges = List.copyOf(ranges);
        this.management = management;
    }

    /**
     * @param management what the {@code management} token stands for, or null where the key does
     *     not accept it
     * @throws IllegalArgumentException for anything but ports 0-65535, ascending ranges and (where
     *     accepted) the token
     */
    static PortRanges parse(List<String> entries, String key, ManagementPorts management) {
        List<Range> ranges = new ArrayList<>();
        boolean namesManagement = false;
        for (String entry : entries) {
            if (management != null && entry.toLowerCase(Locale.ROOT).equals(ManagementPorts.TOKEN)) {
                namesManagement = true;
                continue;
            }
            String[] bounds = entry.split("-", -1);
            if (bounds.length > 2) {
                throw new IllegalArgumentException(key + ": '" + entry + "' is not a port or a port range");
            }
            int low = port(bounds[0], entry, key, management != null);
            int high = bounds.length == 2 ? port(bounds[1], entry, key, management != null) : low;
            if (low > high) {
                throw new IllegalArgumentException(key + ": range '" + entry + "' runs backwards");
            }
            ranges.add(new Range(low, high));
        }
        return new PortRanges(ranges, namesManagement ? management : null);
    }

    boolean contains(int port) {
        for (Range range : ranges) {
            if (port >= range.low() && port <= range.high()) {
                return true;
            }
        }
        return management != null && management.test(port);
    }

    /** What {@code management} stands for right now, for rule-test's reasons; empty if unused. */
    String resolvedTokens() {
        return management == null ? "" : " (" + ManagementPorts.TOKEN + " = " + management.ports() + ")";
    }

    private static int port(String text, String entry, String key, boolean tokenAccepted) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + ": '" + entry + "' is not a port or a port range (0-65535)"
                + (tokenAccepted ? " or '" + ManagementPorts.TOKEN + "'" : ""));
    }
}
