package io.socksgate.server.internal.exchange;

import io.socksgate.api.Command;
import io.socksgate.api.Decision;
import io.socksgate.api.HostPort;
import io.socksgate.api.Protocol;
import io.socksgate.api.ProxyRequest;
import io.socksgate.api.SessionInfo;
import io.socksgate.api.SessionState;
import io.socksgate.api.UdpAssociation;
import io.socksgate.api.UdpBudget;
import io.socksgate.api.UdpCounters;
import io.socksgate.protocol.proxy.ProxyHeader;
import io.socksgate.server.internal.dial.DialAttempt;
import io.socksgate.server.internal.dial.upstream.Hop;
import io.socksgate.server.internal.frontend.Frontend;
import io.socksgate.server.internal.limit.SessionLimits;
import io.socksgate.server.internal.listener.ListenerCounters;
import io.socksgate.server.internal.listener.ListenerSettings;
import io.socksgate.server.internal.log.SessionEvents;
import io.socksgate.server.internal.relay.RelayDirection;
import io.socksgate.server.internal.transport.BindAcceptor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection's request through its life, whatever protocol it speaks: where it came
 * from (origin), who it is (identity), what it asks (request), what the rules said (decision),
 * where it went (route) and how it ended (outcome); and the tunnel that carries it once granted.
 * The front-end that negotiated it ({@link Frontend}) renders its replies. It is attached to both
 * MINA sessions (client and far side) so each handler finds it in O(1).
 *
 * <p>Threading: both MINA sessions run on the same I/O processor thread (see {@code
 * TunnelProcessors}), so negotiation, relay and close logic is single-threaded; only dial and
 * bind outcomes, logins, deadlines and snapshots come from other threads, and what they read is
 * volatile.
 */
public final class Exchange {

