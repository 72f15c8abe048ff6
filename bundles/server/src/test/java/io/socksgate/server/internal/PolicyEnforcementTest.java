package io.socksgate.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every request is decided by the policy before anything is connected or bound. */
@Timeout(60)
class PolicyEnforcementTest {

    private EchoServer echo;
    private ProxyFixture proxy;

    @BeforeEach
    void start() throws IOException {
        echo = EchoServer.onLoopback();
        // As shipped: loopback destinations denied, loopback clients allowed, otherwise deny.
        proxy = new ProxyFixture(Map.of("protocols", "socks5,socks4", "auth", "none,password"), Map.of(), "deny")
                .withRule(
                        "deny-local-destinations",
                        Map.of("order", 10, "action", "deny", "destination", "127.0.0.0/8, ::1/128"))
                .withRule(
                        "allow-loopback-clients",
                        Map.of("order", 1000, "action", "allow", "source", "127.0.0.0/8, ::1/128"))
                .withAuthenticator(new UserTable().with("alice", "secret", "ops"), 0);
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void aDeniedConnectGetsNotAllowedAndNothingIsConnected() throws IOException {
        try (RawClient client = new RawClient(proxy.address())) {
            client.send("05 01 00").send(RawClient.connectRequest(echo.address()));
            assertThat(client.readToEnd()).isEqualTo(Hex.bytes("05 00 05 02 00 01 00 00 00 00 00 00"));
        }
        assertThat(echo.peerPorts()).isEmpty();
    }

    @Test
    void aNameThatResolvesToLoopbackIsDeniedToo() throws IOException {
        try (RawClient client = new RawClient(proxy.address())) {
            client.send("05 01 00").send(RawClient.connectRequest("loopback.socksgate.test", echo.port()));
            assertThat(client.readToEnd()).isEqualTo(Hex.bytes("05 00 05 02 00 01 00 00 00 00 00 00"));
        }
        assertThat(echo.peerPorts()).isEmpty();
    }

    /**
     * A rule's route is followed or the request refused, never quietly sent direct: with no
     * upstream in use at all (the only one removed, or the name mistyped) the client is answered
     * as when every upstream of the route is down (SOCKS5 01).
     */
    @Test
    void anAllowRuleRoutingThroughNoUpstreamInUseIsRefusedNotSentDirect() throws IOException {
        proxy.withRule(
                "via-gone",
                Map.of(
                        "order", 5,
                        "action", "allow",
                        "destination", "127.0.0.1",
                        "destination.ports", String.valueOf(echo.port()),
                        "upstream", "gone"));
        try (RawClient client = new RawClient(proxy.address())) {
            client.send("05 01 00").send(RawClient.connectRequest(echo.address()));
            assertThat(client.readToEnd()).isEqualTo(Hex.bytes("05 00 05 01 00 01 00 00 00 00 00 00"));
        }
        try (RawClient client = new RawClient(proxy.address())) {
            client.send("05 01 00").send(RawClient.connectRequest("loopback.socksgate.test", echo.port()));
            assertThat(client.readToEnd()).isEqualTo(Hex.bytes("05 00 05 01 00 01 00 00 00 00 00 00"));
        }
        assertThat(echo.peerPorts()).isEmpty();
    }

    @Test
    void aRouteEndingWithDirectGoesDirectWhenNoUpstreamIsInUse() throws IOException {
        proxy.withRule(
                "via-gone-or-direct",
                Map.of(
                        "order", 5,
                        "action", "allow",
                        "destination", "127.0.0.1",
                        "destination.ports", String.valueOf(echo.port()),
                        "upstream", "gone, direct"));
        try (RawClient client = new RawClient(proxy.address())) {
            client.send("05 01 00").send(RawClient.connectRequest(echo.address()));
            assertThat(client.read(12)).startsWith(Hex.bytes("05 00 05 00"));
            client.send("01 02 03");
            assertThat(client.read(3))
                    .as("the echo, straight from the destination")
                    .isEqualTo(Hex.bytes("01 02 03"));
        }
    }

    @Test
    void socks4IsDeniedWith5b() throws IOException {
        try (RawClient client = new RawClient(proxy.address())) {
            client.send(Socks4Test.socks4Connect(echo.port(), InetAddress.getLoopbackAddress(), "alice"));
            assertThat(Hex.of(client.readToEnd())).isEqualTo("00 5b 00 00 00 00 00 00");
        }
    }

    @Test
    void aNarrowAllowRuleLetsExactlyWhatItNamesThrough() throws IOException {
        proxy.withRule(
                "allow-echo",
                Map.of(
                        "order", 5,
                        "action", "allow",
                        "destination", "127.0.0.1",
                        "destination.ports", String.valueOf(echo.port()),
                        "users", "@ops"));
        // alice is in @ops: through.
        try (RawClient client = new RawClient(proxy.address())) {
            client.send(Socks5ConnectTest.concat(
                    Hex.bytes("05 01 02"),
                    PasswordAuthTest.credentials("alice", "secret"),
                    RawClient.connectRequest(echo.address())));
            assertThat(client.read(4)).isEqualTo(Hex.bytes("05 02 01 00"));
            assertThat(client.read(10)[1]).isEqualTo((byte) 0);
            client.send("2a");
            assertThat(client.read(1)).isEqualTo(Hex.bytes("2a"));
        }
        // Anonymous: not in @ops, so the deny rule decides.
        try (RawClient client = new RawClient(proxy.address())) {
            client.send("05 01 00").send(RawClient.connectRequest(echo.address()));
            assertThat(client.readToEnd()).isEqualTo(Hex.bytes("05 00 05 02 00 01 00 00 00 00 00 00"));
        }
        // A SOCKS4 user id claiming "alice" is not authenticated: denied.
        try (RawClient client = new RawClient(proxy.address())) {
            client.send(Socks4Test.socks4Connect(echo.port(), InetAddress.getLoopbackAddress(), "alice"));
            assertThat(Hex.of(client.readToEnd())).isEqualTo("00 5b 00 00 00 00 00 00");
        }
        assertThat(proxy.policy.rules())
                .filteredOn(r -> r.name().equals("allow-echo"))
                .singleElement()
                .satisfies(r -> assertThat(r.hits()).isEqualTo(1));
    }

    @Test
    void aDeniedBindOpensNoPort() throws IOException {
        try (RawClient client = new RawClient(proxy.address())) {
            client.send("05 01 00 05 02 00 01 7f 00 00 01 00 00");
            assertThat(client.readToEnd()).isEqualTo(Hex.bytes("05 00 05 02 00 01 00 00 00 00 00 00"));
        }
        assertThat(proxy.engine.binds().openPorts()).isZero();
    }
}
