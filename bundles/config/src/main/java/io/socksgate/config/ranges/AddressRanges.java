package io.socksgate.config.ranges;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressNetwork.IPAddressGenerator;
import inet.ipaddr.IPAddressSeqRange;
import io.socksgate.config.IpLiterals;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * IPv4 and IPv6 addresses, CIDR blocks ({@code 10.0.0.0/8}, {@code fe80::/10}) and ranges
 * ({@code 10.0.0.1-10.0.0.99}), as sequential ranges of the IPAddress library. The addresses in
 * them are the literals every other key takes ({@link IpLiterals}), without a zone: a rule
 * compares addresses, whatever interface they come from.
 *
 * <p>Written once for every key that names clients or destinations: a rule's {@code source} and
 * {@code destination}, a listener's {@code proxy.protocol.trusted}. In a subpackage of its own so
 * that only the bundles that use it embed it and import the IPAddress library.
 */
public final class AddressRanges {

    private static final IPAddressGenerator GENERATOR = new IPAddressGenerator();
    private static final Pattern PREFIX = Pattern.compile("[0-9]{1,3}");
    /** How many bits of an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) come before the IPv4 one. */
    private static final int MAPPED_PREFIX = 96;

    /**
     * The ranges' bounds as the bytes {@link InetAddress#getAddress()} gives: {@link #contains} runs
     * for every request and every relayed datagram, so it compares bytes rather than convert each
     * address to the library's objects.
     */
    private final Span[] spans;

    /** One range: its lowest and highest address, both 4 bytes (IPv4) or both 16 (IPv6). */
    private record Span(byte[] lower, byte[] upper) {
        boolean contains(byte[] address) {
            return address.length == lower.length
                    && Arrays.compareUnsigned(lower, address) <= 0
                    && Arrays.compareUnsigned(address, upper) <= 0;
        }
    }

    private AddressRanges(List<IPAddressSeqRange> ranges) {
        this.spans = ranges.stream()
                .map(range ->
                        new Span(range.getLower().getBytes(), range.getUpper().getBytes()))
                .toArray(Span[]::new);
    }

    /**
     * True when {@code entry} is meant as an address, block or range rather than a host name
     * (see {@link IpLiterals#isAddressLike}): then a malformed one is an error, not a name.
     */
    public static boolean looksLikeAddress(String entry) {
        String address = entry.replaceFirst("/.*", "");
        for (String side : address.split("-", -1)) {
            if (IpLiterals.isAddressLike(side)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Parses one entry.
     *
     * @throws IllegalArgumentException when it is not a valid address, block or range
     */
    public static IPAddressSeqRange parse(String entry) {
        String t = entry.trim();
        int dash = t.indexOf('-');
        if (dash >= 0) {
            IPAddress low = address(t.substring(0, dash), t);
            IPAddress high = address(t.substring(dash + 1), t);
            if (low.isIPv4() != high.isIPv4()) {
                throw new IllegalArgumentException("range '" + t + "' mixes IPv4 and IPv6");
            }
            return low.spanWithRange(high);
        }
        int slash = t.indexOf('/');
        if (slash < 0) {
            return address(t, t).toSequentialRange();
        }
        String text = t.substring(0, slash);
        IPAddress ip = address(text, t);
        int bits = prefixLength(t.substring(slash + 1));
        if (ip.isIPv4() && text.indexOf(':') >= 0) {
            // ::ffff:10.0.0.0/104 is the IPv4 block 10.0.0.0/8, as its address is the IPv4 one
            bits = bits >= MAPPED_PREFIX ? bits - MAPPED_PREFIX : -1;
        }
        if (bits < 0 || bits > ip.getBitCount()) {
            throw notAnEntry(t, null);
        }
        // 10.1.2.3/8 means the block 10.0.0.0/8, as firewalls read it.
        return ip.toPrefixBlock(bits).toSequentialRange();
    }

    public static AddressRanges of(List<IPAddressSeqRange> ranges) {
        return new AddressRanges(ranges);
    }

    /**
     * Parses every entry.
     *
     * @throws IllegalArgumentException naming the first entry that is not a valid address, block
     *     or range
     */
    public static AddressRanges parseAll(Collection<String> entries) {
        List<IPAddressSeqRange> ranges = new ArrayList<>();
        for (String entry : entries) {
            ranges.add(parse(entry));
        }
        return new AddressRanges(ranges);
    }

    /** Whether no entry was given: nothing is contained. */
    public boolean isEmpty() {
        return spans.length == 0;
    }

    private static IPAddress address(String text, String entry) {
        try {
            return GENERATOR.from(IpLiterals.parse(text));
        } catch (IllegalArgumentException e) {
            throw notAnEntry(entry, e);
        }
    }

    private static IllegalArgumentException notAnEntry(String entry, Exception cause) {
        return new IllegalArgumentException(
                "'" + entry + "' is not an IP address, CIDR block or range: expected " + IpLiterals.EXPECTED
                        + ", alone, as a block (10.0.0.0/8) or as a range (10.0.0.1-10.0.0.99)",
                cause);
    }

    /** The prefix length's decimal digits, or -1. */
    private static int prefixLength(String text) {
        String t = text.trim();
        return PREFIX.matcher(t).matches() ? Integer.parseInt(t) : -1;
    }

    public boolean contains(InetAddress address) {
        if (address == null) {
            return false;
        }
        byte[] bytes = address.getAddress();
        for (Span span : spans) {
            if (span.contains(bytes)) {
                return true;
            }
        }
        return false;
    }
}
