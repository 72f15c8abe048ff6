package io.socksgate.server.internal;

import io.socksgate.api.Protocol;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A listener's configuration, validated and parsed once, so the I/O path reads plain fields.
 * Immutable: a configuration change swaps the whole object.
 */
record ListenerSettings(
        String name,
        List<InetSocketAddress> bindAddresses,
        int backlog,
        Set<Protocol> protocols,
        List<AuthMethod> authMethods,
        String realm,
        Duration handshakeTimeout,
        Duration connectTimeout,
        Duration bindTimeout,
        Duration idleTimeout,
        int maxSessions,
        int maxSessionsPerClient) {

    private static final String FACTORY_PID = "io.socksgate.listener";

    ListenerSettings {
        bindAddresses = List.copyOf(bindAddresses);
        protocols = Set.copyOf(protocols);
        authMethods = List.copyOf(authMethods);
    }

    /**
     * Parses a configuration. Bind addresses must be IP literals: a listener never waits for DNS.
     *
     * @param properties the component properties, to find the instance name when none is set
     * @throws IllegalArgumentException with a message naming the offending key
     */
    static ListenerSettings from(ListenerConfig config, Map<String, ?> properties) {
        String name = config.name().isBlank()
                ? instanceName(properties)
                : config.name().trim();
        List<InetSocketAddress> binds = new ArrayList<>();
        for (String host : splitAll(config.bind(), "bind")) {
            binds.add(new InetSocketAddress(ipLiteral(host), port(config.port())));
        }
        Set<Protocol> protocols = EnumSet.noneOf(Protocol.class);
        for (String protocol : splitAll(config.protocols(), "protocols")) {
            protocols.add(protocol(protocol));
        }
        List<AuthMethod> auth = new ArrayList<>();
        for (String method : new LinkedHashSet<>(splitAll(config.auth(), "auth"))) {
            auth.add(AuthMethod.parse(method));
        }
        return new ListenerSettings(
                name,
                binds,
                atLeast("backlog", config.backlog(), 1),
                protocols,
                auth,
                config.realm().trim(),
                seconds("timeout.handshake", config.timeout_handshake(), 1),
                seconds("timeout.connect", config.timeout_connect(), 1),
                seconds("timeout.bind", config.timeout_bind(), 1),
                seconds("timeout.idle", config.timeout_idle(), 0),
                atLeast("max.sessions", config.max_sessions(), 1),
                atLeast("max.sessions.per.client", config.max_sessions_per_client(), 0));
    }

    /** True when going from this to {@code next} needs the acceptor to be bound anew. */
    boolean needsRebind(ListenerSettings next) {
        return !bindAddresses.equals(next.bindAddresses) || backlog != next.backlog;
    }

    boolean accepts(Protocol protocol) {
        return protocols.contains(protocol);
    }

    /**
     * The configuration's instance name: {@code default} for {@code io.socksgate.listener-default.cfg}
     * (file install) or {@code io.socksgate.listener~default} (named factory configuration).
     */
    static String instanceName(Map<String, ?> properties) {
        Object file = properties.get("felix.fileinstall.filename");
        if (file != null) {
            String base = file.toString().replaceFirst("^.*[/\\\\]", "").replaceFirst("\\.cfg$", "");
            if (base.startsWith(FACTORY_PID + "-")) {
                return base.substring(FACTORY_PID.length() + 1);
            }
        }
        String pid = String.valueOf(properties.get("service.pid"));
        int tilde = pid.indexOf('~');
        return tilde >= 0 ? pid.substring(tilde + 1) : pid;
    }

    /** Config Admin gives arrays for multi-valued keys, but a .cfg line gives one comma list. */
    private static List<String> splitAll(String[] values, String key) {
        List<String> out = new ArrayList<>();
        if (values != null) {
            Arrays.stream(values)
                    .flatMap(v -> Arrays.stream(v.split(",")))
                    .map(String::trim)
                    .filter(v -> !v.isEmpty())
                    .forEach(out::add);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(key + " must not be empty");
        }
        return out;
    }

    private static InetAddress ipLiteral(String host) {
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean looksLikeIp = literal.indexOf(':') >= 0 || literal.matches("[0-9.]+");
        if (!looksLikeIp) {
            throw new IllegalArgumentException("bind: '" + host + "' is not an IP address");
        }
        try {
            return InetAddress.getByName(literal); // a literal: parsed, never looked up
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bind: '" + host + "' is not an IP address");
        }
    }

    private static Protocol protocol(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "socks4", "socks4a" -> Protocol.SOCKS4;
            case "socks5" -> Protocol.SOCKS5;
            case "http" -> Protocol.HTTP;
            default -> throw new IllegalArgumentException(
                    "protocols: unknown protocol '" + text + "' (expected socks4, socks5 or http)");
        };
    }

    private static int port(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, not " + port);
        }
        return port;
    }

    private static int atLeast(String key, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(key + " must be at least " + min + ", not " + value);
        }
        return value;
    }

    private static Duration seconds(String key, int value, int min) {
        return Duration.ofSeconds(atLeast(key, value, min));
    }
}
