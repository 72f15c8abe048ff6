package io.socksgate.server.internal;

import io.socksgate.api.Command;
import io.socksgate.api.HostPort;
import io.socksgate.api.Protocol;
import io.socksgate.api.ProxyRequest;
import io.socksgate.api.SessionInfo;
import io.socksgate.api.SessionState;
import io.socksgate.api.UdpAssociation;
import io.socksgate.api.UdpCounters;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection through its life: handshake, connect (or BIND wait), relay, close. It is
 * attached to both MINA sessions (client and outbound) so each handler finds it in O(1).
 *
 * <p>Threading: both MINA sessions run on the same I/O processor thread (see {@link
 * TunnelProcessors}), so the handshake, relay and close logic is single-threaded; only dial and
 * bind outcomes, deadlines and snapshots come from other threads, and what they read is volatile.
 */
final class ProxySession {

    enum Phase {
        GREETING,
        /** SOCKS5 username/password (RFC 1929) selected; its request is awaited. */
        PASSWORD_AUTH,
        /** The credentials are being checked; the client is not read. */
        AUTHENTICATING,
        SOCKS5_REQUEST,
        /** Resolving and connecting, or waiting for the BIND peer; the client is not read. */
        CONNECTING,
        RELAYING,
        /** UDP ASSOCIATE granted: the TCP connection only keeps the association alive. */
        UDP_ASSOCIATED
    }

    private static final Logger LOG = LoggerFactory.getLogger(ProxySession.class);
    private static final AttributeKey KEY = new AttributeKey(ProxySession.class, "proxySession");

    final long id;
    final ListenerSettings settings;
    final IoSession client;
    final SessionEvents events;
    /** The counters of the listener that accepted this client. */
    final ListenerCounters counters;

    final Instant started = Instant.now();

    volatile Phase phase = Phase.GREETING;
    volatile Protocol protocol;
    volatile Command command;
    volatile HostPort destination;
    volatile String user;
    /** Whether {@link #user} was authenticated (a SOCKS4 user id is not). */
    volatile boolean authenticated;

    volatile Set<String> roles = Set.of();
    volatile IoSession outbound;
    /** The rule that decided the request, once decided. */
    volatile String rule;

    volatile boolean denied;
    /** The tunnel came up (connected, BIND peer arrived). */
    volatile boolean wasOpened;
    /** Why the request failed, if it failed. */
    volatile Failure failure;
    /** A reply written from another thread, and what to do on this I/O thread once it is sent. */
    private volatile IoBuffer continueAfter;

    private volatile Runnable continuation;
    volatile UdpAssociation association;

    /**
     * Bytes a client may send before its reply (a pipelined request, early data) that are kept
     * while reading goes on; past them reads pause until the tunnel is up. Reading on matters:
     * it is how a client's FIN or reset is seen while the proxy dials or checks a login.
     */
    static final int EARLY_DATA_LIMIT = 16 * 1024;

    /** Handshake bytes not yet decoded, or bytes that arrived with the request; in write mode. */
    private IoBuffer pending;

    volatile ScheduledFuture<?> handshakeDeadline;
    volatile Dialer.Attempt dialing;
    volatile BindAcceptor.Waiting binding;
    private RelayDirection upstream;
    private RelayDirection downstream;

    ProxySession(
            long id, ListenerSettings settings, IoSession client, SessionEvents events, ListenerCounters counters) {
        this.id = id;
        this.settings = settings;
        this.client = client;
        this.events = events;
        this.counters = counters;
        client.setAttribute(KEY, this);
    }

    static ProxySession of(IoSession session) {
        return (ProxySession) session.getAttribute(KEY);
    }

    /**
     * Writes {@code reply} (from any thread) and runs {@code next} on this client's I/O thread once
     * it has been sent: how work done elsewhere (a login, a UDP relay port) hands back, since
     * MINA must only suspend and resume reads on the session's own thread.
     */
    void replyThen(IoBuffer reply, Runnable next) {
        continuation = next;
        continueAfter = reply;
        client.write(reply);
    }

