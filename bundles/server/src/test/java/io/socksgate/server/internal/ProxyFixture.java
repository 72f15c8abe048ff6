package io.socksgate.server.internal;

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
    final SocksListener listener;

    /** A listener with the given overrides; authentication with the given io.socksgate.auth keys. */
    ProxyFixture(Map<String, ?> overrides, Map<String, ?> authConfig) throws IOException {
        Map<String, Object> values = new HashMap<>(overrides);
        values.putIfAbsent("port", freePort());
        authentication = new Authentication(Configs.of(AuthConfig.class, authConfig));
        listener = new SocksListener(engine, sessions, authentication, Configs.settings("test", values));
    }

    ProxyFixture(Map<String, ?> overrides) throws IOException {
        this(overrides, Map.of());
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

    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    @Override
    public void close() {
        listener.close();
        engine.stop();
    }
}
