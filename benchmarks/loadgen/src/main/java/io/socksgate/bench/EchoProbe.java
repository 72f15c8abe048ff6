package io.socksgate.bench;

import io.socksgate.bench.client.ProxyTarget;
import io.socksgate.bench.client.Tunnel;
import io.socksgate.bench.client.Tunnels;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Readiness check of a proxy run.sh started: waits (bounded by {@code --timeout} seconds) until a
 * tunnel through it ({@code --protocol socks5}, the default, {@code http}, or {@code forward} for a
 * forwarder whose destination is an echo server) relays a 32-byte echo,
 * polling every 250 ms; exits 1 with the last error if it never does.
 */
final class EchoProbe {

    private EchoProbe() {}

    static void run(Options o) throws InterruptedException {
        ProxyTarget proxy =
                switch (o.get("protocol", "socks5")) {
                    case "http" -> ProxyTarget.httpConnect(o.need("proxy"));
                    case "forward" -> ProxyTarget.forward(o.need("proxy"));
                    default -> ProxyTarget.socks5(o.need("proxy"), o.get("user", null), o.get("pass", null));
                };
        InetSocketAddress echo = new InetSocketAddress(InetAddress.getLoopbackAddress(), o.integer("echo", 0));
        Exception[] last = {null};
        boolean answered =
                Await.until(Duration.ofMillis((long) (o.decimal("timeout", 60) * 1000)), Duration.ofMillis(250), () -> {
                    try (Tunnel tunnel = Tunnels.connect(proxy, echo)) {
                        tunnel.out().write(new byte[32]);
                        tunnel.readFully(new byte[32], 32);
                        return true;
                    } catch (IOException e) {
                        last[0] = e;
                        return false;
                    }
                });
        if (!answered) {
            System.err.println("probe " + o.need("proxy") + " failed: " + last[0]);
            System.exit(1);
        }
    }
}
