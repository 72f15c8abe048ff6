package io.socksgate.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IoSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A listener's connections are accepted by the I/O threads themselves: no acceptor thread wakes
 * for each connection and hands it over, and a session stays on the thread that accepted it.
 */
@Timeout(60)
class IoThreadAcceptorTest {

    private final ProxyEngine engine = new ProxyEngine();
    private final IoThreadAcceptor acceptor = engine.newAcceptor();
    private final Set<String> openedOn = ConcurrentHashMap.newKeySet();

    @AfterEach
    void stop() {
        acceptor.dispose(true);
        engine.stop();
    }

    @Test
    void connectionsAreAcceptedAndServedWithoutAnAcceptorThread() throws Exception {
        // Threads left by earlier tests in this JVM are not this acceptor's: only new ones count.
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        acceptor.setHandler(new Greeter());
        acceptor.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        InetSocketAddress address = (InetSocketAddress) acceptor.getLocalAddress();
        for (int i = 0; i < 20; i++) {
            try (Socket client = new Socket(address.getAddress(), address.getPort())) {
                client.setSoTimeout(10_000);
                assertThat(readLine(client.getInputStream())).isEqualTo("hello");
            }
        }
        assertThat(openedOn)
                .as("threads the sessions were opened on")
                .allMatch(name -> name.startsWith("LeanNioProcessor-"));
        assertThat(Thread.getAllStackTraces().keySet())
                .filteredOn(thread -> !before.contains(thread))
                .extracting(Thread::getName)
                .as("threads of an acceptor (MINA names them after the class)")
                .noneMatch(name -> name.contains("Acceptor"));
    }

    @Test
    void anUnboundPortIsFreeAtOnce() throws Exception {
        acceptor.setHandler(new Greeter(false));
        acceptor.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        InetSocketAddress address = (InetSocketAddress) acceptor.getLocalAddress();
        try (Socket client = new Socket(address.getAddress(), address.getPort())) {
            assertThat(readLine(client.getInputStream())).isEqualTo("hello");
        } // the client closes first, so the TIME-WAIT is on its side, not on the port
        await().atMost(Duration.ofSeconds(10)).until(() -> acceptor.getManagedSessionCount() == 0);
        acceptor.unbind();
        assertThat(acceptor.getLocalAddresses()).isEmpty();
        try (ServerSocket again = new ServerSocket()) {
            again.setReuseAddress(false);
            again.bind(address); // fails while the listening socket is still open
        }
    }

    @Test
    void aTakenPortFailsTheBindWithTheSystemsReason() throws Exception {
        acceptor.setHandler(new Greeter());
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<SocketAddress> both =
                    List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), taken.getLocalSocketAddress());
            assertThatThrownBy(() -> acceptor.bind(both))
                    .isInstanceOf(BindException.class)
                    .hasMessageContaining("Address already in use");
        }
        assertThat(acceptor.getLocalAddresses()).isEmpty();
        // and the first address, bound before the failure, was let go: binding anew works
        acceptor.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        assertThat(acceptor.getLocalAddresses()).hasSize(1);
    }

    @Test
    void aListenerCanBeBoundAgainAfterAnUnbind() throws Exception {
        acceptor.setHandler(new Greeter());
        acceptor.setReuseAddress(true);
        acceptor.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        InetSocketAddress address = (InetSocketAddress) acceptor.getLocalAddress();
        acceptor.unbind();
        acceptor.bind(address);
        try (Socket client = new Socket(address.getAddress(), address.getPort())) {
            client.setSoTimeout(10_000);
            assertThat(readLine(client.getInputStream())).isEqualTo("hello");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> acceptor.getManagedSessionCount() == 0);
    }

    /** Says hello, and closes unless told to wait for the client; notes the thread each session was opened on. */
    private final class Greeter extends IoHandlerAdapter {
        private final boolean closes;

        Greeter() {
            this(true);
        }

        Greeter(boolean closes) {
            this.closes = closes;
        }

        @Override
        public void sessionOpened(IoSession session) {
            openedOn.add(Thread.currentThread().getName());
            session.write(IoBuffer.wrap("hello\n".getBytes(StandardCharsets.US_ASCII)));
            if (closes) {
                session.closeOnFlush();
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            line.append((char) c);
        }
        return line.toString();
    }
}
