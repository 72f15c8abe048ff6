package io.socksgate.server.internal.transport;

import io.socksgate.server.internal.log.CountedWarning;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.mina.core.service.AbstractIoAcceptor;
import org.apache.mina.core.service.AbstractIoService;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.service.TransportMetadata;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.session.IoSessionConfig;
import org.apache.mina.transport.socket.DefaultSocketSessionConfig;
import org.apache.mina.transport.socket.SocketSessionConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listener's acceptor whose connections are accepted by the I/O threads themselves.
 *
 * <p>Why: MINA's acceptor has a thread of its own that wakes for every connection, accepts it and
 * hands the session to an I/O processor, which must then be woken in turn: two threads and two
 * wake-ups per connection, and about a tenth of the proxy's CPU at a high connection rate
 * (docs/PERFORMANCE.md). Here each listening socket is registered with every I/O processor's
 * selector; the processor that finds it ready accepts the connection and keeps the session, so
 * the tunnel lives on the thread that accepted it and nothing is handed over. A connection that
 * arrives while every processor is busy waits in the backlog until one of them selects again.
 *
 * <p>When the process runs out of file descriptors (EMFILE, ENFILE) the connection stays in the
 * backlog and the socket stays ready, so a processor would retry at once, forever: instead that
 * processor stops accepting from the socket for a pause that doubles from 50 ms up to 1 s while
 * accept keeps failing, and the failures are one {@link CountedWarning}.
 */
public final class IoThreadAcceptor extends AbstractIoAcceptor {

    private static final Logger LOG = LoggerFactory.getLogger(IoThreadAcceptor.class);
    private static final Duration REPORT_INTERVAL = Duration.ofSeconds(10);
    /** How long an unbind waits for the processors to close a socket before closing it itself. */
    private static final long RELEASE_WAIT_SECONDS = 10;

    private final TunnelProcessors processors;
    private final ScheduledExecutorService timers;
    private final CountedWarning shortage;
    /** The service of the listening sockets' sessions: its handler ignores them. */
    private final ListeningService listening;
    /** Bound sockets by their local address, each with its session on every processor. */
    private final Map<InetSocketAddress, List<ListeningSession>> bound = new ConcurrentHashMap<>();

    private volatile boolean reuseAddress;
    private volatile int backlog = 50;

    /** Told once this acceptor is disposed. */
    private final Consumer<IoThreadAcceptor> disposed;

    IoThreadAcceptor(
            TunnelProcessors processors, ScheduledExecutorService timers, Consumer<IoThreadAcceptor> disposed) {
        super(new DefaultSocketSessionConfig(), null);
        ((DefaultSocketSessionConfig) getSessionConfig()).init(this);
        this.processors = processors;
        this.timers = timers;
        this.disposed = disposed;
        this.listening = new ListeningService();
        shortage = new CountedWarning(LOG, REPORT_INTERVAL, timers);
    }

    @Override
    public SocketSessionConfig getSessionConfig() {
        return (SocketSessionConfig) sessionConfig;
    }

    @Override
    public TransportMetadata getTransportMetadata() {
        return TunnelSession.METADATA;
    }

    public void setReuseAddress(boolean reuseAddress) {
        this.reuseAddress = reuseAddress;
    }

    public void setBacklog(int backlog) {
        this.backlog = backlog;
    }

    @Override
    protected Set<SocketAddress> bindInternal(List<? extends SocketAddress> localAddresses) throws IOException {
        List<ServerSocketChannel> opened = new ArrayList<>();
        try {
            for (SocketAddress address : localAddresses) {
                opened.add(open((InetSocketAddress) address));
            }
        } catch (IOException | RuntimeException e) {
            for (ServerSocketChannel channel : opened) {
                closeQuietly(channel);
            }
            throw e;
        }
        Set<SocketAddress> addresses = new HashSet<>();
        for (ServerSocketChannel channel : opened) {
            InetSocketAddress local = localAddressOf(channel);
            List<ListeningSession> sessions = new ArrayList<>();
            for (LeanNioProcessor processor : processors.all()) {
                ListeningSession session = new ListeningSession(listening, this, processor, channel);
                listening.init(session);
                sessions.add(session);
            }
            bound.put(local, sessions);
            for (ListeningSession session : sessions) {
                session.on.add(session);
            }
            addresses.add(local);
        }
        return addresses;
    }

