package io.socksgate.server.internal.relay;

import io.socksgate.server.internal.exchange.Exchange;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events of a tunnel's far side, the connection to the destination (or the BIND peer), handed to
 * its {@link Exchange}.
 */
public class OutboundHandler extends IoHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundHandler.class);

    @Override
    public void sessionOpened(IoSession session) {
        OutboundPreamble preamble = OutboundPreamble.of(session);
        if (preamble != null) {
            preamble.opened(session); // the relay starts when the preamble hands the session over
            return;
        }
        Exchange exchange = Exchange.of(session);
        // CONNECT tells the client the proxy's address for the outbound connection (RFC 1928 §6).
        exchange.startRelay((InetSocketAddress) session.getLocalAddress());
    }

    @Override
    public void messageReceived(IoSession session, Object message) {
        OutboundPreamble preamble = OutboundPreamble.of(session);
        if (preamble != null) {
            preamble.received(session, (IoBuffer) message);
            return;
        }
        Exchange.of(session).fromOutbound((IoBuffer) message);
    }

    @Override
    public void messageSent(IoSession session, Object message) {
        if (OutboundPreamble.of(session) != null) {
            return; // the preamble's own messages, not relayed bytes
        }
        Exchange.of(session).sentToOutbound();
    }

    @Override
    public void inputClosed(IoSession session) {
        OutboundPreamble preamble = OutboundPreamble.of(session);
        if (preamble != null) {
            preamble.closed(session);
            session.closeNow();
            return;
        }
        Exchange.of(session).outboundInputClosed();
    }

    @Override
    public void sessionClosed(IoSession session) {
        OutboundPreamble preamble = OutboundPreamble.of(session);
        if (preamble != null) {
            preamble.closed(session); // a server that went away mid-handshake is not the tunnel's end
            return;
        }
        Exchange exchange = Exchange.of(session);
        if (exchange != null) {
            exchange.client().closeOnFlush();
        }
    }

    @Override
    public void exceptionCaught(IoSession session, Throwable cause) {
        OutboundPreamble preamble = OutboundPreamble.of(session);
        if (preamble != null) {
            preamble.failed(session, cause);
            session.closeNow();
            return;
        }
        Exchange exchange = Exchange.of(session);
        String who = exchange == null ? String.valueOf(session.getRemoteAddress()) : exchange.describe();
        if (cause instanceof IOException) {
            LOG.debug("{} far side failed: {}", who, cause.toString());
        } else {
            LOG.warn("{} unexpected error on the far side", who, cause);
        }
        session.closeNow();
    }
}
