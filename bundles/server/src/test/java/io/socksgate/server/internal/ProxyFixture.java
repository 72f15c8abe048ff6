package io.socksgate.server.internal;

import io.socksgate.config.TypedConfigs;
import io.socksgate.policy.internal.LocalAddresses;
import io.socksgate.policy.internal.ManagementPorts;
import io.socksgate.policy.internal.PolicyConfig;
import io.socksgate.policy.internal.PolicyEngine;
import io.socksgate.policy.internal.RuleComponent;
import io.socksgate.server.internal.auth.Authentication;
import io.socksgate.server.internal.exchange.SessionTable;
import io.socksgate.server.internal.listener.ListenerTable;
import io.socksgate.server.internal.listener.ProxyListener;
import io.socksgate.server.internal.log.SessionEvents;
import io.socksgate.server.internal.transport.ProxyEngine;
import io.socksgate.udp.internal.DatagramRelay;
import io.socksgate.udp.internal.UdpRelayConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/** A proxy engine with one listener on a free loopback port, for component tests. */
final class ProxyFixture implements AutoCloseable {

    final ProxyEngine engine = new ProxyEngine();
    final SessionTable sessions = new SessionTable();
    final Authentication authentication;
    final LocalAddresses localAddresses = new LocalAddresses();
    /** Karaf's default management ports, as the component would read them from Config Admin. */
    final ManagementPorts managementPorts = new ManagementPorts(java.util.Set.of(8101, 1099, 44444));

    final PolicyEngine policy;
    /** Access log lines, as logger io.socksgate.access would get them. */
    final java.util.List<String> accessLog = new java.util.concurrent.CopyOnWriteArrayList<>();

    final SessionEvents events = new SessionEvents(accessLog::add);
    /** The UDP relay's port range, "first-last". */
    final String udpPorts = freeUdpPorts(8);

    final DatagramRelay udpRelay = new DatagramRelay(TypedConfigs.of(UdpRelayConfig.class, Map.of("ports", udpPorts)));
    final ListenerTable listeners = new ListenerTable();
    final ProxyListener listener;

    /**
     * A listener with the given overrides, authentication with the given io.socksgate.auth keys,
     * and the real policy engine with {@code default.action} as given and no rules.
     */
    ProxyFixture(Map<String, ?> overrides, Map<String, ?> authConfig, String defaultAction) throws IOException {
        Map<String, Object> values = new HashMap<>(overrides);
        values.putIfAbsent("port", freePort());
        authentication = new Authentication(authConfig, java.time.Clock.systemUTC());
        policy = new PolicyEngine(
                localAddresses,
                managementPorts,
                TypedConfigs.of(PolicyConfig.class, Map.of("default.action", defaultAction)));
        listener = new ProxyListener(
                engine, sessions, authentication, policy, events, listeners, Configs.settings("test", values));
        listener.udpRelay = udpRelay;
    }

    /** Everything allowed: the tests that are not about policy. */
    ProxyFixture(Map<String, ?> overrides, Map<String, ?> authConfig) throws IOException {
        this(overrides, authConfig, "allow");
    }

    ProxyFixture(Map<String, ?> overrides) throws IOException {
        this(overrides, Map.of());
    }

    /** Adds an access rule as a configuration file would (keys as in the .cfg). */
    ProxyFixture withRule(String name, Map<String, ?> keys) {
        Map<String, Object> properties = new HashMap<>(keys);
        properties.put("service.pid", "io.socksgate.rule~" + name);
        policy.addRule(new RuleComponent(localAddresses, managementPorts, properties));
        return this;
    }

    /** Adds the rules the feature ships, read from features/src/main/cfg as Karaf would. */
    ProxyFixture withShippedRules() throws IOException {
        java.nio.file.Path cfg = java.nio.file.Path.of("..", "..", "features", "src", "main", "cfg");
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(cfg)) {
            for (java.nio.file.Path file : files.filter(
                            f -> f.getFileName().toString().startsWith("io.socksgate.rule-"))
                    .toList()) {
                java.util.Properties keys = new java.util.Properties();
                try (java.io.Reader in = java.nio.file.Files.newBufferedReader(file)) {
                    keys.load(in);
                }
                Map<String, Object> properties = new HashMap<>();
                keys.forEach((k, v) -> properties.put((String) k, v));
                properties.put(
                        "felix.fileinstall.filename", file.toAbsolutePath().toString());
                String name = file.getFileName()
                        .toString()
                        .replaceFirst("^io\\.socksgate\\.rule-", "")
                        .replaceFirst("\\.cfg$", "");
                properties.put("service.pid", "io.socksgate.rule~" + name);
                policy.addRule(new RuleComponent(localAddresses, managementPorts, properties));
            }
        }
        return this;
    }

    ProxyFixture() throws IOException {
        this(Map.of());
    }

    /** Registers an authenticator as the service registry would, with a ranking. */
    ProxyFixture withAuthenticator(io.socksgate.api.Authenticator authenticator, int ranking) {
        authentication.addAuthenticator(authenticator, Map.of("service.ranking", ranking, "service.id", (long)
                System.identityHashCode(authenticator)));
        return this;
    }

    InetSocketAddress address() {
        return listener.boundAddresses().get(0);
    }

    /** A run of {@code count} UDP ports free on loopback right now, as "first-last". */
    static String freeUdpPorts(int count) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int first = java.util.concurrent.ThreadLocalRandom.current().nextInt(20000, 60000 - count);
            boolean free = true;
            for (int port = first; port < first + count && free; port++) {
                try (java.net.DatagramSocket probe =
                        new java.net.DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                    free = probe.isBound();
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return first + "-" + (first + count - 1);
            }
        }
        throw new IllegalStateException("no run of " + count + " free UDP ports");
    }

    static int freePort() throws IOException {
        return FreePorts.next();
    }

    @Override
    public void close() {
        listener.close();
        engine.stop();
        events.stop();
        udpRelay.stop();
        listeners.stop();
    }
}
