package io.socksgate.server.internal.dial.upstream;

import io.socksgate.api.HostPort;
import io.socksgate.config.CommaLists;
import io.socksgate.config.ConfigProblems;
import io.socksgate.config.ConfigValueException;
import io.socksgate.config.InstanceNames;
import io.socksgate.config.IpLiterals;
import io.socksgate.config.tokens.EnumTokens;
import io.socksgate.protocol.HostNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * One upstream's checked configuration: what {@link UpstreamConfig} says, with every problem
 * listed at once and nothing half-valid ever used. Immutable; the password is held as a {@code
 * char[]}, handed out as copies, and never part of {@link #toString()}.
 */
public final class UpstreamSettings {

    /** RFC 1929 and the SOCKS4 user id carry at most this many bytes. */
    private static final int MAX_CREDENTIAL_BYTES = 255;

    /** How a password appears in problems: never its value. */
    private static final String HIDDEN = "***";

    private final String name;
    private final UpstreamType type;
    private final List<HostPort> servers;
    private final Strategy strategy;
    private final String username;
    private final char[] password;
    private final Resolution resolve;
    private final Duration connectTimeout;
    private final int failMax;
    private final Duration failTimeout;

    private UpstreamSettings(Builder b) {
        this.name = b.name;
        this.type = b.type;
        this.servers = List.copyOf(b.servers);
        this.strategy = b.strategy;
        this.username = b.username;
        this.password = b.password;
        this.resolve = b.resolve;
        this.connectTimeout = b.connectTimeout;
        this.failMax = b.failMax;
        this.failTimeout = b.failTimeout;
    }

    /**
     * Reads and checks one upstream's configuration.
     *
     * @param instanceName the configuration's instance name ({@link InstanceNames#of}), the name
     *     when {@code name} is blank
     * @throws io.socksgate.config.InvalidConfigurationException listing every problem, one per key
     */
    public static UpstreamSettings from(UpstreamConfig config, String instanceName) {
        ConfigProblems problems = new ConfigProblems();
        Builder b = new Builder();
        b.name = InstanceNames.shown(config.name(), instanceName);
        String nameProblem = InstanceNames.problem(b.name);
        if (nameProblem != null) {
            problems.add("name", b.name, nameProblem);
        }
        b.type = token(problems, "type", config.type(), UpstreamType.TOKENS, UpstreamType.SOCKS5);
        b.servers = servers(problems, config.servers());
        b.strategy = token(problems, "strategy", config.strategy(), Strategy.TOKENS, Strategy.FAILOVER);
        credentials(problems, b, config.username(), config.password());
        b.resolve = token(problems, "resolve", config.resolve(), Resolution.TOKENS, Resolution.LOCAL);
        b.connectTimeout =
                Duration.ofSeconds(number(problems, "timeout.connect", config::timeout_connect, " of seconds"));
        b.failMax = number(problems, "fail.max", config::fail_max, "");
        b.failTimeout = Duration.ofSeconds(number(problems, "fail.timeout", config::fail_timeout, " of seconds"));
        problems.throwIfAny();
        return new UpstreamSettings(b);
    }

    public String name() {
        return name;
    }

    public UpstreamType type() {
        return type;
    }

    /** In priority order; names are resolved when a server is dialled, off the I/O threads. */
    public List<HostPort> servers() {
        return servers;
    }

    public Strategy strategy() {
        return strategy;
    }

    /** Whether a user name (and for SOCKS5 and HTTP a password, possibly empty) is sent. */
    public boolean hasCredentials() {
        return username != null;
    }

    /** The user name sent to this upstream, or null for none. */
    public String username() {
        return username;
    }

    /** A copy of the password to wipe after use; null without credentials or for SOCKS4. */
    public char[] password() {
        return password == null ? null : password.clone();
    }

    public Resolution resolve() {
        return resolve;
    }

    /** Per server, for connect and handshake together. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    public int failMax() {
        return failMax;
    }

    public Duration failTimeout() {
        return failTimeout;
    }

    /** Every setting but the password. */
    @Override
    public String toString() {
        return "upstream " + name + " (" + UpstreamType.TOKENS.token(type) + ", servers " + servers + ", "
                + Strategy.TOKENS.token(strategy) + (username == null ? "" : ", user " + username + ", password ***")
                + ", resolve " + Resolution.TOKENS.token(resolve) + ", timeout.connect " + connectTimeout.toSeconds()
                + "s, fail.max " + failMax + ", fail.timeout " + failTimeout.toSeconds() + "s)";
    }

    private static <E extends Enum<E>> E token(
            ConfigProblems problems, String key, String text, EnumTokens<E> tokens, E fallback) {
        try {
            return tokens.parse(text == null ? "" : text);
        } catch (IllegalArgumentException e) {
            problems.add(key, text, e.getMessage());
            return fallback;
        }
    }

    /** A whole number from 1 up; the typed configuration throws for text it cannot convert. */
    private static int number(ConfigProblems problems, String key, IntSupplier read, String unit) {
        String expected = "expected a whole number" + unit + " from 1 up";
        int value;
        try {
            value = read.getAsInt();
        } catch (ConfigValueException e) {
            problems.add(key, e.value(), expected);
            return 1;
        }
        if (value < 1) {
            problems.add(key, value, expected);
            return 1;
        }
        return value;
    }

    private static List<HostPort> servers(ConfigProblems problems, String[] value) {
        List<String> entries = CommaLists.entries(value);
        if (entries.isEmpty()) {
            problems.add("servers", value, "required: one or more host:port, in priority order");
            return List.of();
        }
        Set<HostPort> servers = new LinkedHashSet<>();
        List<String> wrong = new ArrayList<>();
        for (String entry : entries) {
            try {
                if (!servers.add(server(entry))) {
                    wrong.add("'" + entry + "' is listed twice");
                }
            } catch (IllegalArgumentException e) {
                wrong.add(e.getMessage());
            }
        }
        if (!wrong.isEmpty()) {
            problems.add("servers", value, String.join("; ", wrong));
        }
        return List.copyOf(servers);
    }

    /**
     * One {@code host:port} or {@code [IPv6]:port}; a host that looks like an address must be one
     * (never sent to a resolver in a legacy form), anything else is a host name.
     */
    static HostPort server(String entry) {
        String host;
        String port;
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            if (close < 0 || close + 1 >= entry.length() || entry.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("'" + entry + "' has no ']' and port after an IPv6 address");
            }
            host = entry.substring(0, close + 1);
            port = entry.substring(close + 2);
        } else {
            int colon = entry.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("'" + entry + "' has no port");
            }
            if (entry.indexOf(':') != colon) {
                throw new IllegalArgumentException(
                        "'" + entry + "' needs brackets around its IPv6 address: [::1]:1080");
            }
            host = entry.substring(0, colon);
            port = entry.substring(colon + 1);
        }
        int number = port(port);
        if (number < 0) {
            throw new IllegalArgumentException("'" + entry + "' has no port from 1 to 65535");
        }
        if (IpLiterals.isAddressLike(host)) {
            try {
                return HostPort.of(IpLiterals.parse(host), number);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + entry + "' is not " + IpLiterals.EXPECTED, e);
            }
        }
        if (!isHostName(host)) {
            throw new IllegalArgumentException("'" + entry + "' is no host name (1 to 255 printable ASCII bytes)");
        }
        return HostPort.ofName(host, number);
    }

    private static int port(String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        int port = Integer.parseInt(text);
        return port >= 1 && port <= 65535 ? port : -1;
    }

    private static boolean isHostName(String host) {
        return !host.isEmpty()
                && host.length() <= HostNames.MAX_LENGTH
                && host.chars().allMatch(HostNames::isLegal);
    }

    /** Only what the type can carry: SOCKS4 a user id; SOCKS5 and HTTP a user name and password. */
    private static void credentials(ConfigProblems problems, Builder b, String username, String password) {
        String user = username == null || username.isEmpty() ? null : username;
        String pass = password == null ? "" : password;
        if (b.type == UpstreamType.SOCKS4) {
            if (!pass.isEmpty()) {
                problems.add("password", HIDDEN, "socks4 carries a user id (username) only, no password");
            }
        } else if (user == null && !pass.isEmpty()) {
            problems.add("password", HIDDEN, "a password needs a username");
        }
        if (user != null) {
            if (user.getBytes(StandardCharsets.UTF_8).length > MAX_CREDENTIAL_BYTES) {
                problems.add("username", user, "longer than 255 bytes in UTF-8");
            } else if (hasControl(user)) {
                problems.add("username", user, "holds a control character");
            } else if (b.type == UpstreamType.HTTP && user.indexOf(':') >= 0) {
                problems.add("username", user, "a Basic user-id cannot hold a colon");
            }
        }
        if (b.type == UpstreamType.SOCKS5 && pass.getBytes(StandardCharsets.UTF_8).length > MAX_CREDENTIAL_BYTES) {
            problems.add("password", HIDDEN, "longer than 255 bytes in UTF-8");
        }
        if (b.type == UpstreamType.HTTP && hasControl(pass)) {
            problems.add("password", HIDDEN, "holds a control character");
        }
        b.username = user;
        b.password = user == null || b.type == UpstreamType.SOCKS4 ? null : pass.toCharArray();
    }

    private static boolean hasControl(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }

    /** The values being read, before they are known to be valid together. */
    private static final class Builder {
        String name;
        UpstreamType type;
        List<HostPort> servers = List.of();
        Strategy strategy;
        String username;
        char[] password;
        Resolution resolve;
        Duration connectTimeout;
        int failMax;
        Duration failTimeout;
    }
}
