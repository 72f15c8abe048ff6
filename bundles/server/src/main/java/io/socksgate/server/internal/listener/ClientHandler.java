package io.socksgate.server.internal.listener;

import io.socksgate.api.PolicyService;
import io.socksgate.api.Protocol;
import io.socksgate.api.UdpRelay;
import io.socksgate.server.internal.auth.Authentication;
import io.socksgate.server.internal.dial.upstream.UpstreamTable;
import io.socksgate.server.internal.exchange.Exchange;
import io.socksgate.server.internal.exchange.Failure;
import io.socksgate.server.internal.exchange.Pipeline;
import io.socksgate.server.internal.exchange.SessionTable;
import io.socksgate.server.internal.frontend.Frontend;
import io.socksgate.server.internal.frontend.Frontends;
import io.socksgate.server.internal.frontend.ProxyPreamble;
import io.socksgate.server.internal.frontend.http.HttpFrontend;
import io.socksgate.server.internal.frontend.socks.SocksCommands;
import io.socksgate.server.internal.frontend.socks.SocksFrontend;
import io.socksgate.server.internal.frontend.transparent.TransparentFrontend;
import io.socksgate.server.internal.limit.LimitTable;
import io.socksgate.server.internal.log.CountedWarning;
import io.socksgate.server.internal.log.SessionEvents;
import io.socksgate.server.internal.transport.ProxyEngine;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
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
 * Events of the connections one listener accepted: admission and the handshake deadline, then
 * (behind a load balancer) the PROXY header, then the front-end the first byte picks (on a
 * transparent listener: the transparent front-end, at once), then the client side of the relay.
 */
