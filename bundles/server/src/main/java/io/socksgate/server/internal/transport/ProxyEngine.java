package io.socksgate.server.internal.transport;

import io.socksgate.server.internal.relay.BindPeerHandler;
import io.socksgate.server.internal.relay.OutboundHandler;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mina.core.future.ConnectFuture;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.session.IoSessionInitializer;
import org.apache.mina.transport.socket.SocketConnector;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;

/**
 * The transport shared by every listener: one pool of MINA I/O processors (sized to the cores)
 * serving both accepted and outbound sessions, a tunnel's two sessions on the same processor, one
 * connector for outbound connections (which takes connections that are up at once without its
 * thread), a
 * bounded executor for blocking work (DNS), and a timer for deadlines. Sharing them keeps the
 * thread count independent of the number of listeners and sessions.
 */
public final class ProxyEngine {

    /** Outbound connects are timed by the listener's own deadline; this only bounds the connector. */
    private static final long CONNECTOR_TIMEOUT_MILLIS = TimeUnit.HOURS.toMillis(1);

    /**
     * The largest read MINA may grow a session's buffer to (its default is 64 KiB). Bulk transfers
     * then take a quarter of the processor rounds per byte; measured on one tunnel, about 15 %
     * more throughput (docs/PERFORMANCE.md). 256 KiB is also the largest size MINA's cached
     * allocator and the I/O threads' direct buffers pool ({@link PooledBuffers}), so these
     * buffers are reused, not zeroed anew.
     */
    public static final int MAX_READ_BUFFER = 256 * 1024;

    private final PooledBuffers pooledBuffers;
    private final TunnelProcessors processors;
    private final SocketConnector connector;
    private final ThreadPoolExecutor blockingWork;
    private final ScheduledThreadPoolExecutor timers;
    private final BindAcceptor binds;
    /** The listeners' acceptors not yet disposed. */
    private final Set<IoThreadAcceptor> acceptors = ConcurrentHashMap.newKeySet();

    public ProxyEngine() {
        pooledBuffers = PooledBuffers.install();
        processors = new TunnelProcessors(
                Runtime.getRuntime().availableProcessors(),
                IoThread.factory("socksgate-io", DirectBufferPool.DEFAULT_LIMIT),
                this::bindClientOf);
        connector = new EagerSocketConnector(processors);
        connector.setSessionDataStructureFactory(CompactSessionData.INSTANCE);
        connector.setConnectTimeoutMillis(CONNECTOR_TIMEOUT_MILLIS);
        connector.getSessionConfig().setTcpNoDelay(true);
        connector.getSessionConfig().setMaxReadBufferSize(MAX_READ_BUFFER);
        connector.setHandler(new OutboundHandler());
        // Blocking calls (name resolution) never run on an I/O thread. The queue is bounded so a
        // flood of requests for slow names is refused (general failure) instead of piling up.
        blockingWork = new ThreadPoolExecutor(
                4,
                32,
                30,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(4096),
                threads("socksgate-blocking"),
                new ThreadPoolExecutor.AbortPolicy());
        blockingWork.allowCoreThreadTimeOut(true);
        timers = new ScheduledThreadPoolExecutor(1, threads("socksgate-timer"));
        timers.setRemoveOnCancelPolicy(true); // cancelled deadlines must not pin their sessions
        NioSocketAcceptor bindAcceptor = new BackingOffAcceptor(processors, timers);
        bindAcceptor.setSessionDataStructureFactory(CompactSessionData.INSTANCE);
        binds = new BindAcceptor(bindAcceptor);
        bindAcceptor.setHandler(new BindPeerHandler(binds, blockingWork));
    }

    /** A BIND peer joins the processor of the client that is waiting for it. */
    private IoSession bindClientOf(IoSession session) {
        if (binds == null || !binds.owns(session)) {
            return null; // binds is null only while the constructor runs
        }
        BindAcceptor.Waiting bind = binds.waitingFor(session);
        return bind == null ? null : bind.exchange.client();
    }

    /**
     * A new acceptor whose connections the I/O threads accept, backing off when file descriptors
     * run out; the caller binds and disposes it (or {@link #stop} unbinds it).
     */
    public IoThreadAcceptor newAcceptor() {
        IoThreadAcceptor acceptor = new IoThreadAcceptor(processors, timers, acceptors::remove);
        acceptors.add(acceptor);
        acceptor.setSessionDataStructureFactory(CompactSessionData.INSTANCE);
        acceptor.setReuseAddress(true);
        acceptor.getSessionConfig().setTcpNoDelay(true);
        acceptor.getSessionConfig().setMaxReadBufferSize(MAX_READ_BUFFER);
        return acceptor;
    }

    /** Puts an outbound session on its client's I/O processor; call before it is added. */
    public void pinToClient(IoSession outbound, IoSession client) {
        processors.pin(outbound, client);
    }

    /**
     * Runs {@code task} on {@code session}'s I/O thread after {@code delayNanos}: the shared timer
     * waits, the session's processor runs it (where reads may be suspended and resumed).
     */
    public void runLater(IoSession session, long delayNanos, Runnable task) {
        try {
            timers.schedule(() -> processors.execute(session, task), delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // stopping: the session is closed with its processor
        }
    }

    public BindAcceptor binds() {
        return binds;
    }

    /**
     * Connects to {@code target} with a socket of its address family; {@code initializer} runs
     * before the session reaches its processor (see {@link EagerSocketConnector}).
     */
    public ConnectFuture connect(InetSocketAddress target, IoSessionInitializer<ConnectFuture> initializer) {
        return connector.connect(target, EagerSocketConnector.anyLocal(target.getAddress()), initializer);
    }

    public Executor blockingWork() {
        return blockingWork;
    }

    public ScheduledExecutorService timers() {
        return timers;
    }

    public void stop() {
        // before the processors: a processor's disposal expects only connections on its selector
        for (IoThreadAcceptor acceptor : acceptors) {
            acceptor.dispose(false);
        }
        binds.dispose();
        connector.dispose(true);
        processors.dispose();
        blockingWork.shutdownNow();
        timers.shutdownNow();
        pooledBuffers.close();
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
