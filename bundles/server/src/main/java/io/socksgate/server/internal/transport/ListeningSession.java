package io.socksgate.server.internal.transport;

import io.socksgate.api.HostPort;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ByteChannel;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.mina.core.service.IoService;
import org.apache.mina.core.service.TransportMetadata;
import org.apache.mina.core.session.AbstractIoSessionConfig;
import org.apache.mina.core.session.IoSessionConfig;
import org.apache.mina.transport.socket.nio.NioSession;

/**
 * A listening socket's place on one I/O processor: {@link IoThreadAcceptor} adds one per processor,
 * and the processor registers the socket for accepting with this as the key's attachment. It is
 * a MINA session only because a processor's loop runs while it has sessions and reads every key's
 * attachment as one; it carries no data and its service's handler ignores it.
 */
final class ListeningSession extends NioSession {

    /** Never idle, never timed out; shared, since nothing ever changes it. */
    private static final IoSessionConfig NEVER_IDLE = new AbstractIoSessionConfig() {
        {
            setWriteTimeout(0);
        }
    };

    final ServerSocketChannel server;
    final IoThreadAcceptor acceptor;
    final LeanNioProcessor on;
    /** Completed once the socket is off {@link #on}'s selector. */
    final CompletableFuture<Void> released = new CompletableFuture<>();
    /** The next pause after accept found no file descriptor free; processor thread only. */
    Duration pause = BackingOffAcceptor.FIRST_PAUSE;

    ListeningSession(IoService service, IoThreadAcceptor acceptor, LeanNioProcessor on, ServerSocketChannel server) {
        super(on, service, server);
        this.server = server;
        this.acceptor = acceptor;
        this.on = on;
        config = NEVER_IDLE;
    }

    /** Not a byte channel: nothing is read or written here; the socket is {@link #server}. */
    @Override
    public ByteChannel getChannel() {
        return null;
    }

    @Override
    public TransportMetadata getTransportMetadata() {
        return TunnelSession.METADATA;
    }

    @Override
    public SocketAddress getRemoteAddress() {
        return null;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return acceptor.localAddressOf(server);
    }

    /** The listening address for a log line ({@code [::1]:1080}), or {@code a closed listener}. */
    String localText() {
        return text(getLocalAddress());
    }

    /** A listening socket's address for a log line; {@code a closed listener} for null. */
    static String text(InetSocketAddress local) {
        return local == null ? "a closed listener" : HostPort.of(local).toString();
    }
}
