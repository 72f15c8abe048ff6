package io.socksgate.server.internal.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import org.apache.mina.core.RuntimeIoException;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.file.FileRegion;
import org.apache.mina.core.service.DefaultTransportMetadata;
import org.apache.mina.core.service.IoProcessor;
import org.apache.mina.core.service.IoService;
import org.apache.mina.core.service.TransportMetadata;
import org.apache.mina.transport.socket.AbstractSocketSessionConfig;
import org.apache.mina.transport.socket.SocketSessionConfig;
import org.apache.mina.transport.socket.nio.NioProcessor;
import org.apache.mina.transport.socket.nio.NioSession;

/**
 * The MINA session of every TCP connection the engine accepts or opens, in place of MINA's
 * {@code NioSocketSession} (whose class is not public).
 *
 * <p>Why its own: MINA's session reaches the socket's addresses and options through the JDK's
 * socket adaptor ({@code SocketChannel.socket()}), which the channel then keeps for its whole
 * life: an adaptor, its placeholder implementation and its lock, about 96 bytes per connection
 * and so 192 per idle tunnel (docs/PERFORMANCE.md), made on every accept and connect. Here the
 * options go through the channel itself and the peer's address is the one the channel keeps.
 * The session also holds the I/O processor {@link TunnelProcessors} chose for it, which
 * otherwise takes an attribute, and has a {@link FilterlessChain} in place of MINA's filter chain.
 */
final class TunnelSession extends NioSession {

    static final TransportMetadata METADATA = new DefaultTransportMetadata(
            "socksgate",
            "socket",
            false,
            true,
            InetSocketAddress.class,
            SocketSessionConfig.class,
            IoBuffer.class,
            FileRegion.class);

    /**
     * The two ends, kept because a closed channel no longer tells them and a session is still
     * described after its close (the access log, the closed event, work finishing on other
     * threads); the channel's own objects, so keeping them costs no copies.
     */
    private final InetSocketAddress remote;

    private final InetSocketAddress local;
    /** The processor {@link TunnelProcessors} picked, once picked; the same for the session's life. */
    private volatile NioProcessor assigned;
    /** A read found the end of the peer's stream; written and read on the I/O thread. */
    private volatile boolean inputEnded;

    TunnelSession(IoService service, IoProcessor<NioSession> processor, SocketChannel channel) throws IOException {
        super(processor, service, channel);
        MinaInternals.replaceFilterChain(this, new FilterlessChain(this));
        remote = (InetSocketAddress) channel.getRemoteAddress();
        local = (InetSocketAddress) channel.getLocalAddress();
        config = new Options();
        config.setAll(service.getSessionConfig());
    }

    /** MINA's session for {@code channel}; closes the channel when that fails. */
    static TunnelSession of(IoService service, IoProcessor<NioSession> processor, SocketChannel channel)
            throws IOException {
        try {
            return new TunnelSession(service, processor, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The processor this session runs on, or null before one is assigned. */
    NioProcessor assigned() {
        return assigned;
    }

    /** Assigns {@code processor} unless one is assigned already; returns the one that holds. */
    synchronized NioProcessor assignIfNone(NioProcessor processor) {
        if (assigned == null) {
            assigned = processor;
        }
        return assigned;
    }

    /** Called by the processor when a read finds the end of the peer's stream. */
    void inputEnded() {
        inputEnded = true;
    }

    /** Whether the peer's stream has ended and was read to its end: nothing unread is left. */
    boolean hasInputEnded() {
        return inputEnded;
    }

    @Override
    public SocketChannel getChannel() {
        return (SocketChannel) channel;
    }

    @Override
    public TransportMetadata getTransportMetadata() {
        return METADATA;
    }

    @Override
    public SocketSessionConfig getConfig() {
        return (SocketSessionConfig) config;
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return remote;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return local;
    }

    @Override
    public InetSocketAddress getServiceAddress() {
        return (InetSocketAddress) super.getServiceAddress();
    }

    /** The socket's options, read and set on the channel (never through the socket adaptor). */
    private final class Options extends AbstractSocketSessionConfig {

        private <T> T get(SocketOption<T> option) {
            try {
                return getChannel().getOption(option);
            } catch (IOException e) {
                throw new RuntimeIoException(e);
            }
        }

        private <T> void set(SocketOption<T> option, T value) {
            try {
                getChannel().setOption(option, value);
            } catch (IOException e) {
                throw new RuntimeIoException(e);
            }
        }

        @Override
        public boolean isKeepAlive() {
            return get(StandardSocketOptions.SO_KEEPALIVE);
        }

        @Override
        public void setKeepAlive(boolean on) {
            set(StandardSocketOptions.SO_KEEPALIVE, on);
        }

        /** Urgent data is not relayed (no channel option for it); always off, as the JDK's default. */
        @Override
        public boolean isOobInline() {
            return false;
        }

        @Override
        public void setOobInline(boolean on) {
            if (on) {
                throw new UnsupportedOperationException("out-of-band data is not relayed");
            }
        }

        @Override
        public boolean isReuseAddress() {
            return get(StandardSocketOptions.SO_REUSEADDR);
        }

        @Override
        public void setReuseAddress(boolean on) {
            set(StandardSocketOptions.SO_REUSEADDR, on);
        }

        @Override
        public int getSoLinger() {
            return get(StandardSocketOptions.SO_LINGER);
        }

        @Override
        public void setSoLinger(int seconds) {
            set(StandardSocketOptions.SO_LINGER, seconds);
        }

        @Override
        public boolean isTcpNoDelay() {
            return get(StandardSocketOptions.TCP_NODELAY);
        }

        @Override
        public void setTcpNoDelay(boolean on) {
            set(StandardSocketOptions.TCP_NODELAY, on);
        }

        @Override
        public int getTrafficClass() {
            return get(StandardSocketOptions.IP_TOS);
        }

        @Override
        public void setTrafficClass(int tos) {
            set(StandardSocketOptions.IP_TOS, tos);
        }

        @Override
        public int getSendBufferSize() {
            return get(StandardSocketOptions.SO_SNDBUF);
        }

        @Override
        public void setSendBufferSize(int size) {
            set(StandardSocketOptions.SO_SNDBUF, size);
        }

        /**
         * MINA's blocking reads ({@code IoSession.read()}) are not served: {@link FilterlessChain}
         * hands every event to the handler and keeps no read futures.
         */
        @Override
        public void setUseReadOperation(boolean on) {
            if (on) {
                throw new UnsupportedOperationException("tunnel sessions have no read operation");
            }
        }

        @Override
        public int getReceiveBufferSize() {
            return get(StandardSocketOptions.SO_RCVBUF);
        }

        @Override
        public void setReceiveBufferSize(int size) {
            set(StandardSocketOptions.SO_RCVBUF, size);
        }
    }
}
