package io.socksgate.server.internal;

import java.io.IOException;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Events of outbound (proxy to destination) connections, handed to their {@link ProxySession}. */
final class OutboundHandler extends IoHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundHandler.class);

    @Override
    public void sessionOpened(IoSession session) {
        ProxySession.of(session).startRelay();
    }

    @Override
    public void messageReceived(IoSession session, Object message) {
        ProxySession proxy = ProxySession.of(session);
        proxy.downstream.forward((IoBuffer) message);
    }

    @Override
    public void messageSent(IoSession session, Object message) {
        RelayDirection upstream = ProxySession.of(session).upstream;
        if (upstream != null) {
            upstream.sinkDrained();
        }
    }

    @Override
    public void inputClosed(IoSession session) {
        // The destination finished sending: deliver what is queued to the client, then close both.
        ProxySession proxy = ProxySession.of(session);
        proxy.client.closeOnFlush();
        session.closeOnFlush();
    }

    @Override
    public void sessionClosed(IoSession session) {
        ProxySession.of(session).client.closeOnFlush();
    }

    @Override
    public void exceptionCaught(IoSession session, Throwable cause) {
        ProxySession proxy = ProxySession.of(session);
        if (cause instanceof IOException) {
            LOG.debug("{} outbound connection failed: {}", proxy.describe(), cause.toString());
        } else {
            LOG.warn("{} unexpected error on the outbound connection", proxy.describe(), cause);
        }
        session.closeNow();
    }
}
