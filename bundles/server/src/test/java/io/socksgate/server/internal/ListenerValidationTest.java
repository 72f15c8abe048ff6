package io.socksgate.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.socksgate.api.ListenerInfo;
import io.socksgate.api.Protocol;
import io.socksgate.server.internal.listener.ListenerSettings;
import io.socksgate.server.internal.listener.ListenerTable;
import io.socksgate.server.internal.listener.ProxyListener;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A listener whose configuration is invalid stays listed with its problem, as an invalid rule
 * does: a new one never binds, a running one keeps serving with its previous configuration.
 */
@Timeout(60)
class ListenerValidationTest {

    @Test
    void aNewInvalidConfigurationIsListedAsInvalidWithOneProblemPerBadKeyAndNotBound() throws IOException {
        try (ProxyFixture proxy = new ProxyFixture()) {
            ProxyListener bad = listener(proxy, "bad", Map.of("port", "10x8", "protocols", "socks6"));
            try {
                ListenerInfo info = info(proxy, "bad");
                assertThat(info.state()).isEqualTo(ListenerInfo.State.INVALID);
                assertThat(info.problem())
                        .isEqualTo("port = '10x8': expected a whole number from 1 to 65535; protocols = 'socks6':"
                                + " unknown protocol 'socks6'; expected socks4, socks5, http or transparent");
                assertThat(info.configured()).isEmpty();
                assertThat(info.bound()).isEmpty();
                assertThat(bad.boundAddresses()).isEmpty();
                assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(ListenerTable.nameOf("bad")))
                        .isTrue();
            } finally {
                bad.close();
            }
            assertThat(proxy.listeners.listeners())
                    .extracting(ListenerInfo::name)
                    .doesNotContain("bad");
        }
    }

    @Test
    void aProxyProtocolListenerWithoutTrustedPeersIsInvalidAndNeverBound() throws IOException {
        try (ProxyFixture proxy = new ProxyFixture()) {
            int port = ProxyFixture.freePort();
            ProxyListener open = listener(proxy, "behind-lb", Map.of("port", port, "proxy.protocol", "v2"));
            try {
                ListenerInfo info = info(proxy, "behind-lb");
                assertThat(info.state()).isEqualTo(ListenerInfo.State.INVALID);
                assertThat(info.problem())
                        .startsWith("proxy.protocol.trusted = '': required when proxy.protocol is on");
                assertThat(open.boundAddresses()).isEmpty();
            } finally {
                open.close();
            }
        }
    }

    @Test
    void anInvalidChangeKeepsTheRunningConfigurationAndShowsTheProblemUntilFixed() throws IOException {
        try (ProxyFixture proxy = new ProxyFixture()) {
            int port = ProxyFixture.freePort();
            ProxyListener office = listener(proxy, "office", Map.of("port", port));
            try {
                assertGreets(port);

                office.modified(Configs.listenerProperties("office", Map.of("port", "10x8")));

                assertGreets(port);
                ListenerInfo info = info(proxy, "office");
                assertThat(info.state()).isEqualTo(ListenerInfo.State.LISTENING);
                assertThat(info.problem()).isEqualTo("port = '10x8': expected a whole number from 1 to 65535");
                assertThat(info.bound()).containsExactly(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));

                int next = ProxyFixture.freePort();
                office.modified(Configs.listenerProperties("office", Map.of("port", next)));

                assertGreets(next);
                assertThat(info(proxy, "office").problem()).isNull();
            } finally {
                office.close();
            }
        }
    }

    @Test
    void anInvalidListenerStartsOnceItsConfigurationIsFixed() throws IOException {
        try (ProxyFixture proxy = new ProxyFixture()) {
            ProxyListener lab = listener(proxy, "lab", Map.of("bind", "127.0.0.256"));
            try {
                assertThat(info(proxy, "lab").state()).isEqualTo(ListenerInfo.State.INVALID);
                int port = ProxyFixture.freePort();

                lab.modified(Configs.listenerProperties("lab", Map.of("port", port)));

                assertGreets(port);
                ListenerInfo info = info(proxy, "lab");
                assertThat(info.state()).isEqualTo(ListenerInfo.State.LISTENING);
                assertThat(info.problem()).isNull();
            } finally {
                lab.close();
            }
        }
    }

    @Test
    void aListenerThatCannotBindIsFailedWithTheReason() throws IOException {
        try (ProxyFixture proxy = new ProxyFixture();
                ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ProxyListener busy = listener(proxy, "busy", Map.of("port", taken.getLocalPort()));
            try {
                ListenerInfo info = info(proxy, "busy");
                assertThat(info.state()).isEqualTo(ListenerInfo.State.FAILED);
                assertThat(info.problem())
                        .isEqualTo("cannot bind 127.0.0.1:" + taken.getLocalPort() + ": Address already in use");
            } finally {
                busy.close();
            }
        }
    }

    @Test
    void aMoveToATakenPortKeepsTheListenerWhereItWasAndShowsWhyUntilThePortIsFree() throws IOException {
        try (ProxyFixture proxy = new ProxyFixture()) {
            int port = ProxyFixture.freePort();
            ProxyListener office = listener(proxy, "office", Map.of("port", port));
            try {
                int next;
                try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    next = taken.getLocalPort();

                    office.modified(Configs.listenerProperties("office", Map.of("port", next, "protocols", "http")));

                    assertGreets(port);
                    ListenerInfo info = info(proxy, "office");
                    assertThat(info.state()).isEqualTo(ListenerInfo.State.LISTENING);
                    assertThat(info.problem()).isEqualTo("cannot bind 127.0.0.1:" + next + ": Address already in use");
                    assertThat(info.configured())
                            .containsExactly(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                    assertThat(info.protocols()).contains(Protocol.SOCKS5);
                }

                office.modified(Configs.listenerProperties("office", Map.of("port", next)));

                assertGreets(next);
                ListenerInfo info = info(proxy, "office");
                assertThat(info.problem()).isNull();
                assertThat(info.bound()).containsExactly(new InetSocketAddress(InetAddress.getLoopbackAddress(), next));
            } finally {
                office.close();
            }
        }
    }

    @Test
    void aRejectedMoveNeverStopsTheListenerAccepting() throws Exception {
        try (ProxyFixture proxy = new ProxyFixture();
                ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = ProxyFixture.freePort();
            ProxyListener office = listener(proxy, "office", Map.of("port", port));
            AtomicBoolean moving = new AtomicBoolean(true);
            AtomicInteger accepted = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            Thread clients = new Thread(() -> {
                while (moving.get()) {
                    try {
                        new Socket(InetAddress.getLoopbackAddress(), port).close();
                        accepted.incrementAndGet();
                    } catch (IOException e) {
                        refused.incrementAndGet();
                    }
                }
            });
            try {
                clients.start();
                await().atMost(Duration.ofSeconds(10)).until(() -> accepted.get() > 0);
                for (int i = 0; i < 20; i++) {
                    office.modified(Configs.listenerProperties(
                            "office", Map.of("port", taken.getLocalPort(), "timeout.idle", 100 + i)));
                }
                int before = accepted.get();
                await().atMost(Duration.ofSeconds(10)).until(() -> accepted.get() > before);
            } finally {
                moving.set(false);
                clients.join();
                office.close();
            }
            assertThat(refused.get())
                    .as("connections refused during 20 rejected moves")
                    .isZero();
        }
    }

    @Test
    void theRegistryChecksPropertiesWithTheListenersParser() {
        ListenerTable table = new ListenerTable();
        assertThat(table.problems(Map.of("port", "1081"))).isEmpty();
        assertThat(table.problems(Map.of("port", "10x8", "bind", "10.0.0.256")))
                .containsExactly(
                        "port = '10x8': expected a whole number from 1 to 65535",
                        "bind = '10.0.0.256': 10.0.0.256 is not an IP address; " + ListenerSettings.EXPECTED_BIND);
    }

    /** A listener as Declarative Services creates it from a factory configuration. */
    private static ProxyListener listener(ProxyFixture proxy, String name, Map<String, ?> values) {
        Map<String, Object> properties = new HashMap<>(Configs.listenerProperties(name, values));
        return new ProxyListener(
                proxy.engine,
                proxy.sessions,
                proxy.authentication,
                proxy.policy,
                proxy.events,
                proxy.listeners,
                properties);
    }

    private static ListenerInfo info(ProxyFixture proxy, String name) {
        List<ListenerInfo> all = proxy.listeners.listeners();
        return all.stream()
                .filter(l -> name.equals(l.name()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no listener " + name + " in " + all));
    }

    private static void assertGreets(int port) throws IOException {
        try (RawClient client = new RawClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            client.send("05 01 00");
            assertThat(client.read(2)).isEqualTo(Hex.bytes("05 00"));
        }
    }
}
