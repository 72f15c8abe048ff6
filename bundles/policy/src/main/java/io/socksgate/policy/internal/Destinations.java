package io.socksgate.policy.internal;

import inet.ipaddr.IPAddressSeqRange;
import io.socksgate.api.ProxyRequest;
import io.socksgate.config.ranges.AddressRanges;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * What a rule's {@code destination} names: addresses, blocks and ranges (matched against the
 * address the request goes to, including the one a host name resolved to), host names and globs
 * like {@code *.example.com} (matched against the name the client sent), and {@code self}: any
 * address of this host's own interfaces.
 */
final class Destinations {

    static final String SELF = "self";

    private final AddressRanges addresses;
    private final List<String> names;
    private final List<String> suffixes;
    private final boolean anyName;
    private final boolean self;
    private final Predicate<InetAddress> isLocal;

    private Destinations(
            AddressRanges addresses,
            List<String> names,
            List<String> suffixes,
            boolean anyName,
            boolean self,
            Predicate<InetAddress> isLocal) {
        this.addresses = addresses;
        this.names = names;
        this.suffixes = suffixes;
        this.anyName = anyName;
        this.self = self;
        this.isLocal = isLocal;
    }

    /** @throws IllegalArgumentException naming the entry that is neither address nor host name */
    static Destinations parse(List<String> entries, Predicate<InetAddress> isLocal) {
        List<IPAddressSeqRange> ranges = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> suffixes = new ArrayList<>();
        boolean anyName = false;
        boolean self = false;
        for (String entry : entries) {
            String lower = entry.toLowerCase(Locale.ROOT);
            if (lower.equals(SELF)) {
                self = true;
            } else if (lower.equals("*")) {
                anyName = true;
            } else if (AddressRanges.looksLikeAddress(entry)) {
                try {
                    ranges.add(AddressRanges.parse(entry));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("destination: " + e.getMessage());
                }
            } else if (lower.startsWith("*.") && isHostName(lower.substring(2))) {
                suffixes.add(lower.substring(1)); // ".example.com"
            } else if (isHostName(lower)) {
                names.add(lower);
            } else {
                throw new IllegalArgumentException("destination: '" + entry
                        + "' is not an IP address, CIDR block, range, host name, *.domain glob or 'self'");
            }
        }
        return new Destinations(
                AddressRanges.of(ranges), List.copyOf(names), List.copyOf(suffixes), anyName, self, isLocal);
    }

    boolean matches(ProxyRequest request) {
        if (request.destination().isName()) {
            String name = request.destination().name().toLowerCase(Locale.ROOT);
            if (name.endsWith(".")) {
                name = name.substring(0, name.length() - 1); // the root label: same host
            }
            if (anyName || names.contains(name)) {
                return true;
            }
            for (String suffix : suffixes) {
                if (name.endsWith(suffix)) {
                    return true;
                }
            }
        }
        InetAddress target = request.targetAddress();
        return addresses.contains(target) || (self && target != null && isLocal.test(target));
    }

    private static boolean isHostName(String text) {
        return text.matches("[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\\.?");
    }
}
