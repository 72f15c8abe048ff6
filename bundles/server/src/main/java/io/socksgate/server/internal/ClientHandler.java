package io.socksgate.server.internal;

import io.socksgate.api.PolicyService;
import io.socksgate.api.SessionInfo;
import io.socksgate.api.UdpRelay;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events of the connections one listener accepted: admission and deadlines, then the handshake
 * ({@link Handshake}), then the client side of the relay.
 */
final class ClientHandler extends IoHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ClientHandler.class);
    private static final Duration REFUSALS_REPORTED_EVERY = Duration.ofSeconds(10);

    private final Supplier<ListenerSettings> settings;
    private final ProxyEngine engine;
    private final SessionTable table;
    private final SessionEvents events;
    private final ListenerCounters counters;
    private final Commands commands;
    private final Handshake handshake;
    private final AtomicInteger sessions = new AtomicInteger();
    private final ConcurrentMap<InetAddress, AtomicInteger> sessionsPerClient = new ConcurrentHashMap<>();
    /** Refusals come in floods when a limit is reached: a line per interval, with the count. */
    private final CountedWarning atMaxSessions;

    private final CountedWarning atMaxPerClient;

    ClientHandler(
            Supplier<ListenerSettings> settings,
            ProxyEngine engine,
            SessionTable table,
            Authentication authentication,
            PolicyService policy,
            SessionEvents events,
            Supplier<UdpRelay> udpRelay,
            ListenerCounters counters) {
        this.settings = settings;
        this.engine = engine;
        this.table = table;
        this.events = events;
        this.counters = counters;
        this.commands = new Commands(engine, policy, udpRelay);
        this.handshake = new Handshake(commands, authentication, engine.blockingWork());
        this.atMaxSessions = new CountedWarning(LOG, REFUSALS_REPORTED_EVERY, engine.timers());
        this.atMaxPerClient = new CountedWarning(LOG, REFUSALS_REPORTED_EVERY, engine.timers());
    }

    @Override
    public void sessionCreated(IoSession session) {
        counters.accepted.increment();
        ProxySession proxy = new ProxySession(table.nextId(), settings.get(), session, events, counters);
        table.add(proxy);
        if (!admit(proxy)) {
            session.closeNow();
            return;
        }
        // Absolute: a client trickling a byte now and then is still closed on time.
        long millis = proxy.settings.handshakeTimeout().toMillis();
        proxy.handshakeDeadline =
                engine.timers().schedule(() -> handshakeExpired(proxy), millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void messageReceived(IoSession session, Object message) {
        ProxySession proxy = ProxySession.of(session);
        IoBuffer bytes = (IoBuffer) message;
        switch (proxy.phase) {
            case RELAYING -> proxy.fromClient(bytes);
                // Early data: kept for the tunnel; reading goes on (up to a limit) to see a FIN.
            case CONNECTING, AUTHENTICATING -> proxy.keepEarlyData(proxy.withPending(bytes));
            case UDP_ASSOCIATED -> {} // the control connection carries no data; RFC 1928 §7
            default -> handshake.onBytes(proxy, proxy.withPending(bytes));
        }
    }

    @Override
    public void messageSent(IoSession session, Object message) {
        ProxySession proxy = ProxySession.of(session);
        if (!proxy.continueIfDue(message)) {
            proxy.sentToClient();
        }
    }

    @Override
    public void inputClosed(IoSession session) {
        ProxySession.of(session).clientInputClosed();
    }

    @Override
    public void sessionIdle(IoSession session, IdleStatus status) {
        ProxySession proxy = ProxySession.of(session);
        LOG.debug(
                "{} idle for {}s, closing",
                proxy.describe(),
                proxy.settings.idleTimeout().toSeconds());
        session.closeNow();
    }

    @Override
    public void exceptionCaught(IoSession session, Throwable cause) {
        ProxySession proxy = ProxySession.of(session);
        if (cause instanceof IOException) {
            LOG.debug("{} client connection failed: {}", proxy.describe(), cause.toString());
        } else {
            LOG.warn("{} unexpected error on the client connection", proxy.describe(), cause);
        }
        session.closeNow();
    }

    @Override
    public void sessionClosed(IoSession session) {
        ProxySession proxy = ProxySession.of(session);
        proxy.cancelHandshakeDeadline();
        commands.abandon(proxy);
        IoSession out = proxy.outbound;
        if (out != null) {
            out.closeOnFlush();
        }
        table.remove(proxy);
        release(proxy);
        SessionInfo last = proxy.snapshot();
        counters.closedBytesFromClients.add(last.bytesFromClient());
        counters.closedBytesToClients.add(last.bytesToClient());
        events.closed(proxy);
    }

    /** Sessions of this listener open now, handshaking ones included. */
    int active() {
        return sessions.get();
    }

    /** Counts the session (released in sessionClosed, admitted or not) and checks the limits. */
    private boolean admit(ProxySession proxy) {
        int total = sessions.incrementAndGet();
        int fromClient = sessionsPerClient
                .computeIfAbsent(clientAddress(proxy), c -> new AtomicInteger())
                .incrementAndGet();
        int max = proxy.settings.maxSessions();
        if (total > max) {
            atMaxSessions.occurred(proxy.describe() + " refused: listener at max.sessions=" + max);
            return false;
        }
        int perClient = proxy.settings.maxSessionsPerClient();
        if (perClient > 0 && fromClient > perClient) {
            atMaxPerClient.occurred(proxy.describe() + " refused: client at max.sessions.per.client=" + perClient);
            return false;
        }
        return true;
    }

    private void release(ProxySession proxy) {
        sessions.decrementAndGet();
        sessionsPerClient.computeIfPresent(
                clientAddress(proxy), (c, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    private static InetAddress clientAddress(ProxySession proxy) {
        return ((InetSocketAddress) proxy.client.getRemoteAddress()).getAddress();
    }

    private void handshakeExpired(ProxySession proxy) {
        ProxySession.Phase phase = proxy.phase;
        if (phase != ProxySession.Phase.CONNECTING && phase != ProxySession.Phase.RELAYING) {
            LOG.info(
                    "{} closed: no complete request within timeout.handshake={}s",
                    proxy.describe(),
                    proxy.settings.handshakeTimeout().toSeconds());
            proxy.client.closeNow();
        }
    }
}
