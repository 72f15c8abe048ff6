package io.socksgate.server.internal.listener;

import io.socksgate.api.Protocol;
import io.socksgate.config.InstanceNames;
import io.socksgate.config.IpLiterals;
import io.socksgate.config.TypedConfigs;
import io.socksgate.config.ranges.AddressRanges;
import io.socksgate.config.tokens.EnumTokens;
import io.socksgate.protocol.http.HttpResponses;
import io.socksgate.protocol.proxy.ProxyHeader.Version;
import io.socksgate.protocol.proxy.ProxyHeaderDecoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

/**
 * A listener's configuration, validated and parsed once, so the I/O path reads plain fields.
 * Immutable: a configuration change swaps the whole object.
 *
 * @param proxyProtocol the PROXY protocol versions expected before the client's first byte; empty
 *     when off
 * @param proxyTrusted the peers allowed to send that header (never empty while it is on)
 */
public record ListenerSettings(
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
        int maxSessionsPerClient,
        String httpRealm,
        int httpMaxHeaderBytes,
        Set<Version> proxyProtocol,
        AddressRanges proxyTrusted) {

    private static final String FACTORY_PID = "io.socksgate.listener";

    /** What {@code bind} takes, as its problems say. */
    public static final String EXPECTED_BIND =
            "expected IP addresses of this host, comma-separated (IPv4 as four decimal"
                    + " octets like 127.0.0.1, IPv6 like ::1; 0.0.0.0 or :: for all; host names are not resolved)";

    /** Why {@code transparent} cannot share a listener, as the {@code protocols} problem says. */
    static final String TRANSPARENT_ALONE = "transparent stands alone: a redirected connection speaks no proxy"
            + " protocol, so no first byte could tell it from a SOCKS or HTTP client; expected transparent, or"
            + " socks4, socks5 and http without it";

    /** What {@code proxy.protocol} takes, as its problem says. */
    static final String EXPECTED_PROXY_PROTOCOL = "expected off, v1, v2 or v1,v2";

    private static final EnumTokens<Version> PROXY_VERSIONS = EnumTokens.of(
            "PROXY protocol version", Version.class, Map.of(Version.V1, List.of("v1"), Version.V2, List.of("v2")));

    /** Upper bound of every timeout, in seconds: a day. */
    static final int MAX_TIMEOUT_SECONDS = 86_400;

    public ListenerSettings {
        bindAddresses = List.copyOf(bindAddresses);
        protocols = Set.copyOf(protocols);
        authMethods = List.copyOf(authMethods);
        proxyProtocol = Set.copyOf(proxyProtocol);
    }

    /**
     * Parses a listener configuration's properties (keys as in the .cfg file) through their typed
     * {@link ListenerConfig}.
     *
     * @param properties the configuration's properties ({@code service.pid} and {@code
     *     felix.fileinstall.filename} give the instance name when {@code name} is not set)
     * @see #from(ListenerConfig, String, Predicate)
     */
    public static ListenerSettings from(Map<String, ?> properties, Predicate<InetAddress> isLocal) {
        return from(TypedConfigs.of(ListenerConfig.class, properties), instanceName(properties), isLocal);
    }

    /**
     * Parses a listener configuration (absent keys take the defaults of {@link ListenerConfig}).
     * Bind addresses must be IP literals of this host: a listener never waits for DNS.
     *
     * @param instanceName the name when {@code name} is not set
     * @param isLocal whether an address belongs to this host
     * @throws io.socksgate.config.InvalidConfigurationException with one problem per bad key
     */
    public static ListenerSettings from(ListenerConfig config, String instanceName, Predicate<InetAddress> isLocal) {
        ConfigReader reader = new ConfigReader(config);
        // Not 0: that would bind a port the system picks, which no client could be told.
        int port = reader.number("port", config::port, 1, 65535, "");
        List<InetSocketAddress> binds = new ArrayList<>();
        for (InetAddress address : bindAddresses(config, reader, isLocal)) {
            binds.add(new InetSocketAddress(address, port));
        }
        Set<Protocol> protocols = protocols(config, reader);
        List<AuthMethod> auth = authMethods(config, reader);
        String realm = config.realm().trim();
        if (realm.isEmpty()) {
            reader.problem("realm", "expected the name of a JAAS realm, e.g. karaf");
        }
        int backlog = reader.number("backlog", config::backlog, 1, 65535, "");
        Duration handshake = seconds(reader, "timeout.handshake", config::timeout_handshake, 1);
        Duration connect = seconds(reader, "timeout.connect", config::timeout_connect, 1);
        Duration bind = seconds(reader, "timeout.bind", config::timeout_bind, 1);
        Duration idle = seconds(reader, "timeout.idle", config::timeout_idle, 0);
        int maxSessions = reader.number("max.sessions", config::max_sessions, 1, Integer.MAX_VALUE, "");
        int maxPerClient =
                reader.number("max.sessions.per.client", config::max_sessions_per_client, 0, Integer.MAX_VALUE, "");
        String httpRealm = httpRealm(config, reader);
        int maxHeader = reader.number("http.max.header.bytes", config::http_max_header_bytes, 256, 1_048_576, "bytes");
        Set<Version> proxyProtocol = proxyProtocol(config, reader);
        AddressRanges proxyTrusted = proxyTrusted(config, reader, !proxyProtocol.isEmpty());
        if (protocols.contains(Protocol.TRANSPARENT)) {
            transparentOnly(reader, auth, proxyProtocol);
        }
        reader.throwIfProblems();
        return new ListenerSettings(
                name(config, instanceName),
                binds,
                backlog,
                protocols,
                auth,
                realm,
                handshake,
                connect,
                bind,
                idle,
                maxSessions,
                maxPerClient,
                httpRealm,
                maxHeader,
                proxyProtocol,
                proxyTrusted);
    }

    /** True when going from this to {@code next} needs the acceptor to be bound anew. */
    boolean needsRebind(ListenerSettings next) {
        return !bindAddresses.equals(next.bindAddresses) || backlog != next.backlog;
    }

    public boolean accepts(Protocol protocol) {
        return protocols.contains(protocol);
    }

    /**
     * Whether this listener serves redirected connections (alone: {@code protocols = transparent}):
     * no negotiation, the destination is the connection's original one.
     */
    public boolean isTransparent() {
        return protocols.contains(Protocol.TRANSPARENT);
    }

    /** Whether a PROXY protocol header comes first (from a trusted peer) on this listener. */
    public boolean expectsProxyHeader() {
        return !proxyProtocol.isEmpty();
    }

    /** Whether {@code peer} may send a PROXY header ({@code proxy.protocol.trusted}). */
    public boolean trustsProxy(InetAddress peer) {
        return proxyTrusted.contains(peer);
    }

    /**
     * The decoder for the versions this listener accepts.
     *
     * @throws IllegalStateException when the PROXY protocol is off
     */
    public ProxyHeaderDecoder proxyHeaderDecoder() {
        if (proxyProtocol.isEmpty()) {
            throw new IllegalStateException("proxy.protocol is off on listener " + name);
        }
        return ProxyHeaderDecoder.accepting(proxyProtocol);
    }

    /**
     * The listener's name, even for a configuration that does not parse: its {@code name} key,
     * else the instance name.
     */
    static String name(Map<String, ?> properties) {
        return name(TypedConfigs.of(ListenerConfig.class, properties), instanceName(properties));
    }

    private static String name(ListenerConfig config, String instanceName) {
        return InstanceNames.shown(config.name(), instanceName);
    }

    private static String instanceName(Map<String, ?> properties) {
        return InstanceNames.of(FACTORY_PID, properties);
    }

    private static List<InetAddress> bindAddresses(
            ListenerConfig config, ConfigReader reader, Predicate<InetAddress> isLocal) {
        Set<InetAddress> addresses = new LinkedHashSet<>();
        List<String> notLiterals = new ArrayList<>();
        List<String> notLocal = new ArrayList<>();
        for (String entry : config.bind()) {
            InetAddress address;
            try {
                address = IpLiterals.parseScoped(entry); // a link-local address needs its zone
            } catch (IllegalArgumentException e) {
                notLiterals.add(entry);
                continue;
            }
            if (isLocal.test(address)) {
                addresses.add(address);
            } else {
                notLocal.add(entry);
            }
        }
        if (!notLiterals.isEmpty()) {
            reader.problem(
                    "bind",
                    String.join(", ", notLiterals)
                            + (notLiterals.size() == 1 ? " is not an IP address; " : " are not IP addresses; ")
                            + EXPECTED_BIND);
        } else if (!notLocal.isEmpty()) {
            reader.problem(
                    "bind",
                    String.join(", ", notLocal)
                            + (notLocal.size() == 1 ? " is not an address" : " are not addresses")
                            + " of this host; " + EXPECTED_BIND);
        } else if (addresses.isEmpty()) {
            reader.problem("bind", EXPECTED_BIND);
        }
        return List.copyOf(addresses);
    }

    private static Set<Protocol> protocols(ListenerConfig config, ConfigReader reader) {
        List<String> entries = List.of(config.protocols());
        if (entries.isEmpty()) {
            reader.problem("protocols", "expected " + EnumTokens.PROTOCOLS.expected());
            return Set.of();
        }
        Set<Protocol> protocols;
        try {
            protocols = EnumTokens.PROTOCOLS.parseAll(entries);
        } catch (IllegalArgumentException e) {
            reader.problem("protocols", e.getMessage());
            return Set.of();
        }
        if (protocols.contains(Protocol.TRANSPARENT) && protocols.size() > 1) {
            reader.problem("protocols", TRANSPARENT_ALONE);
            return Set.of();
        }
        return protocols;
    }

    /**
     * What a transparent listener cannot have: its clients speak no protocol, so they cannot send
     * credentials, and the original destination it reads belongs to the connection it accepted, so
     * no load balancer may stand between (the PROXY protocol).
     */
    private static void transparentOnly(ConfigReader reader, List<AuthMethod> auth, Set<Version> proxyProtocol) {
        if (!auth.isEmpty() && !auth.equals(List.of(AuthMethod.NONE))) {
            reader.problem("auth", "a transparent listener's clients cannot authenticate; expected none");
        }
        if (!proxyProtocol.isEmpty()) {
            reader.problem(
                    "proxy.protocol",
                    "a transparent listener reads the original destination of the connection itself;"
                            + " expected off");
        }
    }

    private static List<AuthMethod> authMethods(ListenerConfig config, ConfigReader reader) {
        Set<AuthMethod> methods = new LinkedHashSet<>(); // preference order, each once
        List<String> unknown = new ArrayList<>();
        for (String entry : config.auth()) {
            try {
                methods.add(AuthMethod.parse(entry));
            } catch (IllegalArgumentException e) {
                unknown.add(entry);
            }
        }
        String expected = "expected none and/or password, in order of preference";
        if (!unknown.isEmpty()) {
            reader.problem("auth", "unknown " + String.join(", ", unknown) + "; " + expected);
        } else if (methods.isEmpty()) {
            reader.problem("auth", expected);
        }
        return List.copyOf(methods);
    }

    /**
     * Shown to people by browsers. The 407 encoder escapes quotes and backslashes itself; what it
     * cannot send is a control character ({@link HttpResponses#isValidRealm}), so that is the rule.
     */
    private static String httpRealm(ListenerConfig config, ConfigReader reader) {
        String realm = config.http_realm().trim();
        if (realm.isEmpty() || realm.length() > 100 || !HttpResponses.isValidRealm(realm)) {
            reader.problem("http.realm", "expected 1 to 100 characters without control characters");
        }
        return realm;
    }

    private static Duration seconds(ConfigReader reader, String key, IntSupplier accessor, int min) {
        return Duration.ofSeconds(reader.number(key, accessor, min, MAX_TIMEOUT_SECONDS, "seconds"));
    }

    /** {@code proxy.protocol}: none for {@code off} (alone) or no entry, else the versions named. */
    private static Set<Version> proxyProtocol(ListenerConfig config, ConfigReader reader) {
        List<String> entries = List.of(config.proxy_protocol());
        if (entries.isEmpty() || (entries.size() == 1 && entries.get(0).equalsIgnoreCase("off"))) {
            return Set.of();
        }
        try {
            return PROXY_VERSIONS.parseAll(entries); // "off" among versions is unknown here
        } catch (IllegalArgumentException e) {
            reader.problem("proxy.protocol", EXPECTED_PROXY_PROTOCOL);
            return Set.of();
        }
    }

    /**
     * {@code proxy.protocol.trusted}, checked even while the protocol is off; required when it is
     * on: accepting a header from anyone would let any client forge its address.
     */
    private static AddressRanges proxyTrusted(ListenerConfig config, ConfigReader reader, boolean on) {
        String key = "proxy.protocol.trusted";
        AddressRanges trusted;
        try {
            trusted = AddressRanges.parseAll(List.of(config.proxy_protocol_trusted()));
        } catch (IllegalArgumentException e) {
            reader.problem(key, e.getMessage());
            return AddressRanges.parseAll(List.of());
        }
        if (on && trusted.isEmpty()) {
            reader.problem(
                    key,
                    "required when proxy.protocol is on: the addresses or CIDR blocks of the load balancers"
                            + " allowed to send a PROXY header (10.0.0.0/24)");
        }
        return trusted;
    }
}
