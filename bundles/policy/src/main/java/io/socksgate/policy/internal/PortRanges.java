package io.socksgate.policy.internal;

import io.socksgate.config.PortRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Port lists like {@code 80,443,8000-8999} ({@link PortRange}, as every port key writes them); in
 * {@code destination.ports} also {@code management}, this host's management ports as its running
 * configuration says ({@link ManagementPorts}).
 */
final class PortRanges {

    private final List<PortRange> ranges;
    /** The management ports, when the list names them; else null. */
    private final ManagementPorts management;

    private PortRanges(List<PortRange> ranges, ManagementPorts management) {
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
        List<PortRange> ranges = new ArrayList<>();
        boolean namesManagement = false;
        for (String entry : entries) {
            if (management != null && entry.toLowerCase(Locale.ROOT).equals(ManagementPorts.TOKEN)) {
                namesManagement = true;
                continue;
            }
            try {
                ranges.add(PortRange.parse(entry));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": " + e.getMessage()
                        + (management != null ? ", or '" + ManagementPorts.TOKEN + "'" : ""));
            }
        }
        return new PortRanges(ranges, namesManagement ? management : null);
    }

    boolean contains(int port) {
        for (PortRange range : ranges) {
            if (range.contains(port)) {
                return true;
            }
        }
        return management != null && management.test(port);
    }

    /** What {@code management} stands for right now, for rule-test's reasons; empty if unused. */
    String resolvedTokens() {
        return management == null ? "" : " (" + ManagementPorts.TOKEN + " = " + management.ports() + ")";
    }
}
