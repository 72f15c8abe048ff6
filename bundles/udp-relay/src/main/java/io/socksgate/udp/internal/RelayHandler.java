package io.socksgate.udp.internal;

import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.function.IntFunction;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.transport.socket.nio.NioSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each datagram that arrives on a relay port to the association owning the port, on the
 * acceptor's I/O thread.
 *
 * <p>The acceptor runs without session recycling (see {@link DatagramRelay}), so each datagram
 * comes in its own short-lived session, closed here as soon as the datagram is handled: MINA then
 * holds no per-peer state at all, and nothing can outlive an association.
 */
final class RelayHandler extends IoHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(RelayHandler.class);

    private final IntFunction<Association> associationOnPort;

    RelayHandler(IntFunction<Association> associationOnPort) {
        this.associationOnPort = associationOnPort;
    }

    @Override
    public void messageReceived(IoSession session, Object message) {
        try {
            int port = ((InetSocketAddress) session.getLocalAddress()).getPort();
            Association association = associationOnPort.apply(port);
            if (association != null) {
                DatagramChannel channel = (DatagramChannel) ((NioSession) session).getChannel();
                association.received((InetSocketAddress) session.getRemoteAddress(), (IoBuffer) message, channel);
            }
            // else: the port is being bound or released; the datagram has nowhere to go.
        } finally {
            ((IoBuffer) message).free();
            session.closeNow();
        }
    }

    @Override
    public void exceptionCaught(IoSession session, Throwable cause) {
        LOG.warn("UDP relay error on {} from {}", session.getLocalAddress(), session.getRemoteAddress(), cause);
        session.closeNow();
    }
}
