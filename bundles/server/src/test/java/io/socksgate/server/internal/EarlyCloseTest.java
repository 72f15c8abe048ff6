package io.socksgate.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.socksgate.api.AuthenticationResult;
import io.socksgate.api.SessionState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client that closes before its success reply has no tunnel to half-close: the request is
 * abandoned at once, with everything it holds (the outbound attempt, the BIND port, the socket),
 * long before timeout.connect or timeout.bind.
 */
@Timeout(120)
class EarlyCloseTest {

    private static final int CLIENTS = 100;
    /**
     * How soon everything must be gone: the deadlines are a minute, so anything left to them
     * fails. Not 1 s: one check reads the whole socket table, and on a loaded 2-core machine a
     * single check took most of a second (seen twice in parallel builds).
     */
    private static final Duration AT_ONCE = Duration.ofSeconds(5);

    private ProxyFixture proxy;
    private BlackHole blackHole;
    private final List<Socket> clients = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        proxy = new ProxyFixture(Map.of(
                "timeout.connect", 60,
                "timeout.bind", 60,
                "timeout.handshake", 60,
                "auth", "none,password",
                "protocols", "socks5,socks4,http"));
        blackHole = new BlackHole();
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : clients) {
            socket.close();
        }
        blackHole.close();
        proxy.close();
    }

    @Test
    void clientsClosingWhileTheProxyConnectsOrWaitsForABindPeerLeaveNothingBehind() throws IOException {
        InetSocketAddress nowhere = blackHole.address();
        Set<String> bindAddresses = new HashSet<>(); // "host:port", as ss shows them
        for (int i = 0; i < CLIENTS; i++) {
            Socket client = connectToProxy();
            if (i % 2 == 0) {
                send(client, concat(Hex.bytes("05 01 00"), RawClient.connectRequest(nowhere)));
                assertThat(readFully(client, 2)).isEqualTo(Hex.bytes("05 00"));
                if (i % 4 == 0) {
                    send(client, "early data".getBytes(StandardCharsets.US_ASCII)); // read on, kept
                }
            } else {
                send(client, Hex.bytes("05 01 00 05 02 00 01 00 00 00 00 00 00")); // BIND, any peer
                assertThat(readFully(client, 2)).isEqualTo(Hex.bytes("05 00"));
                byte[] first = readFully(client, 10);
                assertThat(first[1]).as("first BIND reply").isEqualTo((byte) 0);
                bindAddresses.add(InetAddress.getByAddress(Arrays.copyOfRange(first, 4, 8))
                                .getHostAddress() + ":"
                        + (ByteBuffer.wrap(first, 8, 2).getShort() & 0xffff));
            }
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> proxy.sessions.sessions().stream()
                                .filter(s -> s.state() == SessionState.CONNECTING)
                                .count()
                        == CLIENTS);
        assertThat(proxy.engine.binds().openPorts()).isEqualTo(CLIENTS / 2);
        assertThat(outboundAttempts(nowhere.getPort()))
                .as("the proxy's connects into the black hole")
                .isNotEmpty();

        for (Socket client : clients) {
            client.close(); // FIN
        }

        int proxyPort = proxy.address().getPort();
        // by both ends: a TIME-WAIT left by an earlier test may share the proxy's port number
        Set<Integer> clientPorts = clients.stream().map(Socket::getLocalPort).collect(Collectors.toSet());
        await("everything of the closed clients released")
                .atMost(AT_ONCE)
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> {
                    assertThat(proxy.sessions.sessions()).isEmpty();
                    assertThat(proxy.engine.binds().openPorts()).isZero();
                    List<Sockets.Socket> sockets = Sockets.all();
                    assertThat(sockets.stream()
                                    .filter(s -> s.localPort() == proxyPort && clientPorts.contains(s.peerPort()))
                                    .map(Sockets.Socket::line))
                            .as("accepted client connections left on the proxy")
                            .isEmpty();
                    assertThat(outboundAttempts(nowhere.getPort()))
                            .as("connects into the black hole")
                            .isEmpty();
                    assertThat(sockets.stream()
                                    // by address too: ports of other addresses (a balancer test's
                                    // 127.0.0.2 left TIME-WAITs) may carry the same number
                                    .filter(s -> bindAddresses.contains(s.localAddress() + ":" + s.localPort()))
                                    .map(Sockets.Socket::line))
                            .as("BIND ports")
                            .isEmpty();
                });
        // Nothing was answered: logged as aborted with no status, as Squid logs a client's abort,
        // not as a failure the proxy answered.
        await().atMost(AT_ONCE).until(() -> proxy.accessLog.size() == CLIENTS);
        assertThat(proxy.accessLog).allSatisfy(line -> assertThat(line).contains(" SOCKS_TCP_ABORTED/000 "));
    }

    @Test
    void aClientClosingWhileItsLoginIsCheckedIsReleasedAtOnce() throws Exception {
        CountDownLatch slowRealm = new CountDownLatch(1);
        proxy.withAuthenticator(
                request -> {
                    try {
                        slowRealm.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return AuthenticationResult.failure("too late");
                },
                0);
        try {
            Socket client = connectToProxy();
            byte[] user = "alice".getBytes(StandardCharsets.US_ASCII);
            send(client, concat(Hex.bytes("05 01 02 01 05"), user, Hex.bytes("01 70")));
            assertThat(readFully(client, 2)).isEqualTo(Hex.bytes("05 02"));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> proxy.sessions.sessions().size() == 1);
            client.close();
            await().atMost(AT_ONCE).until(() -> proxy.sessions.sessions().isEmpty());
        } finally {
            slowRealm.countDown();
        }
    }

    /**
     * HTTP has no reply between the login and the connect, so nothing the client's close does to
     * a pending reply stops the request: the login check's answer must find the client gone and
     * connect nowhere, even when it accepts.
     */
    @Test
    void anHttpClientClosingWhileItsLoginIsCheckedIsNeverConnected() throws Exception {
        CountDownLatch clientGone = new CountDownLatch(1);
        CountDownLatch answered = new CountDownLatch(1);
        proxy.withAuthenticator(
                request -> {
                    try {
                        clientGone.await(60, TimeUnit.SECONDS);
                        return AuthenticationResult.success(request.username(), Set.of());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return AuthenticationResult.failure("interrupted");
                    } finally {
                        answered.countDown();
                    }
                },
                0);
        try (EchoServer destination = EchoServer.onLoopback()) {
            Socket client = connectToProxy();
            String credentials = Base64.getEncoder().encodeToString("alice:p".getBytes(StandardCharsets.UTF_8));
            send(
                    client,
                    ("CONNECT 127.0.0.1:" + destination.port() + " HTTP/1.1\r\nProxy-Authorization: Basic "
                                    + credentials + "\r\n\r\nearly data")
                            .getBytes(StandardCharsets.US_ASCII));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> proxy.sessions.sessions().size() == 1);
            client.close();
            await().atMost(AT_ONCE).until(() -> proxy.sessions.sessions().isEmpty());
            clientGone.countDown();
            assertThat(answered.await(30, TimeUnit.SECONDS)).isTrue();
            // The request would go on right after the answer, on the same thread: give it a moment.
            await("no connection to the destination")
                    .during(Duration.ofMillis(500))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> destination.peerPorts().isEmpty());
            await().atMost(AT_ONCE).until(() -> !proxy.accessLog.isEmpty());
            assertThat(proxy.accessLog).singleElement().satisfies(line -> assertThat(line)
                    .contains(" NONE_NONE_ABORTED/000 0 CONNECT 127.0.0.1:"));
        } finally {
            clientGone.countDown();
        }
    }

    /**
     * A BIND port is opened off the I/O thread; a client that sends its request and leaves at
     * once may be gone before the port exists. The port must still go at once, not at
     * timeout.bind: until then it would be held by nobody's session, outside every session cap.
     */
    @Test
    void bindRequestsWhoseClientsLeaveAtOnceLeaveNoPortOpen() throws IOException {
        for (int i = 0; i < 20; i++) {
            Socket client = connectToProxy();
            send(client, Hex.bytes("05 01 00 05 02 00 01 7f 00 00 01 00 07")); // greeting and BIND in one
            client.close();
        }
        await("BIND ports of the clients that left")
                .atMost(AT_ONCE)
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> {
                    assertThat(proxy.sessions.sessions()).isEmpty();
                    assertThat(proxy.engine.binds().openPorts()).isZero();
                });
        // and they stay closed: none is opened late, after the check above
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(5))
                .until(() -> proxy.engine.binds().openPorts() == 0);
    }

    private List<String> outboundAttempts(int blackHolePort) {
        return Sockets.all().stream()
                .filter(s -> s.peerPort() == blackHolePort && s.state().equals("SYN-SENT"))
                .map(Sockets.Socket::line)
                .collect(Collectors.toList());
    }

    private Socket connectToProxy() throws IOException {
        Socket socket = new Socket();
        clients.add(socket);
        socket.connect(proxy.address(), RawClient.READ_TIMEOUT_MILLIS);
        socket.setSoTimeout(RawClient.READ_TIMEOUT_MILLIS);
        return socket;
    }

    private static void send(Socket socket, byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    private static byte[] readFully(Socket socket, int n) throws IOException {
        byte[] bytes = socket.getInputStream().readNBytes(n);
        assertThat(bytes).as("bytes read before the proxy closed").hasSize(n);
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        return Socks5ConnectTest.concat(parts);
    }
}
