package io.socksgate.server.internal.transport;

import io.socksgate.config.IpLiterals;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import org.apache.mina.core.polling.AbstractPollingIoConnector;
import org.apache.mina.core.service.IoProcessor;
import org.apache.mina.core.service.TransportMetadata;
import org.apache.mina.transport.socket.DefaultSocketSessionConfig;
import org.apache.mina.transport.socket.SocketConnector;
import org.apache.mina.transport.socket.SocketSessionConfig;
import org.apache.mina.transport.socket.nio.NioSession;

/**
 * A TCP connector that takes a connection the kernel completed during {@code connect(2)} at once,
 * on the calling thread. With MINA's {@code NioSocketConnector} every connect is handed to its
 * connector thread (a queue, a selector wake-up, an {@code OP_CONNECT} registration and its
 * removal, and a hand-over to the I/O processor), even when the connection is already up, as it
 * always is towards this host: a local service or an upstream proxy beside Socksgate. Here
 * {@code connect} asks {@code finishConnect} once more right away (one {@code getsockopt} when the
 * connection is still pending), and MINA's template then creates the session directly; a pending
 * connection takes the usual way through this connector's own selector thread.
 *
 * <p>MINA's extension points for transports ({@link AbstractPollingIoConnector}'s template
 * methods) and the engine's TCP session ({@link TunnelSession}); {@code
 * EagerSocketConnectorTest} checks the direct path on the MINA in use.
 */
public final class EagerSocketConnector extends AbstractPollingIoConnector<NioSession, SocketChannel>
        implements SocketConnector {

    private static final InetSocketAddress ANY_IPV4 = new InetSocketAddress(IpLiterals.parse("0.0.0.0"), 0);
    private static final InetSocketAddress ANY_IPV6 = new InetSocketAddress(IpLiterals.parse("::"), 0);

    /** Opened by {@link #init()}, which MINA calls from its constructor: no initializer here. */
    private volatile Selector selector;

    public EagerSocketConnector(IoProcessor<NioSession> processor) {
        super(new DefaultSocketSessionConfig(), processor);
        ((DefaultSocketSessionConfig) getSessionConfig()).init(this);
    }

    @Override
    public SocketSessionConfig getSessionConfig() {
        return (SocketSessionConfig) sessionConfig;
    }

    @Override
    public InetSocketAddress getDefaultRemoteAddress() {
        return (InetSocketAddress) super.getDefaultRemoteAddress();
    }

    @Override
    public void setDefaultRemoteAddress(InetSocketAddress address) {
        super.setDefaultRemoteAddress(address);
    }

    @Override
    public TransportMetadata getTransportMetadata() {
        return TunnelSession.METADATA;
    }

    @Override
    protected void init() throws Exception {
        selector = Selector.open();
    }

    @Override
    protected void destroy() throws Exception {
        if (selector != null) {
            selector.close();
        }
    }

    /**
     * The local address that only names {@code destination}'s address family: the wildcard with
     * port 0. A connect with it gets a socket of that family and no bind (the kernel picks the
     * local end at connect, as it would for the wildcard), where a connect without a local
     * address gets the JDK's dual-stack IPv6 socket: one {@code setsockopt} more per connection,
     * and IPv4 traffic through the IPv6 socket's mapped-address paths.
     */
    public static InetSocketAddress anyLocal(InetAddress destination) {
        return destination instanceof Inet4Address ? ANY_IPV4 : ANY_IPV6;
    }

    @Override
    protected SocketChannel newHandle(SocketAddress localAddress) throws Exception {
        InetSocketAddress local = (InetSocketAddress) localAddress;
        SocketChannel channel = local == null
                ? SocketChannel.open()
                : SocketChannel.open(
                        local.getAddress() instanceof Inet4Address
                                ? StandardProtocolFamily.INET
                                : StandardProtocolFamily.INET6);
        boolean ready = false;
        try {
            int receiveBuffer = getSessionConfig().getReceiveBufferSize();
            if (receiveBuffer > 65535) { // a window above 64 KiB must be asked for before connecting
                channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
            }
            if (local != null && !(local.getAddress().isAnyLocalAddress() && local.getPort() == 0)) {
                channel.bind(local);
            }
            channel.configureBlocking(false);
            ready = true;
            return channel;
        } finally {
            if (!ready) {
                channel.close();
            }
        }
    }

    /** True when the connection is up already; a refusal seen now fails the connect at once. */
    @Override
    protected boolean connect(SocketChannel handle, SocketAddress remoteAddress) throws Exception {
        return handle.connect(remoteAddress) || handle.finishConnect();
    }

    @Override
    protected boolean finishConnect(SocketChannel handle) throws Exception {
        if (!handle.finishConnect()) {
            return false;
        }
        SelectionKey key = handle.keyFor(selector);
        if (key != null) {
            key.cancel();
        }
        return true;
    }

    @Override
    protected NioSession newSession(IoProcessor<NioSession> processor, SocketChannel handle) throws Exception {
        return TunnelSession.of(this, processor, handle);
    }

    @Override
    protected void close(SocketChannel handle) throws Exception {
        SelectionKey key = handle.keyFor(selector);
        if (key != null) {
            key.cancel();
        }
        handle.close();
    }

    @Override
    protected void wakeup() {
        selector.wakeup();
    }

    @Override
    protected int select(int timeout) throws Exception {
        return selector.select(timeout);
    }

    @Override
    protected Iterator<SocketChannel> selectedHandles() {
        return new Channels(selector.selectedKeys().iterator());
    }

    @Override
    protected Iterator<SocketChannel> allHandles() {
        return new Channels(selector.keys().iterator());
    }

    @Override
    protected void register(SocketChannel handle, ConnectionRequest request) throws Exception {
        handle.register(selector, SelectionKey.OP_CONNECT, request);
    }

    @Override
    @SuppressWarnings("unchecked") // only register() attaches, and only this connector's requests
    protected ConnectionRequest getConnectionRequest(SocketChannel handle) {
        SelectionKey key = handle.keyFor(selector);
        if (key == null || !key.isValid()) {
            return null;
        }
        return (ConnectionRequest) key.attachment();
    }

    /** The channels of selection keys; removing one removes its key (MINA does for selected keys). */
    private static final class Channels implements Iterator<SocketChannel> {
        private final Iterator<SelectionKey> keys;

        Channels(Iterator<SelectionKey> keys) {
            this.keys = keys;
        }

        @Override
        public boolean hasNext() {
            return keys.hasNext();
        }

        @Override
        public SocketChannel next() {
            return (SocketChannel) keys.next().channel();
        }

        @Override
        public void remove() {
            keys.remove();
        }
    }
}
