package io.socksgate.server.internal.dial.upstream;

import io.socksgate.api.HostPort;
import io.socksgate.server.internal.dial.ConnectFailures;
import io.socksgate.server.internal.dial.DialAttempt;
import io.socksgate.server.internal.dial.Dialer;
import io.socksgate.server.internal.exchange.Failure;
import io.socksgate.server.internal.relay.OutboundPreamble;
import io.socksgate.server.internal.transport.ProxyEngine;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.future.ConnectFuture;
import org.apache.mina.core.session.IoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dials a destination along a {@link Route}: through each upstream's servers in its strategy's
 * order, and directly last when the route says so. Everything runs on the engine's threads
 * without blocking one: names are resolved on the blocking executor, connects are MINA's, and
 * each server's handshake runs on its outbound session's I/O thread as an {@link
 * OutboundPreamble}, so the relay does not exist until the handshake has succeeded.
 *
 * <p>A server failure (connect error or timeout, a server that does not speak the protocol,
 * refused credentials) counts against the server's health and moves on to the next server, then
 * the next upstream, within the overall deadline (the listener's {@code timeout.connect}) and each
 * server's own {@code timeout.connect}. A destination failure reported by a server ends the
 * attempt with that failure: another server would only be told the same.
 *
 * <p>The destination's address: with {@code resolve = local} the name is resolved here once, the
 * gate (the rules) checks that address and exactly it is sent; with {@code remote} the gate sees
 * the name unresolved and the name is sent. The client's credentials are never sent anywhere: a
 * server gets its upstream's own.
 */
public final class RouteDialer {

    private static final Logger LOG = LoggerFactory.getLogger(RouteDialer.class);
    private static final IoBuffer NOTHING = IoBuffer.allocate(0, false);

    /** How an attempt ends; every method is called at most once per attempt, one of the last three exactly once. */
    public interface Callback {
        /**
         * An outbound session (to a server, or to the destination) is about to reach its I/O
         * processor: place it (pin it to the client's processor). Called for every server tried,
         * not only for the one that ends up carrying the tunnel.
         */
        void placing(IoSession outbound);

        /**
         * The tunnel is up, on {@code outbound}'s I/O thread, before any byte of the destination
         * is relayed: attach the session and start the relay, sending the client {@code leftover}
         * (the destination's first bytes, which came with the upstream's success reply) after its
         * own reply. {@link Hop#of(IoSession)} gives {@code hop} back later.
         */
        void connected(IoSession outbound, Hop hop, IoBuffer leftover);

        /** The request failed: the destination's verdict, the rules, or the overall deadline. */
        void failed(Failure failure, String reason);

        /**
         * No server of any upstream on the route could carry the request (all marked down, or
         * all failed now) and the route does not end with direct.
         */
        void allDown(String reason);
    }

    private final ProxyEngine engine;
    private final Dialer direct;

    public RouteDialer(ProxyEngine engine) {
        this.engine = engine;
        this.direct = new Dialer(engine);
    }

    /**
     * Starts dialing {@code destination} along {@code route}; callable from any thread.
     *
     * @param client the client's address: source-hash picks servers by it
     * @param timeout the whole attempt's deadline, every server and handshake included
     * @param gate asked once per form of the destination sent (the resolved address, or the
     *     unresolved name for {@code resolve = remote}) before any server is asked for it
     */
    public Attempt dial(
            HostPort destination,
            Route route,
            InetAddress client,
            Duration timeout,
            Dialer.Gate gate,
            Callback callback) {
        Attempt attempt = new Attempt(destination, route, client, gate, callback, timeout);
        attempt.deadline = engine.timers()
                .schedule(
                        () -> attempt.fail(
                                Failure.TIMED_OUT,
                                "no tunnel within " + timeout.toSeconds() + "s" + attempt.problems()),
                        timeout.toMillis(),
                        TimeUnit.MILLISECONDS);
        attempt.next();
        return attempt;
    }

    /** One request's way along its route; its outcome is decided exactly once. */
    public final class Attempt implements DialAttempt {

        private final HostPort destination;
        private final Route route;
        private final InetAddress client;
        private final Dialer.Gate gate;
        private final Callback callback;
        private final long deadlineNanos;
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile ScheduledFuture<?> deadline;

        // Progress along the route: one step at a time (guarded by this).
        private int upstreamIndex = -1;
        private List<ServerHealth> candidates = List.of();
        private int candidateIndex;
        private InetAddress resolved;
        /** The gate's verdict per form of the destination sent; "" for allowed. */
        private final Map<HostPort, String> verdicts = new HashMap<>();
        /** Whether any server was down or tried, as opposed to every upstream unable to carry it. */
        private boolean serversUnavailable;

        private HandshakeStep.DestinationFailed cannotCarry;
        private final List<String> problems = new ArrayList<>();

        private volatile ServerTry current;
        private volatile DialAttempt directAttempt;

        private Attempt(
                HostPort destination,
                Route route,
                InetAddress client,
                Dialer.Gate gate,
                Callback callback,
                Duration timeout) {
            this.destination = destination;
            this.route = route;
            this.client = client;
            this.gate = gate;
            this.callback = callback;
            this.deadlineNanos = System.nanoTime() + timeout.toNanos();
        }

        @Override
        public void abandon() {
            if (ended.compareAndSet(false, true)) {
                stop();
            }
        }

        /** Tries the next server, upstream, or direct; ends the attempt when nothing is left. */
        private synchronized void next() {
            while (!ended.get()) {
                if (candidateIndex >= candidates.size()) {
                    upstreamIndex++;
                    if (upstreamIndex >= route.upstreams().size()) {
                        exhausted();
                        return;
                    }
                    Upstream upstream = route.upstreams().get(upstreamIndex);
                    candidates = upstream.candidates(client);
                    candidateIndex = 0;
                    if (candidates.isEmpty()) {
                        serversUnavailable = true;
                        problems.add("upstream " + upstream.name() + ": every server is down");
                    }
                    continue;
                }
                Upstream upstream = route.upstreams().get(upstreamIndex);
                HostPort target = target(upstream);
                if (target == null) {
                    return; // resolving; next() runs again once the address is known
                }
                HandshakeStep.DestinationFailed refusal =
                        Handshakes.refusal(upstream.settings().type(), target);
                if (refusal != null) {
                    cannotCarry = refusal;
                    problems.add("upstream " + upstream.name() + ": " + refusal.reason());
                    candidateIndex = candidates.size();
                    continue;
                }
                String denied = verdict(target);
                if (denied != null) {
                    fail(Failure.DENIED, denied);
                    return;
                }
                serversUnavailable = true;
                ServerTry attempt = new ServerTry(this, upstream, candidates.get(candidateIndex++), target);
                current = attempt;
                attempt.start(remainingMillis());
                return;
            }
        }

        /**
         * What is sent to {@code upstream}: the destination's address, or its name for {@code
         * resolve = remote}; null while the name is being resolved.
         */
        private HostPort target(Upstream upstream) {
            if (!destination.isName() || upstream.settings().resolve() == Resolution.REMOTE) {
                return destination;
            }
            if (resolved != null) {
                return HostPort.of(resolved, destination.port());
            }
            try {
                engine.blockingWork().execute(this::resolveThenNext);
            } catch (RejectedExecutionException e) {
                fail(Failure.LIMIT_REACHED, "resolver queue full");
            }
            return null;
        }

        private void resolveThenNext() {
            if (ended.get()) {
                return;
            }
            InetAddress address;
            try {
                // The first address is the one checked and sent; there is no second lookup.
                address = Dialer.resolve(destination.name())[0];
            } catch (UnknownHostException e) {
                fail(Failure.HOST_UNREACHABLE, "cannot resolve " + destination.name());
                return;
            }
            synchronized (this) {
                resolved = address;
            }
            next();
        }

        /** The gate's verdict on sending {@code target}, asked once per form; null when allowed. */
        private String verdict(HostPort target) {
            String verdict = verdicts.computeIfAbsent(target, t -> {
                InetSocketAddress asked = t.isName()
                        ? InetSocketAddress.createUnresolved(t.name(), t.port())
                        : new InetSocketAddress(t.address(), t.port());
                String refusal = gate.refuse(asked);
                return refusal == null ? "" : refusal;
            });
            return verdict.isEmpty() ? null : verdict;
        }

        private void exhausted() {
            if (route.direct()) {
                startDirect();
            } else if (!serversUnavailable && cannotCarry != null) {
                fail(cannotCarry.failure(), cannotCarry.reason());
            } else {
                allDown("no upstream server available" + problems());
            }
        }

        private void startDirect() {
            long remaining = remainingMillis();
            if (remaining <= 0) {
                return; // the deadline reports it
            }
            directAttempt = direct.dial(destination, Duration.ofMillis(remaining), gate, new Dialer.Callback() {
                @Override
                public void connected(IoSession outbound) {
                    callback.placing(outbound);
                    OutboundPreamble.install(outbound, new DirectStart());
                }

                @Override
                public void failed(Failure failure, String reason) {
                    fail(failure, reason);
                }
            });
            if (ended.get()) {
                directAttempt.abandon();
            }
        }

        private long remainingMillis() {
            return TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        }

        /** What went wrong so far, for the log line of the outcome. */
        private synchronized String problems() {
            return problems.isEmpty() ? "" : ": " + String.join("; ", problems);
        }

        private synchronized void serverFailed(String problem) {
            problems.add(problem);
        }

        private boolean succeed() {
            if (ended.compareAndSet(false, true)) {
                deadline.cancel(false);
                return true;
            }
            return false;
        }

        private void fail(Failure failure, String reason) {
            if (ended.compareAndSet(false, true)) {
                stop();
                callback.failed(failure, reason);
            }
        }

        private void allDown(String reason) {
            if (ended.compareAndSet(false, true)) {
                stop();
                callback.allDown(reason);
            }
        }

        private void stop() {
            ScheduledFuture<?> timer = deadline;
            if (timer != null) {
                timer.cancel(false);
            }
            ServerTry attempt = current;
            if (attempt != null) {
                attempt.abandon();
            }
            DialAttempt straight = directAttempt;
            if (straight != null) {
                straight.abandon();
            }
        }

        /** Hands a direct connection over once it is open, as the upstream path does after its handshake. */
        private final class DirectStart implements OutboundPreamble {

            @Override
            public void opened(IoSession session) {
                OutboundPreamble.remove(session);
                if (!succeed()) {
                    session.closeNow();
                    return;
                }
                Hop hop = Hop.direct((InetSocketAddress) session.getRemoteAddress());
                hop.attachTo(session);
                callback.connected(session, hop, NOTHING.duplicate());
            }

            @Override
            public void received(IoSession session, IoBuffer bytes) {
                session.closeNow(); // nothing arrives before opened
            }

            @Override
            public void closed(IoSession session) {
                fail(Failure.GENERAL, "the connection closed before it opened");
            }

            @Override
            public void failed(IoSession session, Throwable cause) {
                fail(Failure.GENERAL, ConnectFailures.describe(cause));
            }
        }
    }

    /** One server's try: connect, then the handshake on the session's I/O thread; ends exactly once. */
    private final class ServerTry implements OutboundPreamble {

        private final Attempt attempt;
        private final Upstream upstream;
        private final ServerHealth server;
        private final HostPort target;
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile ScheduledFuture<?> timer;
        private volatile ConnectFuture future;
        private volatile IoSession session;
        private volatile InetSocketAddress address;
        /** Only touched on the session's I/O thread. */
        private Handshake handshake;

        ServerTry(Attempt attempt, Upstream upstream, ServerHealth server, HostPort target) {
            this.attempt = attempt;
            this.upstream = upstream;
            this.server = server;
            this.target = target;
        }

        void start(long remainingMillis) {
            long own = upstream.settings().connectTimeout().toMillis();
            if (own < remainingMillis) {
                // Else the overall deadline comes first, and ends the attempt, not just this server.
                timer = engine.timers()
                        .schedule(
                                () -> serverFailed("no tunnel within " + own / 1000 + "s (its timeout.connect)", false),
                                own,
                                TimeUnit.MILLISECONDS);
            }
            HostPort where = server.server();
            if (!where.isName()) {
                connect(new InetSocketAddress(where.address(), where.port()));
                return;
            }
            try {
                engine.blockingWork().execute(() -> {
                    try {
                        connect(new InetSocketAddress(Dialer.resolve(where.name())[0], where.port()));
                    } catch (UnknownHostException e) {
                        serverFailed("cannot resolve the server's name", false);
                    }
                });
            } catch (RejectedExecutionException e) {
                attempt.fail(Failure.LIMIT_REACHED, "resolver queue full");
            }
        }

        private void connect(InetSocketAddress to) {
            if (done.get()) {
                return;
            }
            address = to;
            ConnectFuture connect = engine.connector().connect(to, (created, ignored) -> {
                // Installed first, so none of this session's events can reach a relay.
                OutboundPreamble.install(created, this);
                session = created;
                attempt.callback.placing(created);
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
        public void opened(IoSession opened) {
            if (done.get()) {
                opened.closeNow();
                return;
            }
            handshake = Handshakes.of(upstream.settings(), target);
            opened.write(handshake.start());
        }

        @Override
        public void received(IoSession from, IoBuffer bytes) {
            if (done.get() || handshake == null) {
                from.closeNow();
                return;
            }
            HandshakeStep step = handshake.received(bytes);
            if (step instanceof HandshakeStep.Send send) {
                from.write(send.bytes());
            } else if (step instanceof HandshakeStep.Succeeded ok) {
                succeeded(from, ok.leftover());
            } else if (step instanceof HandshakeStep.ServerFailed failed) {
                serverFailed(failed.reason(), failed.credentialsRefused());
            } else if (step instanceof HandshakeStep.DestinationFailed failed) {
                destinationFailed(failed);
            }
        }

        @Override
        public void closed(IoSession closed) {
            serverFailed("the server closed the connection during the handshake", false);
        }

        @Override
        public void failed(IoSession failedSession, Throwable cause) {
            serverFailed(ConnectFailures.describe(cause), false);
        }

        private void succeeded(IoSession carrier, IoBuffer leftover) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            cancelTimer();
            server.succeeded();
            if (!attempt.succeed()) {
                carrier.closeNow();
                return;
            }
            OutboundPreamble.remove(carrier);
            server.tunnelOpened();
            carrier.getCloseFuture().addListener(closed -> server.tunnelClosed());
            Hop hop = new Hop(upstream, server.server(), address);
            hop.attachTo(carrier);
            attempt.callback.connected(carrier, hop, leftover);
        }

        private void serverFailed(String reason, boolean credentialsRefused) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            cancelTimer();
            close();
            boolean markedDown = server.failed();
            String what = "upstream " + upstream.name() + " server " + server.server();
            if (credentialsRefused) {
                LOG.error(
                        "{} refused the configured credentials: {}; fix username/password of upstream {}",
                        what,
                        reason,
                        upstream.name());
            } else {
                LOG.info("{} failed for {}: {}", what, target, reason);
            }
            if (markedDown) {
                LOG.warn(
                        "{} marked down for {}s after {} consecutive failure(s)",
                        what,
                        upstream.settings().failTimeout().toSeconds(),
                        upstream.settings().failMax());
            }
            attempt.serverFailed(what + ": " + reason);
            attempt.next();
        }

        private void destinationFailed(HandshakeStep.DestinationFailed failed) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            cancelTimer();
            close();
            server.succeeded(); // it did its part: it answered for the destination
            attempt.fail(
                    failed.failure(),
                    "upstream " + upstream.name() + " server " + server.server() + ": " + failed.reason());
        }

        /** The attempt ended elsewhere (deadline, client gone): stop quietly, the server is not to blame. */
        void abandon() {
            if (done.compareAndSet(false, true)) {
                cancelTimer();
                close();
            }
        }

        private void cancelTimer() {
            ScheduledFuture<?> own = timer;
            if (own != null) {
                own.cancel(false);
            }
        }

        private void close() {
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
    }
}