final class ClientHandler extends IoHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ClientHandler.class);
    private static final Duration REFUSALS_REPORTED_EVERY = Duration.ofSeconds(10);

    private final Supplier<ListenerSettings> settings;
    private final ProxyEngine engine;
    private final SessionTable table;
    private final SessionEvents events;
    private final ListenerCounters counters;
    private final Frontends frontends;
    private final ProxyPreamble preamble;
    private final TransparentFrontend transparent;
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
            Supplier<UpstreamTable> upstreams,
            Supplier<LimitTable> limits,
            Supplier<List<InetSocketAddress>> listenerAddresses,
            ListenerCounters counters) {
        this.settings = settings;
        this.engine = engine;
        this.table = table;
        this.events = events;
        this.counters = counters;
        Pipeline pipeline = new Pipeline(engine, policy, authentication, upstreams, limits);
        SocksCommands socks = new SocksCommands(pipeline, udpRelay);
        this.frontends = new Frontends(
                new SocksFrontend(Protocol.SOCKS4, pipeline, socks),
                new SocksFrontend(Protocol.SOCKS5, pipeline, socks),
                new HttpFrontend(pipeline));
        this.preamble = new ProxyPreamble(engine.timers());
        this.transparent = new TransparentFrontend(pipeline, listenerAddresses);
        this.atMaxSessions = new CountedWarning(LOG, REFUSALS_REPORTED_EVERY, engine.timers());
        this.atMaxPerClient = new CountedWarning(LOG, REFUSALS_REPORTED_EVERY, engine.timers());
    }

    @Override
    public void sessionCreated(IoSession session) {
        counters.accepted.increment();
        Exchange exchange = new Exchange(table.nextId(), settings.get(), session, events, counters);
        table.add(exchange);
        int total = sessions.incrementAndGet(); // released in sessionClosed, admitted or not
        boolean proxied = exchange.settings().expectsProxyHeader();
        if (proxied && !preamble.trusts(exchange)) {
            session.closeNow();
            return;
        }
        // Behind a load balancer the client, and so its cap, is only known from the PROXY header.
        String refusal = overMaxSessions(exchange, total);
        if (refusal == null && !proxied) {
            refusal = overPerClient(exchange);
        }
        if (refusal != null && !refuse(exchange, refusal)) {
            return;
        }
        // Absolute: a client trickling a byte now and then is still closed on time.
        long millis = exchange.settings().handshakeTimeout().toMillis();
        exchange.handshakeDeadline(
                engine.timers().schedule(() -> handshakeExpired(exchange), millis, TimeUnit.MILLISECONDS));
        if (exchange.settings().isTransparent()) {
            transparent.start(exchange); // no negotiation: the destination is the original one
        }
    }

    @Override
    public void messageReceived(IoSession session, Object message) {
        Exchange exchange = Exchange.of(session);
        IoBuffer bytes = (IoBuffer) message;
        switch (exchange.phase()) {
            case RELAYING -> exchange.fromClient(bytes);
                // Early data: kept for the tunnel; reading goes on (up to a limit) to see a FIN.
            case CONNECTING, AUTHENTICATING -> exchange.keepEarlyData(exchange.withPending(bytes));
            case UDP_ASSOCIATED -> {} // the control connection carries no data; RFC 1928 §7
            case NEGOTIATING -> negotiate(exchange, exchange.withPending(bytes));
            case PROXY_HEADER -> proxyHeader(exchange, exchange.withPending(bytes));
        }
    }

    /**
     * Reads the PROXY header; once read, the client it names is admitted (its per-client cap) and
     * the bytes after the header, if any, go to the front-end selection.
     */
    private void proxyHeader(Exchange exchange, IoBuffer bytes) {
        if (!preamble.read(exchange, bytes)) {
            return;
        }
        exchange.phase(Exchange.Phase.NEGOTIATING);
        String refusal = overPerClient(exchange);
        if (refusal != null && exchange.admissionRefusal() == null && !refuse(exchange, refusal)) {
            return;
        }
        negotiate(exchange, bytes);
    }

    /**
     * Refuses a client over a session cap: closed at once, or for a listener that serves HTTP
     * answered 503 once its first bytes show it speaks HTTP (until then, and at most until the
     * handshake deadline, it holds only its socket).
     *
     * @return false when the connection is closed
     */
    private static boolean refuse(Exchange exchange, String why) {
        if (!exchange.settings().accepts(Protocol.HTTP)) {
            exchange.client().closeNow();
            return false;
        }
        exchange.refuseOnFirstBytes(why);
        return true;
    }

    /** Hands negotiation bytes to the client's front-end, choosing it by the first byte. */
    private void negotiate(Exchange exchange, IoBuffer bytes) {
        Frontend frontend = exchange.frontend();
        if (frontend == null) {
            if (!bytes.hasRemaining()) {
                return;
            }
            int first = bytes.get(bytes.position()) & 0xff;
            frontend = frontends.select(first, exchange.settings());
            if (frontend == null) {
                LOG.info(
                        "{} closed: first byte 0x{} is no protocol served here ({})",
                        exchange.describe(),
                        Integer.toHexString(first),
                        exchange.settings().protocols());
                exchange.client().closeNow();
                return;
            }
            exchange.frontend(frontend);
            if (exchange.admissionRefusal() != null) {
                refuseAtAdmission(exchange, frontend);
                return;
            }
        }
        frontend.onBytes(exchange, bytes);
    }

    @Override
    public void messageSent(IoSession session, Object message) {
        Exchange exchange = Exchange.of(session);
        if (!exchange.continueIfDue(message)) {
            exchange.sentToClient();
        }
    }

    @Override
    public void inputClosed(IoSession session) {
        Exchange.of(session).clientInputClosed();
    }

    @Override
    public void sessionIdle(IoSession session, IdleStatus status) {
        Exchange exchange = Exchange.of(session);
        if (exchange.pausedByLimits()) {
            return; // waiting for its own bandwidth budget; MINA asks again after another period
        }
        LOG.debug(
                "{} idle for {}s, closing",
                exchange.describe(),
                exchange.settings().idleTimeout().toSeconds());
        session.closeNow();
    }

    @Override
    public void exceptionCaught(IoSession session, Throwable cause) {
        Exchange exchange = Exchange.of(session);
        if (cause instanceof IOException) {
            LOG.debug("{} client connection failed: {}", exchange.describe(), cause.toString());
        } else {
            LOG.warn("{} unexpected error on the client connection", exchange.describe(), cause);
        }
        session.closeNow();
    }

    @Override
    public void sessionClosed(IoSession session) {
        Exchange exchange = Exchange.of(session);
        exchange.cancelHandshakeDeadline();
        exchange.abandonDial();
        Frontend frontend = exchange.frontend();
        if (frontend != null) {
            frontend.abandon(exchange);
        }
        IoSession out = exchange.outbound();
        if (out != null) {
            out.closeOnFlush();
        }
        // The slot first: whoever sees the session gone from the table may count on its place
        release(exchange);
        table.remove(exchange);
        counters.ended(exchange.snapshot());
        events.closed(exchange);
    }

    /** Sessions of this listener open now, handshaking ones included. */
    int active() {
        return sessions.get();
    }

    /**
     * A client over a session cap that speaks HTTP gets 503; any other protocol is closed without
     * an answer, as at accept. Logged already, in counted form, when it was refused.
     */
    private static void refuseAtAdmission(Exchange exchange, Frontend frontend) {
        if (frontend.protocol() != Protocol.HTTP) {
            exchange.client().closeNow();
            return;
        }
        exchange.failed(Failure.LIMIT_REACHED);
        exchange.client().write(frontend.failure(exchange, Failure.LIMIT_REACHED));
        exchange.client().closeOnFlush();
    }

    /** @return why the session is refused (logged here), or null: {@code total} counts it */
    private String overMaxSessions(Exchange exchange, int total) {
        int max = exchange.settings().maxSessions();
        if (total > max) {
            String why = "listener at max.sessions=" + max;
            atMaxSessions.occurred(exchange.describe() + " refused: " + why);
            return why;
        }
        return null;
    }

    /**
     * Counts the session under its client's address (released in sessionClosed, admitted or not)
     * and checks the per-client cap.
     *
     * @return why the session is refused (logged here), or null when it is admitted
     */
    private String overPerClient(Exchange exchange) {
        InetAddress client = exchange.clientAddress().getAddress();
        exchange.countedAs(client);
        int fromClient = sessionsPerClient
                .computeIfAbsent(client, c -> new AtomicInteger())
                .incrementAndGet();
        int perClient = exchange.settings().maxSessionsPerClient();
        if (perClient > 0 && fromClient > perClient) {
            String why = "client at max.sessions.per.client=" + perClient;
            atMaxPerClient.occurred(exchange.describe() + " refused: " + why);
            return why;
        }
        return null;
    }

    private void release(Exchange exchange) {
        sessions.decrementAndGet();
        InetAddress counted = exchange.countedAs();
        if (counted != null) {
            sessionsPerClient.computeIfPresent(counted, (c, count) -> count.decrementAndGet() <= 0 ? null : count);
        }
    }

    private void handshakeExpired(Exchange exchange) {
        Exchange.Phase phase = exchange.phase();
        if (phase == Exchange.Phase.CONNECTING || phase == Exchange.Phase.RELAYING) {
            return; // the request is complete: timeout.connect and timeout.idle take over
        }
        String missing = phase == Exchange.Phase.PROXY_HEADER ? "PROXY protocol header" : "complete request";
        LOG.info(
                "{} closed: no {} within timeout.handshake={}s",
                exchange.describe(),
                missing,
                exchange.settings().handshakeTimeout().toSeconds());
        exchange.client().closeNow();
    }
}
