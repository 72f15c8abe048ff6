package io.socksgate.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** HTTP CONNECT on a listener that also serves SOCKS5, with raw sockets on both sides. */
@Timeout(60)
class HttpConnectTest {

    private EchoServer echo;
    private ProxyFixture proxy;
    private final UserTable users = new UserTable().with("alice", "secret", "staff");

    @BeforeEach
    void start() throws IOException {
        echo = EchoServer.onLoopback();
        proxy = new ProxyFixture(Map.of("protocols", "socks5, http")).withAuthenticator(users, 0);
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void connectThenTunnelWithEarlyData() throws IOException {
        try (RawClient client = new RawClient(proxy.address())) {
            // The bytes after the head are early data: relayed only after the 200.
            client.send(ascii("CONNECT 127.0.0.1:" + echo.port() + " HTTP/1.1\r\nHost: x\r\n\r\nhello"));
            String established = "HTTP/1.1 200 Connection established\r\n\r\n";
            assertThat(new String(client.read(established.length()), StandardCharsets.US_ASCII))
                    .isEqualTo(established);
            assertThat(client.read(5)).isEqualTo(ascii("hello"));
            client.send(ascii("more"));
            assertThat(client.read(4)).isEqualTo(ascii("more"));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !proxy.accessLog.isEmpty());
        assertThat(proxy.accessLog.get(0))
                .contains(" TCP_TUNNEL/200 ")
                .contains(" CONNECT 127.0.0.1:" + echo.port() + " - DIRECT/127.0.0.1 ");
    }

    @Test
    void http10WithoutHostAndIpv6AndNames() throws IOException {
        try (RawClient client = new RawClient(proxy.address())) {
            client.send(ascii("CONNECT loopback.socksgate.test:" + echo.port() + " HTTP/1.0\r\n\r\n"));
            assertThat(statusLine(client)).isEqualTo("HTTP/1.1 200 Connection established");
        }
    }

    @Test
    void answersAreClosedWithContentLength() throws IOException {
        assertRefused("GET http://example.com/ HTTP/1.1\r\nHost: example.com\r\n\r\n", 405, "Allow: CONNECT");
        assertRefused("CONNECT nohostport HTTP/1.1\r\n\r\n", 400, null);
        assertRefused("CONNECT 10.0.0.256:80 HTTP/1.1\r\n\r\n", 400, null);
        assertRefused("CONNECT 127.0.0.1:" + closedPort() + " HTTP/1.1\r\n\r\n", 502, null);
        assertRefused("CONNECT 127.0.0.1:80 HTTP/1.1\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n", 431, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> proxy.accessLog.size() >= 5);
        assertThat(proxy.accessLog).anySatisfy(line -> assertThat(line).contains(" NONE_NONE/405 "));
        assertThat(proxy.accessLog).anySatisfy(line -> assertThat(line).contains(" NONE_NONE/502 "));
        assertThat(proxy.accessLog)
                .anySatisfy(line -> assertThat(line).contains(" NONE_NONE/400 ").contains(" error:invalid-request "));
    }

    @Test
    void deniedByARuleIs403AndATimeoutIs504() throws IOException {
        try (ProxyFixture strict = new ProxyFixture(Map.of("protocols", "http", "timeout.connect", 1), Map.of(), "deny")
                        .withRule("allow-black-hole", Map.of("action", "allow", "destination.ports", "1-65535"))
                        .withRule(
                                "deny-echo",
                                Map.of(
                                        "order",
                                        1,
                                        "action",
                                        "deny",
                                        "protocols",
                                        "http",
                                        "destination.ports",
                                        echo.port()));
                BlackHole blackHole = new BlackHole()) {
            try (RawClient client = new RawClient(strict.address())) {
                client.send(ascii("CONNECT 127.0.0.1:" + echo.port() + " HTTP/1.1\r\n\r\n"));
                assertThat(new String(client.readToEnd(), StandardCharsets.US_ASCII))
                        .startsWith("HTTP/1.1 403 ");
            }
            try (RawClient client = new RawClient(strict.address())) {
                InetSocketAddress nowhere = blackHole.address();
                client.send(ascii("CONNECT 127.0.0.1:" + nowhere.getPort() + " HTTP/1.1\r\n\r\n"));
                assertThat(new String(client.readToEnd(), StandardCharsets.US_ASCII))
                        .startsWith("HTTP/1.1 504 ");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> strict.accessLog.size() >= 2);
            assertThat(strict.accessLog)
                    .anySatisfy(line ->
                            assertThat(line).contains(" TCP_DENIED/403 ").endsWith(" deny-echo"));
            assertThat(strict.accessLog).anySatisfy(line -> assertThat(line).contains(" NONE_NONE/504 "));
        }
    }

    @Test
    void noByteAfterARejectedRequestIsRelayed() throws IOException {
        try (RawClient client = new RawClient(proxy.address())) {
            client.send(ascii("CONNECT bad HTTP/1.1\r\n\r\nCONNECT 127.0.0.1:" + echo.port() + " HTTP/1.1\r\n\r\n"));
            String answer = new String(client.readToEnd(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 400 ").doesNotContain("200");
        }
        assertThat(echo.peerPorts()).isEmpty();
    }

    @Test
    void passwordListenerAsksWith407AndAcceptsBasic() throws IOException {
        try (ProxyFixture secured = new ProxyFixture(
                        Map.of("protocols", "http", "auth", "password", "http.realm", "Office"))
                .withAuthenticator(users, 0)) {
            try (RawClient client = new RawClient(secured.address())) {
                client.send(ascii("CONNECT 127.0.0.1:" + echo.port() + " HTTP/1.1\r\n\r\n"));
                String answer = new String(client.readToEnd(), StandardCharsets.US_ASCII);
                assertThat(answer)
                        .startsWith("HTTP/1.1 407 ")
                        .contains("Proxy-Authenticate: Basic realm=\"Office\", charset=\"UTF-8\"\r\n")
                        .contains("Connection: close\r\n");
            }
            try (RawClient client = new RawClient(secured.address())) {
                client.send(ascii("CONNECT 127.0.0.1:" + echo.port() + " HTTP/1.1\r\nProxy-Authorization: Basic "
                        + basic("alice", "wrong") + "\r\n\r\n"));
                assertThat(new String(client.readToEnd(), StandardCharsets.US_ASCII))
                        .startsWith("HTTP/1.1 407 ");
            }
            try (RawClient client = new RawClient(secured.address())) {
                client.send(ascii("CONNECT 127.0.0.1:" + echo.port() + " HTTP/1.1\r\nProxy-Authorization: Basic "
                        + basic("alice", "secret") + "\r\n\r\nping"));
                assertThat(statusLine(client)).isEqualTo("HTTP/1.1 200 Connection established");
                assertThat(client.read(4)).isEqualTo(ascii("ping"));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> secured.accessLog.size() >= 3);
            assertThat(secured.accessLog).anySatisfy(line -> assertThat(line).contains(" TCP_DENIED/407 "));
            assertThat(secured.accessLog)
                    .anySatisfy(line ->
                            assertThat(line).contains(" TCP_TUNNEL/200 ").contains(" alice "));
            assertThat(String.join("\n", secured.accessLog))
                    .doesNotContain("secret")
                    .doesNotContain("wrong");
        }
    }

    /**
     * With {@code auth = none, password} an HTTP client without credentials is anonymous. When the
     * rules deny it but would allow some authenticated user, it is asked for credentials (407, as
     * a browser needs, which sends them only after a 407); when no user could pass, it gets 403.
     * A SOCKS5 client that chose no authentication cannot be asked again: it is refused as before.
     */
    @Test
    void anAnonymousRequestThatAUserMayMakeIsAskedForCredentials() throws IOException {
        try (ProxyFixture mixed = new ProxyFixture(
                        Map.of("protocols", "socks5, http", "auth", "none, password", "http.realm", "Office"),
                        Map.of(),
                        "deny")
                .withAuthenticator(users, 0)
                .withRule("deny-closed-port", Map.of("order", 1, "action", "deny", "destination.ports", "1"))
                .withRule("alice-anywhere", Map.of("order", 2, "action", "allow", "users", "alice"))
                .withRule("anonymous-nowhere", Map.of("order", 3, "action", "deny", "users", "-"))) {
            try (RawClient client = new RawClient(mixed.address())) {
                client.send(ascii("CONNECT 127.0.0.1:" + echo.port() + " HTTP/1.1\r\n\r\n"));
                assertThat(new String(client.readToEnd(), StandardCharsets.US_ASCII))
                        .startsWith("HTTP/1.1 407 ")
                        .contains("Proxy-Authenticate: Basic realm=\"Office\"");
            }
            try (RawClient client = new RawClient(mixed.address())) {
                client.send(ascii("CONNECT 127.0.0.1:" + echo.port() + " HTTP/1.1\r\nProxy-Authorization: Basic "
                        + basic("alice", "secret") + "\r\n\r\nping"));
                assertThat(statusLine(client)).isEqualTo("HTTP/1.1 200 Connection established");
                assertThat(client.read(4)).isEqualTo(ascii("ping"));
            }
            try (RawClient client = new RawClient(mixed.address())) {
                client.send(ascii("CONNECT 127.0.0.1:1 HTTP/1.1\r\n\r\n"));
                assertThat(new String(client.readToEnd(), StandardCharsets.US_ASCII))
                        .startsWith("HTTP/1.1 403 ");
            }
            try (RawClient socks = new RawClient(mixed.address())) {
                socks.send("05 01 00")
                        .send(RawClient.connectRequest(
                                new InetSocketAddress(InetAddress.getLoopbackAddress(), echo.port())));
                assertThat(socks.read(2)).isEqualTo(Hex.bytes("05 00"));
                assertThat(socks.read(2)).isEqualTo(Hex.bytes("05 02"));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> mixed.accessLog.size() >= 4);
            assertThat(mixed.accessLog)
                    .anySatisfy(line ->
                            assertThat(line).contains(" TCP_DENIED/407 ").endsWith(" anonymous-nowhere"))
                    .anySatisfy(line ->
                            assertThat(line).contains(" TCP_DENIED/403 ").endsWith(" deny-closed-port"))
                    .anySatisfy(line -> assertThat(line).contains(" SOCKS_TCP_DENIED/403 "));
        }
    }

    @Test
    void socksAndHttpOnTheSamePort() throws IOException {
        try (RawClient socks = new RawClient(proxy.address());
                RawClient http = new RawClient(proxy.address())) {
            socks.send("05 01 00")
                    .send(RawClient.connectRequest(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), echo.port())));
            assertThat(socks.read(2)).isEqualTo(Hex.bytes("05 00"));
            socks.read(10);
            http.send(ascii("CONNECT 127.0.0.1:" + echo.port() + " HTTP/1.1\r\n\r\n"));
            assertThat(statusLine(http)).isEqualTo("HTTP/1.1 200 Connection established");
            socks.send(ascii("via socks"));
            http.send(ascii("via http"));
            assertThat(socks.read(9)).isEqualTo(ascii("via socks"));
            assertThat(http.read(8)).isEqualTo(ascii("via http"));
        }
    }

    @Test
    void anHttpClientOverASessionCapIsAnswered503() throws IOException {
        try (ProxyFixture capped = new ProxyFixture(Map.of("protocols", "socks5, http", "max.sessions.per.client", 1));
                RawClient first = new RawClient(capped.address())) {
            // The first is admitted before the others connect: admission follows the order in
            // which sessions reach their I/O threads, not the order of connect calls.
            first.send(ascii("CONNECT 127.0.0.1:" + echo.port() + " HTTP/1.1\r\n\r\n"));
            assertThat(statusLine(first)).isEqualTo("HTTP/1.1 200 Connection established");
            try (RawClient second = new RawClient(capped.address())) {
                second.send(ascii("CONNECT 127.0.0.1:" + echo.port() + " HTTP/1.1\r\n\r\n"));
                String answer = new String(second.readToEnd(), StandardCharsets.US_ASCII);
                assertThat(answer).startsWith("HTTP/1.1 503 ").contains("\r\nConnection: close\r\n");
            }
            try (RawClient third = new RawClient(capped.address())) {
                third.send("05 01 00"); // SOCKS over the cap: closed without an answer, as before
                assertThat(third.readToEnd()).isEmpty();
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> capped.accessLog.stream().anyMatch(line -> line.contains(" NONE_NONE/503 ")));
        }
    }

    @Test
    void aListenerWithoutHttpClosesHttpClients() throws IOException {
        try (ProxyFixture socksOnly = new ProxyFixture(Map.of("protocols", "socks5"));
                RawClient client = new RawClient(socksOnly.address())) {
            client.send(ascii("CONNECT 127.0.0.1:" + echo.port() + " HTTP/1.1\r\n\r\n"));
            assertThat(client.readToEnd()).isEmpty();
        }
    }

    private void assertRefused(String request, int status, String header) throws IOException {
        try (RawClient client = new RawClient(proxy.address())) {
            client.send(ascii(request));
            String answer = new String(client.readToEnd(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 " + status + " ");
            assertThat(answer).contains("\r\nContent-Length: ").contains("\r\nConnection: close\r\n");
            String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
            assertThat(answer).contains("\r\nContent-Length: " + body.length() + "\r\n");
            if (header != null) {
                assertThat(answer).contains("\r\n" + header + "\r\n");
            }
        }
    }

    /** The status line of a successful answer, and the empty line after it consumed. */
    private static String statusLine(RawClient client) throws IOException {
        String expected = "HTTP/1.1 200 Connection established\r\n\r\n";
        String got = new String(client.read(expected.length()), StandardCharsets.US_ASCII);
        return got.substring(0, got.indexOf("\r\n"));
    }

    private static int closedPort() throws IOException {
        return FreePorts.next();
    }

    private static String basic(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
