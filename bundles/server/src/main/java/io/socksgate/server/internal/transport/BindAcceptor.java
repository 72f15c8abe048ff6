package io.socksgate.server.internal.transport;

import io.socksgate.server.internal.exchange.Exchange;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;

/**
 * The ports that SOCKS BIND requests wait on. One MINA acceptor holds them all: a BIND binds a
 * fresh port on it and unbinds it once its peer has arrived or its time is up, so a BIND costs a
 * port, not a thread.
 *
 * <p>{@link #open} and {@link #close} block until the acceptor thread has (un)bound the port, so
 * they run on the engine's blocking executor, never on an I/O thread.
 */
public final class BindAcceptor {

    /** Decides whether a connection on a BIND port is the peer the BIND waits for. */
    public interface PeerCheck {
        /** Null when {@code peer} may complete the BIND, otherwise why not (for the log). */
        public String refusal(InetSocketAddress peer);
    }

    /** One BIND waiting for its peer. */
    public static final class Waiting {
        public final Exchange exchange;
        private final PeerCheck peerCheck;

        private final AtomicBoolean ended = new AtomicBoolean();
        private InetSocketAddress port; // guarded by this
        private boolean released; // guarded by this
        public volatile ScheduledFuture<?> deadline;

        public Waiting(Exchange exchange, PeerCheck peerCheck) {
            this.exchange = exchange;
            this.peerCheck = peerCheck;
        }

        /** Null when {@code peer} may complete the BIND, otherwise why not. */
        public String refusal(InetSocketAddress peer) {
            return peerCheck.refusal(peer);
        }

        public boolean hasEnded() {
            return ended.get();
        }

        /** Ends the wait exactly once (peer arrived, timed out or client gone). */
        public boolean end() {
            if (!ended.compareAndSet(false, true)) {
                return false;
            }
            ScheduledFuture<?> timer = deadline;
            if (timer != null) {
                timer.cancel(false);
            }
            return true;
        }
    }

    private final NioSocketAcceptor acceptor;
    private final ConcurrentMap<SocketAddress, Waiting> waiting = new ConcurrentHashMap<>();
    private final Object bindLock = new Object();

    BindAcceptor(NioSocketAcceptor acceptor) {
        this.acceptor = acceptor;
        acceptor.setReuseAddress(false);
        acceptor.setBacklog(1);
        acceptor.setCloseOnDeactivation(false); // unbinding a port must not close a running tunnel
    }

    /** Binds a fresh port on {@code address} for {@code bind}; blocking. */
    public InetSocketAddress open(InetAddress address, Waiting bind) throws IOException {
        InetSocketAddress port;
        synchronized (bindLock) {
            Set<SocketAddress> before = new HashSet<>(acceptor.getLocalAddresses());
            acceptor.bind(new InetSocketAddress(address, 0));
            port = acceptor.getLocalAddresses().stream()
                    .filter(a -> !before.contains(a))
                    .map(InetSocketAddress.class::cast)
                    .findFirst()
                    .orElseThrow(() -> new IOException("bound port not found"));
        }
        synchronized (bind) {
            bind.port = port;
        }
        return port;
    }

    /**
     * Lets connections on the bind's port through to it and sends the client its first reply
     * ({@code firstReply}), atomically with respect to a peer's arrival: a peer that connects at
     * once is matched (never closed as too early), and {@link #waitingFor} hands it over only
     * after the first reply is queued, so the second reply cannot overtake it.
     */
    public void await(Waiting bind, Runnable firstReply) {
        synchronized (bind) {
            if (!bind.released && bind.port != null) {
                waiting.put(bind.port, bind);
            }
            firstReply.run();
        }
    }

    /** Releases the bind's port, if it has one; blocking. Safe to call more than once. */
    public void close(Waiting bind) {
        InetSocketAddress port;
        synchronized (bind) {
            if (bind.released || bind.port == null) {
                return;
            }
            bind.released = true;
            port = bind.port;
            waiting.remove(port, bind);
        }
        synchronized (bindLock) {
            acceptor.unbind(port);
        }
    }

    boolean owns(IoSession session) {
        return session.getService() == acceptor;
    }

    /** The BIND waiting on the port {@code peer} connected to, or null. */
    public Waiting waitingFor(IoSession peer) {
        Waiting bind = waiting.get(peer.getLocalAddress());
        if (bind != null) {
            synchronized (bind) {
                // nothing: only waits until await has queued the first reply
            }
        }
        return bind;
    }

    /** Ports currently bound for BIND requests. */
    public int openPorts() {
        return acceptor.getLocalAddresses().size();
    }

    void dispose() {
        acceptor.dispose(false);
    }
}
