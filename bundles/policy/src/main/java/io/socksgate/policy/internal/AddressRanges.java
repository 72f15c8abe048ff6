package io.socksgate.policy.internal;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressNetwork.IPAddressGenerator;
import inet.ipaddr.IPAddressSeqRange;
import inet.ipaddr.IPAddressString;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * IPv4 and IPv6 addresses, CIDR blocks ({@code 10.0.0.0/8}, {@code fe80::/10}) and ranges
 * ({@code 10.0.0.1-10.0.0.99}), as sequential ranges of the IPAddress library.
 */
final class AddressRanges {

    private static final IPAddressGenerator GENERATOR = new IPAddressGenerator();

    private final List<IPAddressSeqRange> ranges;

    private AddressRanges(List<IPAddressSeqRange> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /** True when {@code text} looks like an address, block or range rather than a host name. */
    static boolean looksLikeAddress(String text) {
        return text.indexOf(':') >= 0 || text.matches("[0-9./-]+");
    }

    /**
     * Parses one entry.
     *
     * @throws IllegalArgumentException when it is not a valid address, block or range
     */
    static IPAddressSeqRange parse(String entry) {
        try {
            int dash = entry.indexOf('-');
            if (dash > 0) {
                IPAddress low = new IPAddressString(entry.substring(0, dash).trim()).toAddress();
                IPAddress high = new IPAddressString(entry.substring(dash + 1).trim()).toAddress();
                if (low.isIPv4() != high.isIPv4()) {
                    throw new IllegalArgumentException("range '" + entry + "' mixes IPv4 and IPv6");
                }
                return low.spanWithRange(high);
            }
            IPAddress address = new IPAddressString(entry).toAddress();
            // 10.1.2.3/8 means the block 10.0.0.0/8, as firewalls read it.
            return (address.isPrefixed() ? address.toPrefixBlock() : address).toSequentialRange();
        } catch (AddressStringException | RuntimeException e) {
            throw new IllegalArgumentException("'" + entry + "' is not an IP address, CIDR block or range", e);
        }
    }

    static AddressRanges of(List<IPAddressSeqRange> ranges) {
        return new AddressRanges(new ArrayList<>(ranges));
    }

    boolean contains(InetAddress address) {
        if (address == null) {
            return false;
        }
        IPAddress ip = GENERATOR.from(address);
        for (IPAddressSeqRange range : ranges) {
            if (range.getLower().isIPv4() == ip.isIPv4() && range.contains(ip)) {
                return true;
            }
        }
        return false;
    }
}