    private ServerSocketChannel open(InetSocketAddress address) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open(
                address.getAddress() instanceof Inet4Address
                        ? StandardProtocolFamily.INET
                        : StandardProtocolFamily.INET6);
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, reuseAddress);
            channel.bind(address, backlog);
            channel.configureBlocking(false);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Takes each socket off every processor, waits until all have let it go, and closes it, so
     * that its port is free when this returns (a listener rebinding the same port comes right
     * after). Closed while still registered somewhere, the JDK would keep the port until every
     * selector had dropped the socket.
     */
    @Override
    protected void unbind0(List<? extends SocketAddress> localAddresses) {
        for (SocketAddress address : localAddresses) {
            List<ListeningSession> sessions = bound.remove(address);
            if (sessions == null) {
                continue;
            }
            for (ListeningSession session : sessions) {
                session.on.remove(session);
            }
            for (ListeningSession session : sessions) {
                awaitRelease(session);
            }
            closeQuietly(sessions.get(0).server);
        }
    }

    private static void awaitRelease(ListeningSession session) {
        try {
            session.released.get(RELEASE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("listening socket {} not let go by an I/O thread in time; closing it", session.localText());
        }
    }

    @Override
    protected void dispose0() throws Exception {
        unbind();
        listening.dispose();
        disposed.accept(this);
    }

    @Override
    public IoSession newSession(SocketAddress remoteAddress, SocketAddress localAddress) {
        throw new UnsupportedOperationException("an acceptor does not open connections");
    }

    /** On {@code session}'s processor thread: its socket is ready; accepts one connection. */
    void acceptReady(ListeningSession session) {
        SocketChannel channel;
        try {
            channel = session.server.accept();
        } catch (IOException e) {
            if (BackingOffAcceptor.outOfDescriptors(e)) {
                backOff(session, e);
            } else if (session.server.isOpen()) {
                LOG.warn("accepting a connection on {} failed: {}", session.localText(), e.toString());
            }
            return;
        }
        if (channel == null) {
            return; // another processor took it
        }
        session.pause = BackingOffAcceptor.FIRST_PAUSE;
        TunnelSession accepted;
        try {
            accepted = TunnelSession.of(this, processors, channel);
        } catch (IOException | RuntimeException e) {
            LOG.debug("an accepted connection on {} failed at once: {}", session.localText(), e.toString());
            return;
        }
        accepted.assignIfNone(session.on);
        initSession(accepted, null, null);
        session.on.add(accepted);
    }

    /** Stops accepting on this processor for a pause; a timer resumes it on the processor's thread. */
    private void backOff(ListeningSession session, IOException e) {
        shortage.occurred(BackingOffAcceptor.shortageMessage(session.localText(), e));
        SelectionKey key = session.on.keyOf(session.server);
        if (key == null) {
            return;
        }
        key.interestOps(0);
        Duration pause = session.pause;
        session.pause = BackingOffAcceptor.nextPause(pause);
        try {
            timers.schedule(
                    () -> session.on.execute(() -> {
                        if (key.isValid()) {
                            key.interestOps(SelectionKey.OP_ACCEPT);
                        }
                    }),
                    pause.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // the engine is stopping: the socket is closed with it
        }
    }

    InetSocketAddress localAddressOf(ServerSocketChannel channel) {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            return null; // closed
        }
    }

    private static void closeQuietly(ServerSocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closed as far as anyone can tell
        }
    }

    /**
     * The service the listening sockets' sessions belong to, apart from the acceptor's, so that
     * they never reach the listener's handler nor count among its sessions.
     */
    private static final class ListeningService extends AbstractIoService {

        ListeningService() {
            super(new DefaultSocketSessionConfig(), Runnable::run);
            setHandler(new IoHandlerAdapter());
            setSessionDataStructureFactory(CompactSessionData.INSTANCE);
        }

        void init(ListeningSession session) {
            initSession(session, null, null);
        }

        @Override
        public TransportMetadata getTransportMetadata() {
            return TunnelSession.METADATA;
        }

        @Override
        public IoSessionConfig getSessionConfig() {
            return sessionConfig;
        }

        @Override
        protected void dispose0() {
            // nothing of its own: the sockets are the acceptor's
        }
    }
}
