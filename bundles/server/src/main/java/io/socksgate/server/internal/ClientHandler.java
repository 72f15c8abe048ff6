package io.socksgate.server.internal;

import io.socksgate.api.Command;
import io.socksgate.api.Protocol;
import io.socksgate.protocol.DecodeResult;
import io.socksgate.protocol.socks5.Socks5AuthMethod;
import io.socksgate.protocol.socks5.Socks5Greeting;
import io.socksgate.protocol.socks5.Socks5GreetingDecoder;
import io.socksgate.protocol.socks5.Socks5MethodSelection;
import io.socksgate.protocol.socks5.Socks5ReplyCode;
import io.socksgate.protocol.socks5.Socks5Request;
import io.socksgate.protocol.socks5.Socks5RequestDecoder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
 * Events of the connections one listener accepted: admission, the SOCKS handshake (one decoder
 * per phase, fed whatever bytes arrived), then the client side of the relay.
 */
final class ClientHandler extends IoHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ClientHandler.class);

    private final Supplier<ListenerSettings> settings;
    private final ProxyEngine engine;
    private final SessionTable table;
    private final Dialer dialer;
    private final AtomicInteger sessions = new AtomicInteger();
    private final ConcurrentMap<InetAddress, AtomicInteger> sessionsPerClient = new ConcurrentHashMap<>();

    ClientHandler(Supplier<ListenerSettings> settings, ProxyEngine engine, SessionTable table) {
        this.settings = settings;
        this.engine = engine;
        this.table = table;
        this.dialer = new Dialer(engine);
    }

    @Override
    public void sessionCreated(IoSession session) {
        ProxySession proxy = new ProxySession(table.nextId(), settings.get(), session);
        table.add(proxy);
        if (!admit(proxy)) {
            session.closeNow();
            return;
        }
        long millis = proxy.settings.handshakeTimeout().toMillis();
        proxy.handshakeDeadline =
                engine.timers().schedule(() -> handshakeExpired(proxy), millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void messageReceived(IoSession session, Object message) {
        ProxySession proxy = ProxySession.of(session);
        IoBuffer bytes = (IoBuffer) message;
        switch (proxy.phase) {
            case RELAYING -> proxy.upstream.forward(bytes);
            case CONNECTING -> proxy.keepPending(proxy.withPending(bytes)); // reads are being suspended
            default -> handshake(proxy, proxy.withPending(bytes));
        }
    }

    @Override
    public void messageSent(IoSession session, Object message) {
        RelayDirection downstream = ProxySession.of(session).downstream;
        if (downstream != null) {
            downstream.sinkDrained();
        }
    }

    @Override
    public void inputClosed(IoSession session) {
        // The client finished sending: deliver what is queued to the destination, then close both.
        ProxySession proxy = ProxySession.of(session);
        IoSession out = proxy.outbound;
        if (out != null) {
            out.closeOnFlush();
        }
        session.closeOnFlush();
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
        Dialer.Attempt attempt = proxy.dialing;
        if (attempt != null) {
            attempt.abandon();
        }
        IoSession out = proxy.outbound;
        if (out != null) {
            out.closeOnFlush();
        }
        table.remove(proxy);
        release(proxy);
    }

    /** Counts the session (released in sessionClosed, admitted or not) and checks the limits. */
    private boolean admit(ProxySession proxy) {
        int total = sessions.incrementAndGet();
        int fromClient = sessionsPerClient
                .computeIfAbsent(clientAddress(proxy), c -> new AtomicInteger())
                .incrementAndGet();
        int max = proxy.settings.maxSessions();
        if (total > max) {
            LOG.warn("{} refused: listener at max.sessions={}", proxy.describe(), max);
            return false;
        }
        int perClient = proxy.settings.maxSessionsPerClient();
        if (perClient > 0 && fromClient > perClient) {
            LOG.warn("{} refused: client at max.sessions.per.client={}", proxy.describe(), perClient);
            return false;
        }
        return true;
    }

    private void release(ProxySession proxy) {
        sessions.decrementAndGet();
        InetAddress client = clientAddress(proxy);
        sessionsPerClient.computeIfPresent(client, (c, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    private static InetAddress clientAddress(ProxySession proxy) {
        return ((InetSocketAddress) proxy.client.getRemoteAddress()).getAddress();
    }

    private void handshakeExpired(ProxySession proxy) {
        ProxySession.Phase phase = proxy.phase;
        if (phase == ProxySession.Phase.GREETING || phase == ProxySession.Phase.SOCKS5_REQUEST) {
            LOG.info(
                    "{} closed: no complete request within timeout.handshake={}s",
                    proxy.describe(),
                    proxy.settings.handshakeTimeout().toSeconds());
            proxy.client.closeNow();
        }
    }

    /** Decodes as many handshake messages as {@code bytes} holds; keeps an incomplete rest. */
    private void handshake(ProxySession proxy, IoBuffer bytes) {
        while (true) {
            switch (proxy.phase) {
                case GREETING -> {
                    if (!bytes.hasRemaining()) {
                        proxy.keepPending(bytes);
                        return;
                    }
                    if (!greeting(proxy, bytes)) {
                        return;
                    }
                }
                case SOCKS5_REQUEST -> {
                    socks5Request(proxy, bytes);
                    return;
                }
                default -> throw new IllegalStateException("not handshaking: " + proxy.phase);
            }
        }
    }

    /** @return true when the greeting is done and the next phase should run on the rest */
    private boolean greeting(ProxySession proxy, IoBuffer bytes) {
        IoSession client = proxy.client;
        int version = bytes.get(bytes.position()) & 0xff;
        if (version != 5 || !proxy.settings.accepts(Protocol.SOCKS5)) {
            LOG.info(
                    "{} closed: protocol version 0x{} not served here", proxy.describe(), Integer.toHexString(version));
            client.closeNow();
            return false;
        }
        proxy.protocol = Protocol.SOCKS5;
        DecodeResult<Socks5Greeting> result = Socks5GreetingDecoder.INSTANCE.decode(bytes);
        if (result instanceof DecodeResult.NeedMore) {
            proxy.keepPending(bytes);
            return false;
        }
        if (result instanceof DecodeResult.Failed<Socks5Greeting> failed) {
            LOG.info(
                    "{} malformed SOCKS5 greeting: {}",
                    proxy.describe(),
                    failed.failure().detail());
            refuseMethods(client);
            return false;
        }
        Socks5Greeting greeting = ((DecodeResult.Done<Socks5Greeting>) result).message();
        AuthMethod method = select(proxy.settings, greeting);
        if (method == null) {
            LOG.info(
                    "{} refused: client offers no method this listener accepts {}",
                    proxy.describe(),
                    proxy.settings.authMethods());
            refuseMethods(client);
            return false;
        }
        client.write(new Socks5MethodSelection(method.code()).toBuffer());
        proxy.phase = ProxySession.Phase.SOCKS5_REQUEST;
        return true;
    }

    /** The listener's most preferred method that the client offers; only `none` is served yet. */
    private static AuthMethod select(ListenerSettings settings, Socks5Greeting greeting) {
        for (AuthMethod method : settings.authMethods()) {
            if (method == AuthMethod.NONE && greeting.offers(method.code())) {
                return method;
            }
        }
        return null;
    }

    private static void refuseMethods(IoSession client) {
        client.write(new Socks5MethodSelection(Socks5AuthMethod.NO_ACCEPTABLE).toBuffer());
        client.closeOnFlush();
    }

    private void socks5Request(ProxySession proxy, IoBuffer bytes) {
        DecodeResult<Socks5Request> result = Socks5RequestDecoder.INSTANCE.decode(bytes);
        if (result instanceof DecodeResult.NeedMore) {
            proxy.keepPending(bytes);
            return;
        }
        if (result instanceof DecodeResult.Failed<Socks5Request> failed) {
            Socks5ReplyCode reply = failed.failure().socks5Reply();
            LOG.info(
                    "{} malformed SOCKS5 request: {}; replied {}",
                    proxy.describe(),
                    failed.failure().detail(),
                    reply);
            replyAndClose(proxy, reply);
            return;
        }
        Socks5Request request = ((DecodeResult.Done<Socks5Request>) result).message();
        proxy.command = request.command();
        proxy.destination = request.destination();
        if (request.command() != Command.CONNECT) {
            LOG.info(
                    "{} {} {} not supported; replied {}",
                    proxy.describe(),
                    request.command(),
                    request.destination(),
                    Socks5ReplyCode.COMMAND_NOT_SUPPORTED);
            replyAndClose(proxy, Socks5ReplyCode.COMMAND_NOT_SUPPORTED);
            return;
        }
        if (request.destination().port() == 0) {
            LOG.info("{} CONNECT to port 0 refused; replied {}", proxy.describe(), Socks5ReplyCode.GENERAL_FAILURE);
            replyAndClose(proxy, Socks5ReplyCode.GENERAL_FAILURE);
            return;
        }
        connect(proxy, bytes);
    }

    /** The request is complete: stop the handshake clock and reading, keep early data, dial. */
    private void connect(ProxySession proxy, IoBuffer rest) {
        proxy.cancelHandshakeDeadline();
        proxy.phase = ProxySession.Phase.CONNECTING;
        proxy.keepPending(rest);
        proxy.client.suspendRead();
        proxy.dialing = dialer.dial(proxy.destination, proxy.settings.connectTimeout(), new Dialer.Callback() {
            @Override
            public void connected(IoSession outbound) {
                proxy.attachOutbound(outbound, engine);
            }

            @Override
            public void failed(Socks5ReplyCode reply, String reason) {
                LOG.info(
                        "{} {} {} failed: {}; replied {}",
                        proxy.describe(),
                        proxy.command,
                        proxy.destination,
                        reason,
                        reply);
                replyAndClose(proxy, reply);
            }
        });
    }

    private static void replyAndClose(ProxySession proxy, Socks5ReplyCode reply) {
        proxy.client.write(Replies.failure(proxy.protocol, reply));
        proxy.client.closeOnFlush();
    }
}
