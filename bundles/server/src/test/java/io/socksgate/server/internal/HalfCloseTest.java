package io.socksgate.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A FIN from either side is passed on, and the other direction keeps working. */
@Timeout(60)
class HalfCloseTest {

    private ProxyFixture proxy;
    private ServerSocket destination;

    @BeforeEach
    void start() throws IOException {
        proxy = new ProxyFixture();
        destination = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void stop() throws IOException {
        destination.close();
        proxy.close();
    }

    @Test
    void theClientsFinReachesTheServerWhoseLaterAnswerStillArrives() throws Exception {
        // The server reads the whole request (until FIN), then answers: like `nc -N` or rsh.
        CompletableFuture<Void> server = serveOnce(socket -> {
            byte[] request = socket.getInputStream().readAllBytes();
            socket.getOutputStream().write(("got " + request.length).getBytes(StandardCharsets.US_ASCII));
        });
        try (RawClient client = new RawClient(proxy.address())) {
            client.send("05 01 00").send(RawClient.connectRequest(destinationAddress()));
            client.read(12);
            client.send(new byte[5000]);
            client.socket().shutdownOutput();
            assertThat(new String(client.readToEnd(), StandardCharsets.US_ASCII))
                    .isEqualTo("got 5000");
        }
        server.get(30, TimeUnit.SECONDS);
    }

    @Test
    void theServersFinReachesTheClientWhoCanStillSend() throws Exception {
        CompletableFuture<String> received = new CompletableFuture<>();
        CompletableFuture<Void> server = serveOnce(socket -> {
            socket.getOutputStream().write("banner".getBytes(StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            received.complete(new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
        });
        try (RawClient client = new RawClient(proxy.address())) {
            client.send("05 01 00").send(RawClient.connectRequest(destinationAddress()));
            client.read(12);
            assertThat(new String(client.read(6), StandardCharsets.US_ASCII)).isEqualTo("banner");
            assertThat(client.socket().getInputStream().read()).isEqualTo(-1); // the FIN arrived
            client.send("still talking".getBytes(StandardCharsets.US_ASCII));
            client.socket().shutdownOutput();
            assertThat(received.get(30, TimeUnit.SECONDS)).isEqualTo("still talking");
        }
        server.get(30, TimeUnit.SECONDS);
    }

    /**
     * Before the success reply there is no tunnel, so nothing to half-close: a client's FIN while
     * the proxy still dials aborts the request, and what came with it reaches nobody. (A client
     * like {@code printf REQUEST+DATA | ncat} whose FIN overtakes the reply therefore gets no
     * tunnel; one whose FIN comes after the reply has its FIN passed on, as above.)
     */
    @Test
    void aFinBeforeTheReplyAbortsTheRequestInsteadOfHalfClosing() throws Exception {
        try (BlackHole slow = new BlackHole();
                RawClient client = new RawClient(proxy.address())) {
            // Everything at once, then FIN, while the proxy cannot have connected.
            client.send(Socks5ConnectTest.concat(
                    Hex.bytes("05 01 00"),
                    RawClient.connectRequest(slow.address()),
                    "early".getBytes(StandardCharsets.US_ASCII)));
            client.socket().shutdownOutput();
            assertThat(client.readToEnd()).isEqualTo(Hex.bytes("05 00")); // the method only, then closed
        }
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(1))
                .until(() -> proxy.sessions.sessions().isEmpty());
    }

    private InetSocketAddress destinationAddress() {
        return (InetSocketAddress) destination.getLocalSocketAddress();
    }

    interface Conversation {
        void run(Socket socket) throws IOException;
    }

    private CompletableFuture<Void> serveOnce(Conversation conversation) {
        return CompletableFuture.runAsync(() -> {
            try (Socket socket = destination.accept()) {
                socket.setSoTimeout(RawClient.READ_TIMEOUT_MILLIS);
                conversation.run(socket);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }
}
