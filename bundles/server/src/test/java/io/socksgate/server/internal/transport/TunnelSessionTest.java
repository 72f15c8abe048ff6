package io.socksgate.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.mina.core.future.ConnectFuture;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.transport.socket.SocketSessionConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The engine's own TCP session against real loopback sockets: the service's options reach the
 * socket, options read back from it, and both ends' addresses outlive the close (the access log,
 * the closed event and work finishing on other threads describe a session after it).
 */
@Timeout(60)
class TunnelSessionTest {

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final LeanNioProcessor processor = new LeanNioProcessor(threads);
    private final EagerSocketConnector connector = new EagerSocketConnector(processor);

    TunnelSessionTest() {
        connector.setHandler(new IoHandlerAdapter());
        connector.setConnectTimeoutMillis(TimeUnit.SECONDS.toMillis(30));
        connector.getSessionConfig().setTcpNoDelay(true);
        connector.getSessionConfig().setKeepAlive(true);
    }

    @AfterEach
    void stop() {
        connector.dispose(true);
        processor.dispose();
        threads.shutdownNow();
    }

    @Test
    void theServicesOptionsAreSetOnTheSocket() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            IoSession session = connect(server);
            try (Socket accepted = server.accept()) {
                assertThat(accepted.isConnected()).isTrue();
                assertThat(session).isInstanceOf(TunnelSession.class);
                SocketSessionConfig options = (SocketSessionConfig) session.getConfig();
                assertThat(options.isTcpNoDelay()).isTrue();
                assertThat(options.isKeepAlive()).isTrue();
                assertThat(options.getSoLinger()).isEqualTo(-1);
                options.setTcpNoDelay(false);
                assertThat(options.isTcpNoDelay()).isFalse();
                assertThat(options.getReceiveBufferSize()).isPositive();
            } finally {
                session.closeNow().awaitUninterruptibly();
            }
        }
    }

    @Test
    void bothEndsOutliveTheClose() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            IoSession session = connect(server);
            try (Socket accepted = server.accept()) {
                assertThat(session.getRemoteAddress()).isEqualTo(server.getLocalSocketAddress());
                assertThat(((InetSocketAddress) session.getLocalAddress()).getPort())
                        .isEqualTo(accepted.getPort());
                // MINA's rule: a connector's session is served by the address it connected to
                assertThat(session.getServiceAddress()).isEqualTo(server.getLocalSocketAddress());

                session.closeNow().awaitUninterruptibly();

                assertThat(session.getRemoteAddress()).isEqualTo(server.getLocalSocketAddress());
                assertThat(((InetSocketAddress) session.getLocalAddress()).getPort())
                        .as("closed channels no longer tell their ends; the session still does")
                        .isEqualTo(accepted.getPort());
            }
        }
    }

    private IoSession connect(ServerSocket server) {
        ConnectFuture future = connector.connect(server.getLocalSocketAddress());
        assertThat(future.awaitUninterruptibly(10_000)).isTrue();
        assertThat(future.isConnected()).isTrue();
        return future.getSession();
    }
}
