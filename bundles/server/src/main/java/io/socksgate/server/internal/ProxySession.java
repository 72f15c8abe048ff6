package io.socksgate.server.internal;

import io.socksgate.api.Command;
import io.socksgate.api.HostPort;
import io.socksgate.api.Protocol;
import io.socksgate.api.SessionInfo;
import io.socksgate.api.SessionState;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;

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
        RELAYING
    }

    private static final AttributeKey KEY = new AttributeKey(ProxySession.class, "proxySession");

    final long id;
    final ListenerSettings settings;
    final IoSession client;
    final Instant started = Instant.now();

    volatile Phase phase = Phase.GREETING;
    volatile Protocol protocol;
    volatile Command command;
    volatile HostPort destination;
    volatile String user;
    volatile Set<String> roles = Set.of();
    volatile IoSession outbound;
    /** The "01 00" reply while it is being sent; once sent, the request may be read. */
    volatile IoBuffer authAccepted;

    /** Handshake bytes not yet decoded, or bytes that arrived with the request; in write mode. */
    private IoBuffer pending;
    /** The client sent FIN before the tunnel was up; passed on once it is. */
    private boolean clientFinishedEarly;

    volatile ScheduledFuture<?> handshakeDeadline;
    volatile Dialer.Attempt dialing;
    volatile BindAcceptor.Waiting binding;
    private RelayDirection upstream;
    private RelayDirection downstream;

    ProxySession(long id, ListenerSettings settings, IoSession client) {
        this.id = id;
        this.settings = settings;
        this.client = client;
        client.setAttribute(KEY, this);
    }

    static ProxySession of(IoSession session) {
        return (ProxySession) session.getAttribute(KEY);
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
        int idleSeconds = (int) settings.idleTimeout().toSeconds();
        if (idleSeconds > 0) {
            client.getConfig().setBothIdleTime(idleSeconds);
        }
        if (clientFinishedEarly) {
            upstream.sourceFinished(this::closeWhenBothFinished);
        } else {
            client.resumeRead();
        }
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

    /** The client sent FIN. */
    void clientInputClosed() {
        switch (phase) {
            case RELAYING -> upstream.sourceFinished(this::closeWhenBothFinished);
            case CONNECTING -> {
                clientFinishedEarly = true;
                client.suspendRead();
            }
            default -> client.closeNow(); // an unfinished request: nothing to pass on
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

    String describe() {
        InetSocketAddress remote = (InetSocketAddress) client.getRemoteAddress();
        String who = remote == null ? "?" : remote.getAddress().getHostAddress() + ":" + remote.getPort();
        return "[" + settings.name() + "] #" + id + " " + who;
    }

    SessionInfo snapshot() {
        IoSession out = outbound;
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
                out == null ? 0 : out.getWrittenBytes(),
                out == null ? 0 : out.getReadBytes());
    }

    private SessionState state() {
        if (client.isClosing()) {
            return SessionState.CLOSING;
        }
        return switch (phase) {
            case GREETING, PASSWORD_AUTH, AUTHENTICATING, SOCKS5_REQUEST -> SessionState.HANDSHAKE;
            case CONNECTING -> SessionState.CONNECTING;
            case RELAYING -> SessionState.RELAYING;
        };
    }
}
