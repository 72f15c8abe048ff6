package io.socksgate.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.future.ConnectFuture;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The connector against real loopback sockets: a connection the kernel completed during
 * {@code connect} becomes a session on the calling thread (the point of the class: with MINA's
 * own connector the session initializer runs on the connector thread), a refusal fails at once,
 * and a connection still pending goes through the connector's selector thread.
 */
@Timeout(60)
class EagerSocketConnectorTest {

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final LeanNioProcessor processor = new LeanNioProcessor(threads);
    private final EagerSocketConnector connector = new EagerSocketConnector(processor);
    private final AtomicReference<Thread> initializedOn = new AtomicReference<>();

    EagerSocketConnectorTest() {
        connector.setHandler(new IoHandlerAdapter());
        connector.setConnectTimeoutMillis(TimeUnit.SECONDS.toMillis(30));
    }

    @AfterEach
    void stop() {
        connector.dispose(true);
        processor.dispose();
        threads.shutdownNow();
    }

    @Test
    void aConnectionUpAtOnceBecomesASessionOnTheCallingThread() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            ConnectFuture future = connector.connect(
                    server.getLocalSocketAddress(), (session, f) -> initializedOn.set(Thread.currentThread()));
            assertThat(initializedOn.get()).isSameAs(Thread.currentThread());

            assertThat(future.awaitUninterruptibly(10_000)).isTrue();
            assertThat(future.isConnected()).isTrue();
            try (Socket accepted = server.accept()) {
                future.getSession().write(IoBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII)));
                InputStream in = accepted.getInputStream();
                assertThat(new String(in.readNBytes(4), StandardCharsets.US_ASCII))
                        .isEqualTo("ping");
            }
            future.getSession().closeNow().awaitUninterruptibly();
        }
    }

    /**
     * A wildcard local address names the socket's family only ({@link
     * EagerSocketConnector#anyLocal}): with 0.0.0.0 the socket is an IPv4 one (listed in
     * /proc/net/tcp), not a dual-stack IPv6 one (in /proc/net/tcp6). The connection is found by
     * both ports: a TIME-WAIT socket of an earlier test may have the same local port number in
     * either table (it failed a build once), but not towards this test's fresh server port.
     */
    @Test
    void theLocalWildcardChoosesTheSocketsFamily() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            ConnectFuture future = connector.connect(
                    server.getLocalSocketAddress(), new InetSocketAddress(InetAddress.getByAddress(new byte[4]), 0));
            assertThat(future.awaitUninterruptibly(10_000)).isTrue();
            assertThat(future.isConnected()).isTrue();
            try (Socket accepted = server.accept()) {
                String ports = String.format(":%04X :%04X", accepted.getPort(), server.getLocalPort());
                assertThat(portPairs("/proc/net/tcp")).contains(ports);
                assertThat(portPairs("/proc/net/tcp6")).doesNotContain(ports);
            } finally {
                future.getSession().closeNow().awaitUninterruptibly();
            }
        }
    }

    /** Each socket of a /proc/net/tcp table as its local and remote port: {@code ":LLLL :RRRR"} (hex). */
    private static List<String> portPairs(String table) throws IOException {
        List<String> pairs = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(table))) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 2 && fields[0].endsWith(":")) {
                pairs.add(port(fields[1]) + " " + port(fields[2]));
            }
        }
        return pairs;
    }

    /** ":PPPP" of an "ADDRESS:PPPP" column. */
    private static String port(String end) {
        return end.substring(end.lastIndexOf(':'));
    }

    @Test
    void aRefusalFailsTheConnectAtOnce() throws Exception {
        InetSocketAddress closed;
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            closed = (InetSocketAddress) server.getLocalSocketAddress();
        }
        ConnectFuture future = connector.connect(closed, (session, f) -> initializedOn.set(Thread.currentThread()));
        assertThat(future.isDone()).isTrue();
        assertThat(future.isConnected()).isFalse();
        assertThat(future.getException()).isInstanceOf(ConnectException.class);
        assertThat(initializedOn.get()).isNull();
    }

    /**
     * A listening socket whose accept queue is full drops the SYN, so the connect stays pending
     * until the client retransmits it (about a second later) after the queue was drained.
     */
    @Test
    void aPendingConnectionGoesThroughTheConnectorThread() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> queued = new ArrayList<>();
            try {
                // backlog 1 holds two completed connections; both connect without being accepted
                queued.add(new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()));
                queued.add(new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()));
                ConnectFuture future = connector.connect(
                        server.getLocalSocketAddress(), (session, f) -> initializedOn.set(Thread.currentThread()));
                assertThat(future.isDone())
                        .as("pending: Linux drops a SYN to a listener whose accept queue is full")
                        .isFalse();
                assertThat(initializedOn.get()).isNull();

                for (int i = 0; i < queued.size(); i++) {
                    server.accept().close();
                }
                assertThat(future.awaitUninterruptibly(15_000)).isTrue();
                assertThat(future.isConnected()).isTrue();
                assertThat(initializedOn.get()).isNotNull().isNotSameAs(Thread.currentThread());
                server.accept().close();
                future.getSession().closeNow().awaitUninterruptibly();
            } finally {
                for (Socket socket : queued) {
                    socket.close();
                }
            }
        }
    }
}
