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
    final SocksListener listener;

    ProxyFixture(Map<String, ?> overrides) throws IOException {
        Map<String, Object> values = new HashMap<>(overrides);
        values.putIfAbsent("port", freePort());
        listener = new SocksListener(engine, sessions, Configs.settings("test", values));
    }

    ProxyFixture() throws IOException {
        this(Map.of());
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
