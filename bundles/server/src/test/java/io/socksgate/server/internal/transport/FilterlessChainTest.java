package io.socksgate.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.future.ConnectFuture;
import org.apache.mina.core.future.WriteFuture;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IoSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A tunnel session's filter chain against real loopback sockets: every event MINA's processor and
 * connector raise reaches the handler, with the bookkeeping MINA's own chain does around it (byte
 * counts, the write future, the close future before the handler's closed event, the connect
 * future), and a handler's failure becomes its exceptionCaught.
 */
@Timeout(60)
class FilterlessChainTest {

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final LeanNioProcessor processor = new LeanNioProcessor(threads);
    private final EagerSocketConnector connector = new EagerSocketConnector(processor);
    private final Recorder handler = new Recorder();

    FilterlessChainTest() {
        connector.setHandler(handler);
        connector.setConnectTimeoutMillis(TimeUnit.SECONDS.toMillis(30));
    }

    @AfterEach
    void stop() {
        connector.dispose(true);
        processor.dispose();
        threads.shutdownNow();
    }

    @Test
    void everyEventReachesTheHandlerWithMinasBookkeeping() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            IoSession session = connect(server);
            assertThat(session.getFilterChain()).isInstanceOf(FilterlessChain.class);
            assertThat(session.getFilterChain().getSession()).isSameAs(session);
            try (Socket peer = server.accept()) {
                OutputStream toSession = peer.getOutputStream();
                toSession.write("hello".getBytes(StandardCharsets.US_ASCII));
                toSession.flush();
                await().atMost(Duration.ofSeconds(10)).until(() -> session.getReadBytes() == 5);

                WriteFuture written = session.write(IoBuffer.wrap("world!".getBytes(StandardCharsets.US_ASCII)));
                assertThat(written.awaitUninterruptibly(10_000)).isTrue();
                assertThat(written.isWritten()).isTrue();
                byte[] back = peer.getInputStream().readNBytes(6);
                assertThat(new String(back, StandardCharsets.US_ASCII)).isEqualTo("world!");
                assertThat(session.getWrittenBytes()).isEqualTo(6);
                // as in MINA's chain, the future is done before the tail counts the message
                await().atMost(Duration.ofSeconds(10)).until(() -> session.getWrittenMessages() == 1);

                peer.shutdownOutput();
                await().atMost(Duration.ofSeconds(10)).until(() -> handler.events.contains("inputClosed"));
                session.closeNow().awaitUninterruptibly();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> handler.events.contains("closed"));
            assertThat(handler.events)
                    .containsExactly("created", "opened", "received 5", "sent 6", "inputClosed", "closed");
            assertThat(handler.closeFutureDoneWhenClosed).isTrue();
        }
    }

    @Test
    void aHandlersFailureBecomesItsExceptionCaught() throws Exception {
        handler.failOnReceive = true;
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            IoSession session = connect(server);
            try (Socket peer = server.accept()) {
                peer.getOutputStream().write(1);
                await().atMost(Duration.ofSeconds(10)).until(() -> !handler.failures.isEmpty());
                assertThat(handler.failures).singleElement().satisfies(e -> assertThat(e)
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessage("refused by the test"));
            } finally {
                session.closeNow().awaitUninterruptibly();
            }
        }
    }

    @Test
    void aFilterIsRefusedNotDropped() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            IoSession session = connect(server);
            try (Socket peer = server.accept()) {
                assertThat(peer.isConnected()).isTrue();
                assertThatThrownBy(() -> session.getFilterChain().addLast("codec", new IoFilterAdapter()))
                        .isInstanceOf(UnsupportedOperationException.class)
                        .hasMessageContaining("codec");
                assertThat(session.getFilterChain().getAll()).isEmpty();
                assertThatThrownBy(() -> session.getConfig().setUseReadOperation(true))
                        .isInstanceOf(UnsupportedOperationException.class);
            } finally {
                session.closeNow().awaitUninterruptibly();
            }
        }
    }

    private IoSession connect(ServerSocket server) {
        ConnectFuture future = connector.connect(server.getLocalSocketAddress());
        assertThat(future.awaitUninterruptibly(10_000)).isTrue();
        assertThat(future.isConnected())
                .as("the connect future learns the session")
                .isTrue();
        return future.getSession();
    }

    private static final class Recorder extends IoHandlerAdapter {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<Throwable> failures = new CopyOnWriteArrayList<>();
        volatile boolean failOnReceive;
        volatile boolean closeFutureDoneWhenClosed;

        @Override
        public void sessionCreated(IoSession session) {
            events.add("created");
        }

        @Override
        public void sessionOpened(IoSession session) {
            events.add("opened");
        }

        @Override
        public void messageReceived(IoSession session, Object message) {
            if (failOnReceive) {
                throw new IllegalStateException("refused by the test");
            }
            events.add("received " + ((IoBuffer) message).remaining());
        }

        @Override
        public void messageSent(IoSession session, Object message) {
            events.add("sent " + ((IoBuffer) message).limit());
        }

        @Override
        public void inputClosed(IoSession session) {
            session.suspendRead(); // as the relay does: the processor reports the end on every read
            events.add("inputClosed");
        }

        @Override
        public void sessionClosed(IoSession session) {
            closeFutureDoneWhenClosed = session.getCloseFuture().isClosed();
            events.add("closed");
        }

        @Override
        public void exceptionCaught(IoSession session, Throwable cause) {
            failures.add(cause);
        }
    }
}
