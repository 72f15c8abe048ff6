package io.socksgate.udp.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * The relay's configuration, validated and parsed once. Immutable: a configuration change swaps
 * the whole object, and each association keeps the settings it was opened with.
 *
 * @param ports the range relay ports are taken from
 * @param bind the address to bind relay ports to, or null for the listener's address
 * @param advertise the address for UDP ASSOCIATE replies, or null for the bound one
 * @param idleTimeout how long an association lives without a relayed datagram; zero = forever
 * @param maxDatagram the largest payload relayed, in bytes
 */
record RelaySettings(PortRange ports, InetAddress bind, InetAddress advertise, Duration idleTimeout, int maxDatagram) {

    /** The largest UDP payload any datagram can carry (IPv6: 65535 minus the 8-byte UDP header). */
    static final int MAX_UDP_PAYLOAD = 65527;

    /**
     * Parses a configuration. Addresses must be IP literals: the relay never waits for DNS to bind.
     *
     * @throws IllegalArgumentException with a message naming the offending key
     */
    static RelaySettings from(UdpRelayConfig config) {
        if (config.timeout_idle() < 0) {
            throw new IllegalArgumentException("timeout.idle must be at least 0, not " + config.timeout_idle());
        }
        if (config.max_datagram() < 1 || config.max_datagram() > MAX_UDP_PAYLOAD) {
            throw new IllegalArgumentException(
                    "max.datagram must be 1-" + MAX_UDP_PAYLOAD + ", not " + config.max_datagram());
        }
        return new RelaySettings(
                PortRange.parse(config.ports()),
                optionalIpLiteral("bind", config.bind()),
                optionalIpLiteral("advertise", config.advertise()),
                Duration.ofSeconds(config.timeout_idle()),
                config.max_datagram());
    }

    private static InetAddress optionalIpLiteral(String key, String value) {
        String text = value == null ? "" : value.trim();
        if (text.isEmpty()) {
            return null;
        }
        String literal = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        // Only text that is certainly a literal reaches InetAddress, which would look anything else up.
        boolean looksLikeIp = isIpv6Text(literal) || isDottedQuad(literal);
        if (looksLikeIp) {
            try {
                return InetAddress.getByName(literal); // a literal: parsed, never looked up
            } catch (UnknownHostException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException(key + ": '" + text + "' is not an IP address");
    }

    private static boolean isDottedQuad(String text) {
        String[] octets = text.split("\\.", -1);
        if (octets.length != 4) {
            return false;
        }
        for (String octet : octets) {
            if (!octet.matches("[0-9]{1,3}") || Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    /** Text the JDK parses as an IPv6 literal, failing without a lookup when it is not one. */
    private static boolean isIpv6Text(String text) {
        return text.indexOf(':') >= 0 && (text.charAt(0) == ':' || Character.digit(text.charAt(0), 16) >= 0);
    }
}
