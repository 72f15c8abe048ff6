package io.socksgate.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.socksgate.api.Command;
import io.socksgate.api.HostPort;
import io.socksgate.api.Protocol;
import io.socksgate.api.SessionInfo;
import io.socksgate.api.SessionState;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Rebinding, stopping and the session registry, on a real listener. */
@Timeout(60)
class ListenerLifecycleTest {

    @Test
    void aPortChangeRebindsWhileTheOpenTunnelKeepsWorking() throws IOException {
        try (EchoServer echo = EchoServer.onLoopback();
                ProxyFixture proxy = new ProxyFixture()) {
            InetSocketAddress before = proxy.address();
            try (RawClient tunnel = openTunnel(before, echo)) {
                int newPort = ProxyFixture.freePort();
                proxy.listener.update(Configs.settings("test", Map.of("port", newPort)));

                assertThat(proxy.address().getPort()).isEqualTo(newPort);
                assertThatThrownBy(() -> new Socket(before.getAddress(), before.getPort()).close())
                        .isInstanceOf(ConnectException.class);
                try (RawClient second = openTunnel(proxy.address(), echo)) {
                    second.send("02");
                    assertThat(second.read(1)).isEqualTo(Hex.bytes("02"));
                }
                tunnel.send("01");
                assertThat(tunnel.read(1)).isEqualTo(Hex.bytes("01"));
            }
        }
    }

    @Test
    void otherChangesApplyToNewSessionsWithoutARebind() throws IOException {
        try (ProxyFixture proxy = new ProxyFixture()) {
            InetSocketAddress address = proxy.address();
            proxy.listener.update(Configs.settings("test", Map.of("port", address.getPort(), "auth", "password")));
            assertThat(proxy.address()).isEqualTo(address);
            try (RawClient client = new RawClient(address)) {
                client.send("05 01 00");
                assertThat(client.readToEnd()).isEqualTo(Hex.bytes("05 ff"));
            }
        }
    }

    @Test
    void closingTheListenerClosesItsSessionsAndItsPort() throws IOException {
        try (EchoServer echo = EchoServer.onLoopback()) {
            ProxyFixture proxy = new ProxyFixture();
            InetSocketAddress address = proxy.address();
            try (RawClient tunnel = openTunnel(address, echo)) {
                proxy.close();
                assertThat(tunnel.readToEnd()).isEmpty();
                assertThatThrownBy(() -> new Socket(address.getAddress(), address.getPort()).close())
                        .isInstanceOf(ConnectException.class);
            }
        }
    }

    @Test
    void theRegistryShowsALiveTunnelAndKillEndsIt() throws IOException {
        try (EchoServer echo = EchoServer.onLoopback();
                ProxyFixture proxy = new ProxyFixture();
                RawClient tunnel = openTunnel(proxy.address(), echo)) {
            tunnel.send("0a 0b 0c");
            tunnel.read(3);

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> proxy.sessions.sessions().size() == 1
                            && proxy.sessions.sessions().get(0).bytesToClient() == 3);
            SessionInfo info = proxy.sessions.sessions().get(0);
            assertThat(info.listener()).isEqualTo("test");
            assertThat(info.protocol()).isEqualTo(Protocol.SOCKS5);
            assertThat(info.command()).isEqualTo(Command.CONNECT);
            assertThat(info.destination()).isEqualTo(HostPort.of(echo.address()));
            assertThat(info.connected()).isEqualTo(echo.address());
            assertThat(info.client().getPort()).isEqualTo(tunnel.socket().getLocalPort());
            assertThat(info.state()).isEqualTo(SessionState.RELAYING);
            assertThat(info.rule()).isEqualTo("default"); // the fixture allows by default.action
            assertThat(info.bytesFromClient()).isEqualTo(3);
            assertThat(proxy.sessions.session(info.id())).contains(info);

            assertThat(proxy.sessions.kill(info.id())).isTrue();
            assertThat(tunnel.readToEnd()).isEmpty();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> proxy.sessions.sessions().isEmpty());
            assertThat(proxy.sessions.kill(info.id())).isFalse();
        }
    }

    @Test
    void sessionsOverMaxSessionsPerClientAreClosed() throws IOException {
        try (ProxyFixture proxy = new ProxyFixture(Map.of("max.sessions.per.client", 1));
                RawClient first = new RawClient(proxy.address())) {
            first.send("05 01 00");
            assertThat(first.read(2)).isEqualTo(Hex.bytes("05 00")); // admitted
            try (RawClient second = new RawClient(proxy.address())) {
                assertThat(second.readToEnd()).isEmpty();
            }
        }
    }

    static RawClient openTunnel(InetSocketAddress proxy, EchoServer echo) throws IOException {
        RawClient client = new RawClient(proxy);
        client.send("05 01 00").send(RawClient.connectRequest(echo.address()));
        assertThat(client.read(2)).isEqualTo(Hex.bytes("05 00"));
        assertThat(client.read(10)[1]).isEqualTo((byte) 0);
        return client;
    }
}
