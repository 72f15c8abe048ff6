package io.socksgate.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.socksgate.api.AuthenticationResult;
import io.socksgate.api.SessionInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SOCKS5 method negotiation and RFC 1929 username/password through the authenticator chain. */
@Timeout(60)
class PasswordAuthTest {

    private EchoServer echo;
    private ProxyFixture proxy;
    private final UserTable users = new UserTable().with("alice", "secret", "staff", "ops");

    @BeforeEach
    void start() throws IOException {
        echo = EchoServer.onLoopback();
        proxy = new ProxyFixture(Map.of("auth", "password"), Map.of("failures.max", 3)).withAuthenticator(users, 0);
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void aPasswordListenerNeverSelectsNoAuthentication() throws IOException {
        try (RawClient client = new RawClient(proxy.address())) {
            client.send("05 01 00");
            assertThat(client.readToEnd()).isEqualTo(Hex.bytes("05 ff"));
        }
        try (RawClient client = new RawClient(proxy.address())) {
            client.send("05 02 00 02");
            assertThat(client.read(2)).isEqualTo(Hex.bytes("05 02"));
        }
    }

    @Test
    void theServersPreferenceOrderDecides() throws IOException {
        try (ProxyFixture both = new ProxyFixture(Map.of("auth", "none,password")).withAuthenticator(users, 0);
                RawClient client = new RawClient(both.address())) {
            client.send("05 02 02 00");
            assertThat(client.read(2)).isEqualTo(Hex.bytes("05 00"));
        }
        try (ProxyFixture both = new ProxyFixture(Map.of("auth", "password,none")).withAuthenticator(users, 0);
                RawClient client = new RawClient(both.address())) {
            client.send("05 02 00 02");
            assertThat(client.read(2)).isEqualTo(Hex.bytes("05 02"));
        }
    }

    @Test
    void goodCredentialsOpenTheTunnelAndTheUserAndRolesAreRecorded() throws IOException {
        try (RawClient client = new RawClient(proxy.address())) {
            client.send("05 01 02");
            assertThat(client.read(2)).isEqualTo(Hex.bytes("05 02"));
            client.send(credentials("alice", "secret"));
            assertThat(client.read(2)).isEqualTo(Hex.bytes("01 00"));
            client.send(RawClient.connectRequest(echo.address()));
            assertThat(client.read(10)[1]).isEqualTo((byte) 0);
            client.send("11 22");
            assertThat(client.read(2)).isEqualTo(Hex.bytes("11 22"));

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> proxy.sessions.sessions().size() == 1);
            SessionInfo info = proxy.sessions.sessions().get(0);
            assertThat(info.user()).isEqualTo("alice");
            assertThat(info.roles()).containsExactlyInAnyOrder("staff", "ops");
        }
    }

    @Test
    void everythingPipelinedInOneSegmentWorks() throws IOException {
        try (RawClient client = new RawClient(proxy.address())) {
            client.send(Socks5ConnectTest.concat(
                    Hex.bytes("05 01 02"),
                    credentials("alice", "secret"),
                    RawClient.connectRequest(echo.address()),
                    Hex.bytes("33")));
            assertThat(client.read(2)).isEqualTo(Hex.bytes("05 02"));
            assertThat(client.read(2)).isEqualTo(Hex.bytes("01 00"));
            assertThat(client.read(10)[1]).isEqualTo((byte) 0);
            assertThat(client.read(1)).isEqualTo(Hex.bytes("33"));
        }
    }

    @Test
    void aWrongPasswordIsRefusedAndNothingSentAfterItIsServed() throws IOException {
        try (RawClient client = new RawClient(proxy.address())) {
            client.send(Socks5ConnectTest.concat(
                    Hex.bytes("05 01 02"), credentials("alice", "guess"), RawClient.connectRequest(echo.address())));
            assertThat(client.readToEnd()).isEqualTo(Hex.bytes("05 02 01 01"));
        }
        assertThat(echo.peerPorts()).isEmpty();
    }

    @Test
    void emptyAndLongestNamesAndPasswordsAreHandled() throws IOException {
        String longName = "u".repeat(255);
        String longPassword = "p".repeat(255);
        users.with(longName, longPassword);
        assertThat(login("", "")).isEqualTo(Hex.bytes("05 02 01 01"));
        assertThat(login("alice", "")).isEqualTo(Hex.bytes("05 02 01 01"));
        try (RawClient client = new RawClient(proxy.address())) {
            client.send(Socks5ConnectTest.concat(Hex.bytes("05 01 02"), credentials(longName, longPassword)));
            assertThat(client.read(4)).isEqualTo(Hex.bytes("05 02 01 00"));
        }
    }

    @Test
    void aWrongSubNegotiationVersionIsRefused() throws IOException {
        try (RawClient client = new RawClient(proxy.address())) {
            client.send("05 01 02 02 05 61 6c 69 63 65 06 73 65 63 72 65 74");
            assertThat(client.readToEnd()).isEqualTo(Hex.bytes("05 02 01 01"));
        }
        assertThat(users.checks.get()).isZero();
    }

    @Test
    void repeatedFailuresBlockTheAddressWithoutAskingTheAuthenticators() throws IOException {
        for (int i = 0; i < 3; i++) {
            assertThat(login("alice", "guess" + i)).isEqualTo(Hex.bytes("05 02 01 01"));
        }
        int checksBefore = users.checks.get();
        assertThat(login("alice", "secret")).isEqualTo(Hex.bytes("05 02 01 01"));
        assertThat(users.checks.get()).isEqualTo(checksBefore);
    }

    @Test
    void authenticatorsAreAskedByRankingUntilOneDecides() throws IOException {
        UserTable plugin = new UserTable().with("bob", "builder", "plugin-users");
        proxy.withAuthenticator(plugin, 100);
        assertThat(login("bob", "builder")).isEqualTo(Hex.bytes("05 02 01 00"));
        assertThat(login("alice", "secret")).isEqualTo(Hex.bytes("05 02 01 00")); // plugin abstains
        assertThat(plugin.checks.get()).isEqualTo(2);

        // A higher-ranked failure is final: the lower authenticator is not asked.
        proxy.withAuthenticator(request -> AuthenticationResult.failure("locked out"), 200);
        int before = users.checks.get();
        assertThat(login("alice", "secret")).isEqualTo(Hex.bytes("05 02 01 01"));
        assertThat(users.checks.get()).isEqualTo(before);
    }

    /** Greeting (password only) and credentials; what the proxy sent until it closed or accepted. */
    private byte[] login(String user, String password) throws IOException {
        try (RawClient client = new RawClient(proxy.address())) {
            client.send(Socks5ConnectTest.concat(Hex.bytes("05 01 02"), credentials(user, password)));
            byte[] answer = client.read(4);
            return answer[3] == 0 ? answer : concatWithRest(answer, client.readToEnd());
        }
    }

    private static byte[] concatWithRest(byte[] head, byte[] rest) {
        return Socks5ConnectTest.concat(head, rest);
    }

    static byte[] credentials(String user, String password) {
        byte[] name = user.getBytes(StandardCharsets.UTF_8);
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(1);
        out.write(name.length);
        out.writeBytes(name);
        out.write(secret.length);
        out.writeBytes(secret);
        return out.toByteArray();
    }
}
