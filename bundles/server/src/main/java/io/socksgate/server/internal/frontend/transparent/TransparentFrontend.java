package io.socksgate.server.internal.frontend.transparent;

import io.socksgate.api.Command;
import io.socksgate.api.HostPort;
import io.socksgate.api.Protocol;
import io.socksgate.config.HostAddresses;
import io.socksgate.server.internal.exchange.Exchange;
import io.socksgate.server.internal.exchange.Failure;
import io.socksgate.server.internal.exchange.Pipeline;
import io.socksgate.server.internal.frontend.Frontend;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.transport.socket.nio.NioSession;

/**
 * A transparent listener's clients (seed 004): connections an iptables/nftables REDIRECT sent
 * here, which speak no proxy protocol. Right after accept the connection's original destination
 * is read ({@code SO_ORIGINAL_DST}); the request is a CONNECT to it, protocol {@code transparent},
 * anonymous, decided by the rules and dialed directly or along the deciding rule's upstreams.
 * There is nothing to negotiate and no reply to send: the tunnel starts when the far side is
 * connected, and every failure is a log line and a close.
 *
 * <p>Loop guard: a connection without an original destination, or whose original destination is
 * one of this Socksgate's listeners (a direct connection to this listener reports its own
 * address), is closed and logged, never dialed.
 */
public final class TransparentFrontend implements Frontend {

    private final Pipeline pipeline;
    private final Supplier<List<InetSocketAddress>> listenerAddresses;

    /** @param listenerAddresses the addresses all of this Socksgate's listeners are bound to now */
    public TransparentFrontend(Pipeline pipeline, Supplier<List<InetSocketAddress>> listenerAddresses) {
        this.pipeline = pipeline;
        this.listenerAddresses = listenerAddresses;
    }

    @Override
    public Protocol protocol() {
        return Protocol.TRANSPARENT;
    }

    /**
     * Takes an accepted connection, on its I/O thread: reads its original destination (a
     * getsockopt, which never blocks), then decides and dials.
     */
    public void start(Exchange exchange) {
        exchange.frontend(this);
        IoSession client = exchange.client();
        InetSocketAddress original;
        try {
            SocketChannel channel = (SocketChannel) ((NioSession) client).getChannel();
            original = OriginalDestinations.of(channel, (InetSocketAddress) client.getLocalAddress());
        } catch (NoOriginalDestinationException e) {
            exchange.refuse(Failure.MALFORMED, "loop guard: no original destination: " + e.getMessage());
            return;
        }
        exchange.request(Command.CONNECT, HostPort.of(original));
        LoopGuard guard = new LoopGuard(listenerAddresses.get());
        if (!guard.needsHostAddresses(original)) {
            connectUnlessLooping(exchange, guard, original);
            return;
        }
        try {
            // A wildcard listener on that port: this host's addresses are read off the I/O thread.
            pipeline.engine().blockingWork().execute(() -> connectUnlessLooping(exchange, guard, original));
        } catch (RejectedExecutionException e) {
            exchange.refuse(Failure.LIMIT_REACHED, "work queue full");
        }
    }

    private void connectUnlessLooping(Exchange exchange, LoopGuard guard, InetSocketAddress original) {
        String loop = guard.loops(original, HostAddresses::isLocal);
        if (loop != null) {
            exchange.refuse(Failure.DENIED, "loop guard: " + loop);
            return;
        }
        exchange.cancelHandshakeDeadline();
        pipeline.connect(exchange);
    }

    /** Bytes the client sends before its tunnel is up wait for it, as SOCKS and HTTP early data. */
    @Override
    public void onBytes(Exchange exchange, IoBuffer bytes) {
        exchange.keepEarlyData(bytes);
    }

    /** Nothing: the client believes it is connected to its destination already. */
    @Override
    public IoBuffer success(Exchange exchange, InetSocketAddress bound) {
        return null;
    }

    /** Nothing: a redirected client has no protocol to be told in; the close says it. */
    @Override
    public IoBuffer failure(Exchange exchange, Failure failure) {
        return null;
    }

    @Override
    public String describe(Failure failure) {
        return "nothing (transparent: closed)";
    }
}
