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
        attempt.deadline =
                engine.timers().schedule(() -> attempt.outOfTime(timeout), timeout.toMillis(), TimeUnit.MILLISECONDS);
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
        /** Whether a server was tried for this request (and failed, if the route ran out). */
        private boolean serverTried;

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

        /**
         * The overall deadline passed. A server still being tried had all the time left and did
         * not answer: that counts as its failure, so that a hung server gets marked down and later
         * requests fail over, even when its own timeout.connect is not the shorter one.
         */
        private void outOfTime(Duration timeout) {
            ServerTry pending = current;
            if (!ended.get() && pending != null) {
                pending.outOfTime(
                        "no tunnel within the request's " + timeout.toSeconds() + "s (the listener's timeout.connect)");
            }
            fail(Failure.TIMED_OUT, "no tunnel within " + timeout.toSeconds() + "s" + problems());
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
                serverTried = true;
                ServerTry attempt = new ServerTry(this, upstream, candidates.get(candidateIndex++), target);
                current = attempt;
                Duration own = upstream.settings().connectTimeout();
                // With less time left overall, the overall deadline ends the attempt, not just this server.
                attempt.start(own.toMillis() < remainingMillis() ? own : null);
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
                Dialer.Refusal refusal = gate.refuse(asked);
                return refusal == null ? "" : refusal.reason();
            });
            return verdict.isEmpty() ? null : verdict;
        }

        private void exhausted() {
            if (route.direct()) {
                startDirect();
            } else if (!serversUnavailable && cannotCarry != null) {
                fail(cannotCarry.failure(), cannotCarry.reason());
            } else if (serverTried) {
                // Servers answered this request badly (refused, timed out, refused the credentials):
                // a bad gateway (SOCKS 01, HTTP 502), not "none available" (503) as when all were down.
                fail(Failure.GENERAL, "every upstream server tried failed" + problems());
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

    /** One server's try within an attempt: its outcome moves the attempt on and feeds the server's health. */
    private final class ServerTry extends ServerConnection {

        private final Attempt attempt;
        private final ServerHealth health;

        ServerTry(Attempt attempt, Upstream upstream, ServerHealth health, HostPort target) {
            super(RouteDialer.this.engine, upstream, health.server(), target);
            this.attempt = attempt;
            this.health = health;
        }

        @Override
        void onPlacing(IoSession created) {
            attempt.callback.placing(created);
        }

        @Override
        void onSucceeded(IoSession carrier, IoBuffer leftover) {
            health.succeeded();
            if (!attempt.succeed()) {
                carrier.closeNow();
                return;
            }
            OutboundPreamble.remove(carrier);
            health.tunnelOpened();
            carrier.getCloseFuture().addListener(closed -> health.tunnelClosed());
            Hop hop = new Hop(upstream, server, address());
            hop.attachTo(carrier);
            attempt.callback.connected(carrier, hop, leftover);
        }

        @Override
        void onServerFailed(String reason, boolean credentialsRefused) {
            counted(reason, credentialsRefused);
            attempt.next();
        }

        /** The attempt ran out of time while this server had not answered: a failure, with no next. */
        void outOfTime(String reason) {
            if (abandon()) {
                counted(reason, false);
            }
        }

        /** Feeds a failure to the server's health, logs it, and notes it for the attempt's outcome. */
        private void counted(String reason, boolean credentialsRefused) {
            boolean markedDown = health.failed();
            String what = "upstream " + upstream.name() + " server " + server;
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
        }

        @Override
        void onDestinationFailed(HandshakeStep.DestinationFailed failed) {
            health.succeeded(); // it did its part: it answered for the destination
            attempt.fail(
                    failed.failure(), "upstream " + upstream.name() + " server " + server + ": " + failed.reason());
        }

        @Override
        void onResolverFull() {
            attempt.fail(Failure.LIMIT_REACHED, "resolver queue full");
        }
    }
}
