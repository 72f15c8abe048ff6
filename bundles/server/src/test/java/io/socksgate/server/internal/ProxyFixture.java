package io.socksgate.server.internal;

import io.socksgate.policy.internal.LocalAddresses;
import io.socksgate.policy.internal.PolicyConfig;
import io.socksgate.policy.internal.PolicyEngine;
import io.socksgate.policy.internal.RuleComponent;
import io.socksgate.udp.internal.DatagramRelay;
import io.socksgate.udp.internal.UdpRelayConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

/** A proxy engine with one listener on a free loopback port, for component tests. */
final class ProxyFixture implements AutoCloseable {

    final ProxyEngine engine = new ProxyEngine();
    final SessionTable sessions = new SessionTable();
    final Authentication authentication;
    final LocalAddresses localAddresses = new LocalAddresses();
    final PolicyEngine policy;
    /** Access log lines, as logger io.socksgate.access would get them. */
    final java.util.List<String> accessLog = new java.util.concurrent.CopyOnWriteArrayList<>();

    final SessionEvents events = new SessionEvents(accessLog::add);
    final DatagramRelay udpRelay =
            new DatagramRelay(Configs.of(UdpRelayConfig.class, Map.of("ports", freeUdpPorts(8))));
    final ListenerTable listeners = new ListenerTable();
    final SocksListener listener;

    /**
     * A listener with the given overrides, authentication with the given io.socksgate.auth keys,
     * and the real policy engine with {@code default.action} as given and no rules.
     */
    ProxyFixture(Map<String, ?> overrides, Map<String, ?> authConfig, String defaultAction) throws IOException {
        Map<String, Object> values = new HashMap<>(overrides);
        values.putIfAbsent("port", freePort());
        authentication = new Authentication(authConfig, java.time.Clock.systemUTC());
        policy = new PolicyEngine(
                localAddresses, Configs.of(PolicyConfig.class, Map.of("default.action", defaultAction)));
        listener = new SocksListener(
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
        policy.addRule(new RuleComponent(localAddresses, properties));
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
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
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