    /** Called with every message sent to the client: runs the continuation of its reply. */
    boolean continueIfDue(Object sent) {
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
    void attachOutbound(IoSession session) {
        session.setAttribute(KEY, this);
        outbound = session;
    }

    /** The bytes to decode next: what was kept plus what just arrived. */
    IoBuffer withPending(IoBuffer received) {
        if (pending == null) {
            return received;
        }
        IoBuffer all = pending.put(received).flip();
        pending = null;
        return all;
    }

    /** Keeps the undecoded rest of {@code buffer} for the next read. */
    void keepPending(IoBuffer buffer) {
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
    void keepEarlyData(IoBuffer bytes) {
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
    void startRelay(InetSocketAddress replyAddress) {
        IoSession out = outbound;
        if (client.isClosing()) {
            out.closeNow();
            return;
        }
        upstream = new RelayDirection(client, out);
        downstream = new RelayDirection(out, client);
        client.write(Replies.success(protocol, replyAddress));
        IoBuffer early = takePending();
        if (early != null) {
            upstream.forward(early);
        }
        phase = Phase.RELAYING;
        wasOpened = true;
        events.opened(this);
        int idleSeconds = (int) settings.idleTimeout().toSeconds();
        if (idleSeconds > 0) {
            client.getConfig().setBothIdleTime(idleSeconds);
        }
        client.resumeRead(); // paused if the client sent more than EARLY_DATA_LIMIT meanwhile
    }

    void fromClient(IoBuffer bytes) {
        upstream.forward(bytes);
    }

    void fromOutbound(IoBuffer bytes) {
        downstream.forward(bytes);
    }

    void sentToClient() {
        if (downstream != null) {
            downstream.sent();
        }
    }

    void sentToOutbound() {
        if (upstream != null) {
            upstream.sent();
        }
    }

    /**
     * The client sent FIN. Only a tunnel has a far side to pass it on to; before the success
     * reply there is none, so the request is abandoned at once (closing the client releases the
     * outbound attempt or the BIND port, see {@link Commands#abandon}) rather than kept until
     * timeout.connect or timeout.bind for a client that has gone.
     */
    void clientInputClosed() {
        switch (phase) {
            case RELAYING -> upstream.sourceFinished(this::closeWhenBothFinished);
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
    void outboundInputClosed() {
        downstream.sourceFinished(this::closeWhenBothFinished);
    }

    private void closeWhenBothFinished() {
        if (upstream.isFinished() && downstream.isFinished()) {
            client.closeNow();
            outbound.closeNow();
        }
    }

    void cancelHandshakeDeadline() {
        ScheduledFuture<?> deadline = handshakeDeadline;
        if (deadline != null) {
            deadline.cancel(false);
        }
    }

    /** The request as the policy sees it; {@code resolved} is where a name led, or null. */
    ProxyRequest request(InetAddress resolved) {
        return request(command, destination, resolved, false);
    }

    /**
     * This client asking for {@code requested} (a BIND's peer, a datagram's destination, ...):
     * the one place a policy question is put together from the session.
     */
    ProxyRequest request(Command asked, HostPort requested, InetAddress resolved, boolean deferredDestination) {
        return new ProxyRequest(
                settings.name(),
                protocol,
                asked,
                (InetSocketAddress) client.getRemoteAddress(),
                authenticated ? user : null,
                authenticated ? roles : Set.of(),
                requested,
                resolved,
                deferredDestination);
    }

    String describe() {
        InetSocketAddress remote = (InetSocketAddress) client.getRemoteAddress();
        String who = remote == null ? "?" : remote.getAddress().getHostAddress() + ":" + remote.getPort();
        return "[" + settings.name() + "] #" + id + " " + who;
    }

    SessionInfo snapshot() {
        IoSession out = outbound;
        UdpAssociation udp = association;
        UdpCounters counters = udp == null ? null : udp.counters();
        return new SessionInfo(
                id,
                settings.name(),
                protocol,
                command,
                (InetSocketAddress) client.getRemoteAddress(),
                user,
                roles,
                destination,
                out == null ? null : (InetSocketAddress) out.getRemoteAddress(),
                out == null ? null : (InetSocketAddress) out.getLocalAddress(),
                started,
                state(),
                counters != null ? counters.bytesFromClient() : out == null ? 0 : out.getWrittenBytes(),
                counters != null ? counters.bytesToClient() : out == null ? 0 : out.getReadBytes(),
                counters,
                rule);
    }

    private SessionState state() {
        if (client.isClosing()) {
            return SessionState.CLOSING;
        }
        return switch (phase) {
            case GREETING, PASSWORD_AUTH, AUTHENTICATING, SOCKS5_REQUEST -> SessionState.HANDSHAKE;
            case CONNECTING -> SessionState.CONNECTING;
            case RELAYING, UDP_ASSOCIATED -> SessionState.RELAYING;
        };
    }
}
