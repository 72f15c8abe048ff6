package io.socksgate.server.internal.dial.upstream;

import io.socksgate.api.HostPort;
import io.socksgate.server.internal.dial.ConnectFailures;
import io.socksgate.server.internal.dial.Dialer;
import io.socksgate.server.internal.relay.OutboundPreamble;
import io.socksgate.server.internal.transport.ProxyEngine;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.future.ConnectFuture;
import org.apache.mina.core.session.IoSession;

/**
 * One connection to one upstream server and its handshake towards a target: connect with the
 * engine's connector (the server's name resolved off the I/O threads), then the handshake on the
 * session's I/O thread as an {@link OutboundPreamble}, within an optional time limit. It ends
 * exactly once, in one of the {@code on...} hooks; after that every event of its session closes
 * the session.
 */
abstract class ServerConnection implements OutboundPreamble {

    final ProxyEngine engine;
    final Upstream upstream;
    final HostPort server;
    final HostPort target;
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile ScheduledFuture<?> timer;
    private volatile ConnectFuture future;
    private volatile IoSession session;
    private volatile InetSocketAddress address;
    private final long startedNanos = System.nanoTime();
    /** Only touched on the session's I/O thread. */
    private Handshake handshake;

    ServerConnection(ProxyEngine engine, Upstream upstream, HostPort server, HostPort target) {
        this.engine = engine;
        this.upstream = upstream;
        this.server = server;
        this.target = target;
    }

    /** The session is about to reach its I/O processor (the place to pin it). */
    abstract void onPlacing(IoSession created);

    /** The handshake succeeded; {@code leftover} are the destination's first bytes. */
    abstract void onSucceeded(IoSession carrier, IoBuffer leftover);

    /** The server failed: it could not be reached, did not answer in time, or refused to serve. */
    abstract void onServerFailed(String reason, boolean credentialsRefused);

    /** The server answered for the destination, which it could not reach. */
    abstract void onDestinationFailed(HandshakeStep.DestinationFailed failed);

    /** The blocking executor refused to resolve the server's name. */
    abstract void onResolverFull();

    /**
     * Connects; {@code limit} ends it as a server failure when no outcome came in time, null
     * when someone else keeps time.
     */
    final void start(Duration limit) {
        if (limit != null) {
            timer = engine.timers()
                    .schedule(
                            () -> serverFailed(
                                    "no tunnel within " + limit.toSeconds() + "s (its timeout.connect)", false),
                            limit.toMillis(),
                            TimeUnit.MILLISECONDS);
        }
        if (!server.isName()) {
            connect(new InetSocketAddress(server.address(), server.port()));
            return;
        }
        try {
            engine.blockingWork().execute(() -> {
                try {
                    connect(new InetSocketAddress(Dialer.resolve(server.name())[0], server.port()));
                } catch (UnknownHostException e) {
                    serverFailed("cannot resolve the server's name", false);
                }
            });
        } catch (RejectedExecutionException e) {
            if (end()) {
                onResolverFull();
            }
        }
    }

    /** The address connected to, once known. */
    final InetSocketAddress address() {
        return address;
    }

    /** Time since this connection was started. */
    final Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private void connect(InetSocketAddress to) {
        if (done.get()) {
            return;
        }
        address = to;
        ConnectFuture connect = engine.connect(to, (created, ignored) -> {
            // Installed first, so none of this session's events can reach a relay.
            OutboundPreamble.install(created, this);
            session = created;
            onPlacing(created);
            if (done.get()) {
                created.closeNow();
            }
        });
        future = connect;
        if (done.get()) {
            connect.cancel();
        }
        connect.addListener(f -> {
            ConnectFuture c = (ConnectFuture) f;
            if (!c.isConnected() && !c.isCanceled() && c.getException() != null) {
                serverFailed(ConnectFailures.describe(c.getException()), false);
            }
        });
    }

    @Override
    public final void opened(IoSession opened) {
        if (done.get()) {
            opened.closeNow();
            return;
        }
        handshake = Handshakes.of(upstream.settings(), target);
        opened.write(handshake.start());
    }

    @Override
    public final void received(IoSession from, IoBuffer bytes) {
        if (done.get() || handshake == null) {
            from.closeNow();
            return;
        }
        HandshakeStep step = handshake.received(bytes);
        if (step instanceof HandshakeStep.Send send) {
            from.write(send.bytes());
        } else if (step instanceof HandshakeStep.Succeeded ok) {
            if (end()) {
                onSucceeded(from, ok.leftover());
            }
        } else if (step instanceof HandshakeStep.ServerFailed failed) {
            serverFailed(failed.reason(), failed.credentialsRefused());
        } else if (step instanceof HandshakeStep.DestinationFailed failed) {
            if (end()) {
                close();
                onDestinationFailed(failed);
            }
        }
    }

    @Override
    public final void closed(IoSession closed) {
        serverFailed("the server closed the connection during the handshake", false);
    }

    @Override
    public final void failed(IoSession failedSession, Throwable cause) {
        serverFailed(ConnectFailures.describe(cause), false);
    }

    /**
     * Stops quietly: no hook is called.
     *
     * @return whether it stopped it, which no outcome had done before
     */
    final boolean abandon() {
        if (end()) {
            close();
            return true;
        }
        return false;
    }

    /** Closes the connection once the caller is done with it (a probe's). */
    final void close() {
        IoSession open = session;
        if (open != null) {
            open.closeNow();
            return;
        }
        ConnectFuture connect = future;
        if (connect != null) {
            connect.cancel();
        }
    }

    private void serverFailed(String reason, boolean credentialsRefused) {
        if (end()) {
            close();
            onServerFailed(reason, credentialsRefused);
        }
    }

    /** Decides the outcome: true for the one caller that may report it. */
    private boolean end() {
        if (!done.compareAndSet(false, true)) {
            return false;
        }
        ScheduledFuture<?> own = timer;
        if (own != null) {
            own.cancel(false);
        }
        return true;
    }
}
