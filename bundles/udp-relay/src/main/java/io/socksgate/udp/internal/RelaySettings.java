package io.socksgate.udp.internal;

import io.socksgate.config.ConfigProblems;
import io.socksgate.config.HostAddresses;
import io.socksgate.config.IpLiterals;
import io.socksgate.config.PortRange;
import java.net.InetAddress;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The relay's configuration, validated and parsed once. Immutable: a configuration change swaps
 * the whole object, and each association keeps the settings it was opened with.
 *
 * @param ports the range relay ports are taken from
 * @param bind the address to bind relay ports to, or null for the listener's address
 * @param advertise the address for UDP ASSOCIATE replies, or null for the bound one
 * @param idleTimeout how long an association lives without a relayed datagram; zero = forever
 * @param maxDatagram the largest payload relayed, in bytes
 * @param maxPerClient the most live associations one client IP address may have, at least 1
 */
record RelaySettings(
        PortRange ports,
        InetAddress bind,
        InetAddress advertise,
        Duration idleTimeout,
        int maxDatagram,
        int maxPerClient) {

    /** The largest UDP payload any datagram can carry (IPv6: 65535 minus the 8-byte UDP header). */
    static final int MAX_UDP_PAYLOAD = 65527;

    /** {@code max.associations.per.client}: a number, or a percentage of the range resolved against it. */
    private record PerClient(int count, int percent) {

        int of(PortRange range) {
            return percent > 0 ? Math.max(1, range.size() * percent / 100) : count;
        }
    }

    /** {@link #from(UdpRelayConfig, Predicate)} for this host's addresses. */
    static RelaySettings from(UdpRelayConfig config) {
        return from(config, HostAddresses::isLocal);
    }

    /**
     * Parses a configuration, checking every key. Addresses must be IP literals: the relay never
     * waits for DNS to bind, and a value that is not a literal is refused rather than looked up.
     *
     * @param isLocal whether an address is one of this host's, where relay ports can bind
     * @throws io.socksgate.config.InvalidConfigurationException naming every invalid key
     */
    static RelaySettings from(UdpRelayConfig config, Predicate<InetAddress> isLocal) {
        ConfigProblems problems = new ConfigProblems();
        PortRange ports = value(
                problems,
                "ports",
                config.ports(),
                RelaySettings::relayPorts,
                "a range A-B or a single port, within 1-65535");
        InetAddress bind = value(
                problems,
                "bind",
                config.bind(),
                text -> text.isEmpty() ? null : localLiteral(text, isLocal),
                "an IP address of this host (a.b.c.d or IPv6), or empty for the address the client reached the"
                        + " listener on");
        InetAddress advertise = value(
                problems,
                "advertise",
                config.advertise(),
                text -> text.isEmpty() ? null : IpLiterals.parse(text),
                "an IP address (a.b.c.d or IPv6), or empty for the relay's own");
        Integer idleSeconds = value(
                problems,
                "timeout.idle",
                config.timeout_idle(),
                text -> number(text, 0, Integer.MAX_VALUE),
                "whole seconds, 0 (never) or more");
        Integer maxDatagram = value(
                problems,
                "max.datagram",
                config.max_datagram(),
                text -> number(text, 1, MAX_UDP_PAYLOAD),
                "bytes, 1 to " + MAX_UDP_PAYLOAD);
        PerClient perClient = value(
                problems,
                "max.associations.per.client",
                config.max_associations_per_client(),
                RelaySettings::perClient,
                "a number of associations (1 or more), or a percentage of the ports range (1% to 100%)");
        problems.throwIfAny();
        return new RelaySettings(
                ports, bind, advertise, Duration.ofSeconds(idleSeconds), maxDatagram, perClient.of(ports));
    }

    /**
     * Parses one key's trimmed value; a parser signals an invalid value by throwing
     * IllegalArgumentException, which becomes the key's message.
     */
    private static <T> T value(
            ConfigProblems problems, String key, String raw, Function<String, T> parser, String expected) {
        String text = raw == null ? "" : raw.trim();
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            problems.add(key, text, "expected " + expected);
            return null;
        }
    }

    /** Ports as every port key writes them ({@link PortRange}), but not 0: a relay port is one clients send to. */
    private static PortRange relayPorts(String text) {
        PortRange ports = PortRange.parse(text);
        if (ports.first() == 0) {
            throw new IllegalArgumentException("port 0 is no relay port");
        }
        return ports;
    }

    /** An address to bind: a link-local one needs its zone, as a listener's {@code bind} does. */
    private static InetAddress localLiteral(String text, Predicate<InetAddress> isLocal) {
        InetAddress address = IpLiterals.parseScoped(text);
        if (!isLocal.test(address)) {
            throw new IllegalArgumentException();
        }
        return address;
    }

    private static int number(String text, int min, int max) {
        int value = Integer.parseInt(text); // NumberFormatException is an IllegalArgumentException
        if (value < min || value > max) {
            throw new IllegalArgumentException();
        }
        return value;
    }

    private static PerClient perClient(String text) {
        if (text.endsWith("%")) {
            return new PerClient(0, number(text.substring(0, text.length() - 1).trim(), 1, 100));
        }
        return new PerClient(number(text, 1, Integer.MAX_VALUE), 0);
    }
}
