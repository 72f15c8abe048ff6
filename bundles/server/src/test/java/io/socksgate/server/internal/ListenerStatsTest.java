package io.socksgate.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.socksgate.api.ListenerInfo;
import io.socksgate.api.ListenerStats;
import io.socksgate.api.Protocol;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The listener registry's counters, and the same over JMX. */
@Timeout(60)
class ListenerStatsTest {

    @Test
    void tunnelsDenialsAndLoginFailuresAreCountedAndVisibleOverJmx() throws Exception {
        try (EchoServer echo = EchoServer.onLoopback();
                ProxyFixture proxy = new ProxyFixture(Map.of("auth", "none,password"), Map.of(), "allow")
                        .withRule("deny-port-7", Map.of("order", 1, "action", "deny", "destination.ports", "7"))
                        .withAuthenticator(new UserTable().with("alice", "secret"), 0)) {
            try (RawClient tunnel = ListenerLifecycleTest.openTunnel(proxy.address(), echo)) {
                tunnel.send("01 02 03");
                tunnel.read(3);
            }
            try (RawClient denied = new RawClient(proxy.address())) {
                denied.send("05 01 00").send(RawClient.connectRequest("loopback.socksgate.test", 7));
                denied.readToEnd();
            }
            try (RawClient wrong = new RawClient(proxy.address())) {
                wrong.send(
                        Socks5ConnectTest.concat(Hex.bytes("05 01 02"), PasswordAuthTest.credentials("alice", "nope")));
                wrong.readToEnd();
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> proxy.sessions.sessions().isEmpty());

            ListenerInfo info = proxy.listeners.listeners().get(0);
            assertThat(info.name()).isEqualTo("test");
            assertThat(info.state()).isEqualTo(ListenerInfo.State.LISTENING);
            assertThat(info.bound()).containsExactly(proxy.address());
            assertThat(info.protocols()).containsExactly(Protocol.SOCKS5);
            assertThat(info.auth()).containsExactly("none", "password");
            assertThat(info.stats()).isEqualTo(new ListenerStats(3, 0, 1, 1, 3, 3));
            assertThat(proxy.listeners.totals()).isEqualTo(info.stats());

            MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
            ObjectName listener = new ObjectName("io.socksgate:type=Listener,name=test");
            assertThat(mbeans.getAttribute(listener, "Accepted")).isEqualTo(3L);
            assertThat(mbeans.getAttribute(listener, "Denied")).isEqualTo(1L);
            assertThat(mbeans.getAttribute(listener, "AuthFailures")).isEqualTo(1L);
            assertThat(mbeans.getAttribute(listener, "BytesFromClients")).isEqualTo(3L);
            assertThat(mbeans.getAttribute(listener, "State")).isEqualTo("LISTENING");
            assertThat(mbeans.getAttribute(new ObjectName("io.socksgate:type=Totals"), "Accepted"))
                    .isEqualTo(3L);
        }
        assertThat(ManagementFactory.getPlatformMBeanServer()
                        .isRegistered(new ObjectName("io.socksgate:type=Listener,name=test")))
                .as("a stopped listener's MBean is gone")
                .isFalse();
    }

    @Test
    void aTunnelsBytesAreCountedWhileItIsOpen() throws Exception {
        try (EchoServer echo = EchoServer.onLoopback();
                ProxyFixture proxy = new ProxyFixture();
                RawClient tunnel = ListenerLifecycleTest.openTunnel(proxy.address(), echo)) {
            tunnel.send("01 02 03 04");
            tunnel.read(4);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> proxy.listeners.listeners().get(0).stats().bytesToClients() == 4);
            ListenerStats open = proxy.listeners.listeners().get(0).stats();
            assertThat(open.active()).isEqualTo(1);
            assertThat(open.bytesFromClients()).isEqualTo(4);
            ObjectName listener = new ObjectName("io.socksgate:type=Listener,name=test");
            assertThat(ManagementFactory.getPlatformMBeanServer().getAttribute(listener, "BytesToClients"))
                    .isEqualTo(4L);
        }
    }

    @Test
    void aListenerThatCannotBindIsListedAsFailed() throws IOException {
        try (ProxyFixture first = new ProxyFixture()) {
            int taken = first.address().getPort();
            try (ProxyFixture second = new ProxyFixture(Map.of("port", taken))) {
                assertThat(second.listeners.listeners().get(0).state()).isEqualTo(ListenerInfo.State.FAILED);
            }
        }
    }
}