    /** Where the request stands; a front-end keeps its own finer steps while NEGOTIATING. */
    public enum Phase {
        /**
         * A listener behind a load balancer reads the PROXY protocol header, before any front-end
         * (see {@code ProxyPreamble}).
         */
        PROXY_HEADER,
        /** The front-end reads the request (greeting, credentials, request line or head). */
        NEGOTIATING,
        /** Credentials are being checked; the client is not decoded meanwhile. */
        AUTHENTICATING,
        /** Resolving and connecting, or waiting for the BIND peer; the client is not decoded. */
        CONNECTING,
        RELAYING,
        /** UDP ASSOCIATE granted: the TCP connection only keeps the association alive. */
        UDP_ASSOCIATED
    }

    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);
    private static final AttributeKey KEY = new AttributeKey(Exchange.class, "exchange");

    /**
     * Bytes a client may send before its reply (a pipelined request, early data) that are kept
     * while reading goes on; past them reads pause until the tunnel is up. Reading on matters:
     * it is how a client's FIN or reset is seen while the proxy dials or checks a login.
     */
    public static final int EARLY_DATA_LIMIT = 16 * 1024;

    // origin
    private final long id;
    private final ListenerSettings settings;
    private final IoSession client;
    private final SessionEvents events;
    /** The counters of the listener that accepted this client. */
    private final ListenerCounters counters;

    private volatile Phase phase;
    /** The client a load balancer's PROXY header named, or null: then the connection's peer is the client. */
    private volatile InetSocketAddress proxiedClient;
    /** The address this client is counted under for {@code max.sessions.per.client}, once counted. */
    private volatile InetAddress countedAs;

    /** The front-end the first byte chose; null until then. */
    private volatile Frontend frontend;
    /** Why the listener refused this client at accept (a session cap), or null: it is answered so. */
    private volatile String admissionRefusal;

    /** The front-end's own step within NEGOTIATING (its business, opaque here). */
    private volatile Object frontendStep;

    // identity
    private volatile String user;
    /** Whether {@link #user} was authenticated (a SOCKS4 user id is not). */
    private volatile boolean authenticated;

    private volatile Set<String> roles = Set.of();

    // request
    private volatile Command command;
    private volatile HostPort destination;

    // decision
    /** The rule that decided the request, once decided. */
    private volatile String rule;

    private volatile boolean denied;

    private volatile boolean credentialsMayAllow;

    // route and outcome
    private volatile IoSession outbound;
    /** The tunnel came up (connected, BIND peer arrived, association granted). */
    private volatile boolean opened;
    /**
     * The far side's byte counts when the relay started: through an upstream, its handshake
     * (greeting, credentials, CONNECT and reply), which is no client's traffic. Written before
     * {@link #opened}, so whoever sees it true sees them.
     */
    private volatile long writtenBeforeRelay;

    private volatile long readBeforeRelay;
    /** Why the request failed, if it failed. */
    private volatile Failure failure;

    /** A reply written from another thread, and what to do on this I/O thread once it is sent. */
    private volatile IoBuffer continueAfter;

    private volatile Runnable continuation;

    /** Negotiation bytes not yet decoded, or bytes that arrived with the request; in write mode. */
    private IoBuffer pending;

    private volatile ScheduledFuture<?> handshakeDeadline;
    private volatile DialAttempt dialing;
    private volatile BindAcceptor.Waiting binding;
    private volatile UdpAssociation association;
    private RelayDirection upstream;
    private RelayDirection downstream;
    /** The bandwidth limits that apply, or null when none does. */
    private volatile SessionLimits limits;

    public Exchange(
            long id, ListenerSettings settings, IoSession client, SessionEvents events, ListenerCounters counters) {
        this.id = id;
        this.settings = settings;
        this.client = client;
        this.events = events;
        this.counters = counters;
        this.phase = settings.expectsProxyHeader() ? Phase.PROXY_HEADER : Phase.NEGOTIATING;
        client.setAttribute(KEY, this);
    }

    public static Exchange of(IoSession session) {
        return (Exchange) session.getAttribute(KEY);
    }

    public long id() {
        return id;
    }

    public ListenerSettings settings() {
        return settings;
    }

    public IoSession client() {
        return client;
    }

    public SessionEvents events() {
        return events;
    }

    public ListenerCounters counters() {
        return counters;
    }

    public Phase phase() {
        return phase;
    }

    public void phase(Phase next) {
        phase = next;
    }

    public Frontend frontend() {
        return frontend;
    }

    /** The front-end chosen for this client, with the protocol it speaks. */
    public void frontend(Frontend chosen) {
        frontend = chosen;
    }

    /** The client is over a session cap: its front-end answers so at its first bytes, and closes. */
    public void refuseOnFirstBytes(String why) {
        admissionRefusal = why;
    }

    public String admissionRefusal() {
        return admissionRefusal;
    }

    public Object frontendStep() {
        return frontendStep;
    }

    public void frontendStep(Object step) {
        frontendStep = step;
    }

    public Protocol protocol() {
        Frontend current = frontend;
        return current == null ? null : current.protocol();
    }

    public String user() {
        return user;
    }

    /** A user id the client claims but did not prove (SOCKS4's USERID). */
    public void claimedUser(String name) {
        user = name;
        authenticated = false;
        roles = Set.of();
    }

    /** A user whose credentials the authenticator chain accepted. */
    public void authenticatedUser(String name, Set<String> userRoles) {
        user = name;
        roles = Set.copyOf(userRoles);
        authenticated = true;
    }

    public Command command() {
        return command;
    }

    public HostPort destination() {
        return destination;
    }

    /** What the client asks for, as its front-end decoded it. */
    public void request(Command asked, HostPort where) {
        command = asked;
        destination = where;
    }

    public String rule() {
        return rule;
    }

    public boolean denied() {
        return denied;
    }

    /** The policy's verdict on this exchange's request. */
    public void decided(Decision decision) {
        rule = decision.rule();
        denied = !decision.allowed();
        credentialsMayAllow = decision.credentialsMayAllow();
    }

    /** The status the access log shows for {@code failure} as this exchange's front-end answers it. */
    public int answeredStatus(Failure failure) {
        Frontend current = frontend;
        return current.logStatus(current.answered(this, failure));
    }

    /** Denied as anonymous, while a rule would allow it for some authenticated user. */
    public boolean credentialsMayAllow() {
        return credentialsMayAllow;
    }

    public boolean opened() {
        return opened;
    }

    /** The limits that apply to this session (null: none); replaces, and releases, earlier ones. */
    public void limits(SessionLimits applied) {
        SessionLimits earlier = limits;
        limits = applied;
        if (earlier != null && earlier != applied) {
            earlier.release();
        }
    }

    /** Whether a limit holds either direction of the tunnel back right now (a pause, not idleness). */
    public boolean pausedByLimits() {
        RelayDirection up = upstream;
        RelayDirection down = downstream;
        return (up != null && up.pausedByLimits()) || (down != null && down.pausedByLimits());
    }

    /**
     * The datagram budget of this session's UDP association, or null when no limit applies. A
     * quota with {@code close} used up ends the session, and with it the association, as it ends
     * a tunnel.
     */
    public UdpBudget udpBudget() {
        SessionLimits applied = limits;
        if (applied == null) {
            return null;
        }
        return applied.udp(reason -> {
            if (!client.isClosing()) {
                LOG.info("{} {}; closing the session", describe(), reason);
                client.closeNow();
            }
        });
    }

    /** The session ended: its limits' budgets no longer count it. */
    void releaseLimits() {
        limits(null);
    }

    public Failure failure() {
        return failure;
    }

    public IoSession outbound() {
        return outbound;
    }

    public UdpAssociation association() {
        return association;
    }

    public void association(UdpAssociation granted) {
        association = granted;
    }

    public BindAcceptor.Waiting binding() {
        return binding;
    }

    /**
     * The BIND port's wait, registered before the port is opened; ended here at once when the
     * client is already gone (see {@link #clientGone}).
     */
    public void binding(BindAcceptor.Waiting waiting) {
        binding = waiting;
        if (clientGone()) {
            waiting.end();
        }
    }

    public void dialing(DialAttempt attempt) {
        dialing = attempt;
        if (clientGone()) {
            attempt.abandon();
        }
        if (outbound != null) {
            // Connected before the dialer returned (a loopback connect completes at once): the
            // attempt is over, and a tunnel that lives for days need not keep it.
            dialing = null;
        }
    }

    /**
     * Whether the client has closed, or is being closed: nothing more is started for its request.
     * A step that ran off the I/O thread (a login check, a lookup, a BIND port) checks this before
     * it goes on; what it registers afterwards ({@link #dialing}, {@link #binding}) is released at
     * once when the client went meanwhile, since the close looked for it before it was there.
     * Both sides are volatile (the session's closing flag, the field), so one of them sees the
     * other.
     */
    public boolean clientGone() {
        return client.isClosing();
    }

    public void handshakeDeadline(ScheduledFuture<?> deadline) {
        handshakeDeadline = deadline;
    }

    /**
     * Logs why, answers with {@code why}'s rendering in the client's protocol, and closes once
     * the answer is sent: nothing the client sent after its request is read or relayed.
     */
    public void refuse(Failure failure, String reason) {
        Frontend current = frontend;
        Failure why = current.answered(this, failure);
        if (why != failure) {
            reason += "; asking for credentials, which may allow it";
        }
        this.failure = why;
        String request = command == null ? "request" : command + " " + destination;
        LOG.info("{} {} refused: {}; replied {}", describe(), request, reason, current.describe(why));
        IoBuffer reply = current.failure(this, why);
        if (reply != null) {
            client.write(reply);
        }
        client.closeOnFlush();
    }

    /** Records {@code why} for the log and sessions without answering (the front-end answered). */
    public void failed(Failure why) {
        failure = why;
    }

    /**
     * Writes {@code reply} (from any thread) and runs {@code next} on this client's I/O thread once
     * it has been sent: how work done elsewhere (a login, a UDP relay port) hands back, since
     * MINA must only suspend and resume reads on the session's own thread.
     */
    public void replyThen(IoBuffer reply, Runnable next) {
        continuation = next;
        continueAfter = reply;
        client.write(reply);
    }

    /** Called with every message sent to the client: runs the continuation of its reply. */
    public boolean continueIfDue(Object sent) {
        if (sent != null && sent == continueAfter) {
            Runnable next = continuation;
            continueAfter = null;
            continuation = null;
            next.run();
            return true;
        }
        return false;
    }

    /** Makes {@code session} this tunnel's far side (the destination, or the BIND peer). */
    public void attachOutbound(IoSession session) {
        session.setAttribute(KEY, this);
        outbound = session;
        dialing = null; // connected: nothing left to abandon, and the attempt's objects can go
    }

    /** The bytes to decode next: what was kept plus what just arrived. */
    public IoBuffer withPending(IoBuffer received) {
        if (pending == null) {
            return received;
        }
        IoBuffer all = pending.put(received).flip();
        pending = null;
        return all;
    }

    /** Keeps the undecoded rest of {@code buffer} for the next read. */
    public void keepPending(IoBuffer buffer) {
        if (!buffer.hasRemaining()) {
            pending = null;
            return;
        }
        IoBuffer copy = IoBuffer.allocate(Math.max(buffer.remaining(), 64)).setAutoExpand(true);
        pending = copy.put(buffer);
    }

    /**
     * Keeps {@code bytes} that came before the reply (on the client's I/O thread); reads pause
     * only once {@link #EARLY_DATA_LIMIT} bytes are kept.
     */
    public void keepEarlyData(IoBuffer bytes) {
        keepPending(bytes);
        if (pending != null && pending.position() >= EARLY_DATA_LIMIT) {
            client.suspendRead();
        }
    }

    /** Removes and returns the bytes kept after the request (optimistic data), or null. */
    private IoBuffer takePending() {
        IoBuffer rest = pending;
        pending = null;
        return rest == null ? null : rest.flip();
    }

    /**
     * The far side is connected (on this tunnel's I/O thread, before its first read): answer the
     * client with {@code replyAddress}, pass on bytes that came with the request, and relay.
     */
    public void startRelay(InetSocketAddress replyAddress) {
        startRelay(replyAddress, null);
    }

    /**
     * As {@link #startRelay(InetSocketAddress)}, for a far side that already sent bytes before
     * the relay existed (an upstream proxy's tunnel bytes right after its success reply): they
     * go to the client after its reply, through the relay and its backpressure.
     *
     * @param fromFarSide those bytes, or null
     */
    public void startRelay(InetSocketAddress replyAddress, IoBuffer fromFarSide) {
        IoSession out = outbound;
        if (client.isClosing()) {
            out.closeNow();
            return;
        }
        // The upstream's first tunnel bytes came with its reply: read already, but the client's.
        writtenBeforeRelay = out.getWrittenBytes();
        readBeforeRelay = out.getReadBytes() - (fromFarSide == null ? 0 : fromFarSide.remaining());
        SessionLimits limited = limits;
        if (limited == null) {
            upstream = new RelayDirection(client, out, counters.bytesFromClients);
            downstream = new RelayDirection(out, client, counters.bytesToClients);
        } else {
            upstream =
                    new RelayDirection(client, out, counters.bytesFromClients, limited.fromClient(), limited.pacer());
            downstream = new RelayDirection(out, client, counters.bytesToClients, limited.toClient(), limited.pacer());
        }
        IoBuffer reply = frontend.success(this, replyAddress);
        if (reply != null) {
            client.write(reply);
        }
        IoBuffer early = takePending();
        if (early != null) {
            upstream.forward(early);
        }
        if (fromFarSide != null && fromFarSide.hasRemaining()) {
            downstream.forward(fromFarSide);
        }
        phase = Phase.RELAYING;
        opened = true;
        events.opened(this);
        int idleSeconds = (int) settings.idleTimeout().toSeconds();
        if (idleSeconds > 0) {
            client.getConfig().setBothIdleTime(idleSeconds);
        }
        client.resumeRead(); // paused if the client sent more than EARLY_DATA_LIMIT meanwhile
    }

    /** The request was granted without a far side (a UDP association): it counts as opened. */
    public void granted() {
        opened = true;
    }

    /** The association's reply is sent: the connection now only keeps it alive. */
    public void associated() {
        phase = Phase.UDP_ASSOCIATED;
    }

    public void fromClient(IoBuffer bytes) {
        upstream.forward(bytes);
    }

    public void fromOutbound(IoBuffer bytes) {
        downstream.forward(bytes);
    }

    public void sentToClient() {
        if (downstream != null) {
            downstream.sent();
        }
    }

    public void sentToOutbound() {
        if (upstream != null) {
            upstream.sent();
        }
    }

    /**
     * The client sent FIN. Only a tunnel has a far side to pass it on to; before the success
     * reply there is none, so the request is abandoned at once (closing the client releases the
     * outbound attempt, the BIND port or the association) rather than kept until timeout.connect
     * or timeout.bind for a client that has gone.
     */
    public void clientInputClosed() {
        switch (phase) {
            case RELAYING -> upstream.sourceFinished(downstream, this::closeBoth);
            case UDP_ASSOCIATED -> client.closeNow(); // ends the association (RFC 1928 §7)
            default -> {
                if (command != null) {
                    LOG.debug(
                            "{} {} {} abandoned: the client closed before the reply", describe(), command, destination);
                }
                client.closeNow();
            }
        }
    }

    /** The far side sent FIN. */
    public void outboundInputClosed() {
        downstream.sourceFinished(upstream, this::closeBoth);
    }

    /** Both ends sent FIN and got everything: the tunnel is done. */
    private void closeBoth() {
        client.closeNow();
        outbound.closeNow();
    }

    public void cancelHandshakeDeadline() {
        ScheduledFuture<?> deadline = handshakeDeadline;
        if (deadline != null) {
            deadline.cancel(false);
            handshakeDeadline = null; // a tunnel can live for days; its cancelled timer need not
        }
    }

    /** The client went away: stop the outbound attempt, if one is under way. */
    public void abandonDial() {
        DialAttempt attempt = dialing;
        if (attempt != null) {
            attempt.abandon();
        }
    }

    /** The request as the policy sees it; {@code resolved} is where a name led, or null. */
    public ProxyRequest request(InetAddress resolved) {
        return request(command, destination, resolved, false);
    }

    /**
     * This client asking for {@code requested} (a BIND's peer, a datagram's destination, ...):
     * the one place a policy question is put together from the exchange.
     */
    public ProxyRequest request(Command asked, HostPort requested, InetAddress resolved, boolean deferredDestination) {
        return new ProxyRequest(
                settings.name(),
                protocol(),
                asked,
                clientAddress(),
                authenticated ? user : null,
                authenticated ? roles : Set.of(),
                requested,
                resolved,
                deferredDestination);
    }

    /**
     * The client everywhere (rules, caps, login throttle, logs, UDP pinning): the one a load
     * balancer's PROXY header named, else the connection's peer.
     */
    public InetSocketAddress clientAddress() {
        InetSocketAddress proxied = proxiedClient;
        return proxied != null ? proxied : peerAddress();
    }

    /** The other end of the client connection: the client, or the load balancer it came through. */
    public InetSocketAddress peerAddress() {
        return (InetSocketAddress) client.getRemoteAddress();
    }

    /** The load balancer the client came through (its PROXY header named the client), or null. */
    public InetSocketAddress via() {
        return proxiedClient == null ? null : peerAddress();
    }

    /**
     * The PROXY header a trusted load balancer sent: the client it names (if any) becomes this
     * exchange's client. Called once, before the front-end is chosen.
     */
    public void proxied(ProxyHeader header) {
        if (header.hasAddresses()) {
            proxiedClient = header.source();
        }
    }

    /** The address this client is counted under for the per-client cap, or null while it is not counted. */
    public InetAddress countedAs() {
        return countedAs;
    }

    public void countedAs(InetAddress address) {
        countedAs = address;
    }

    public String describe() {
        InetSocketAddress remote = clientAddress();
        String who = remote == null ? "?" : text(remote);
        InetSocketAddress balancer = via();
        return "[" + settings.name() + "] #" + id + " " + who + (balancer == null ? "" : " via " + text(balancer));
    }

    private static String text(InetSocketAddress address) {
        return HostPort.of(address).toString();
    }

    public SessionInfo snapshot() {
        IoSession out = outbound;
        UdpAssociation udp = association;
        UdpCounters udpCounters = udp == null ? null : udp.counters();
        SessionLimits limited = limits;
        return new SessionInfo(
                id,
                settings.name(),
                protocol(),
                command,
                clientAddress(),
                user,
                roles,
                destination,
                out == null ? null : (InetSocketAddress) out.getRemoteAddress(),
                out == null ? null : (InetSocketAddress) out.getLocalAddress(),
                // When the client's connection was accepted; MINA keeps it, so the exchange need not.
                Instant.ofEpochMilli(client.getCreationTime()),
                state(),
                udpCounters != null ? udpCounters.bytesFromClient() : relayed(out, true),
                udpCounters != null ? udpCounters.bytesToClient() : relayed(out, false),
                udpCounters,
                rule,
                upstreamOf(out),
                via(),
                limited == null ? List.of() : limited.names(),
                limited == null ? -1 : limited.rateFromClient(),
                limited == null ? -1 : limited.rateToClient());
    }

    /**
     * Bytes relayed towards the far side ({@code fromClient}) or from it: the far side's counts
     * since the relay started; none before.
     */
    private long relayed(IoSession out, boolean fromClient) {
        if (out == null || !opened) {
            return 0;
        }
        return fromClient ? out.getWrittenBytes() - writtenBeforeRelay : out.getReadBytes() - readBeforeRelay;
    }

    /** The upstream the tunnel goes through, or null when direct (or not connected). */
    private static String upstreamOf(IoSession outbound) {
        Hop hop = outbound == null ? null : Hop.of(outbound);
        return hop == null || hop.isDirect() ? null : hop.upstream().name();
    }

    private SessionState state() {
        if (client.isClosing()) {
            return SessionState.CLOSING;
        }
        return switch (phase) {
            case PROXY_HEADER, NEGOTIATING, AUTHENTICATING -> SessionState.HANDSHAKE;
            case CONNECTING -> SessionState.CONNECTING;
            case RELAYING, UDP_ASSOCIATED -> SessionState.RELAYING;
        };
    }
}
