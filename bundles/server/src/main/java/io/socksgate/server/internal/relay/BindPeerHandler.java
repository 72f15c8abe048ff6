package io.socksgate.server.internal.relay;

import io.socksgate.api.HostPort;
import io.socksgate.server.internal.exchange.Exchange;
import io.socksgate.server.internal.transport.BindAcceptor;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import org.apache.mina.core.session.IoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections arriving on BIND ports. The expected peer (from the address the client named, or
 * for the wildcard any peer the policy allows) becomes the tunnel's far side and the client gets
 * the second BIND reply with the peer's address; anyone else is closed and the BIND keeps waiting.
 */
public final class BindPeerHandler extends OutboundHandler {

    private static final Logger LOG = LoggerFactory.getLogger(BindPeerHandler.class);

    private final BindAcceptor binds;
    private final Executor blockingWork;

    public BindPeerHandler(BindAcceptor binds, Executor blockingWork) {
        this.binds = binds;
        this.blockingWork = blockingWork;
    }

    @Override
    public void sessionOpened(IoSession peer) {
        InetSocketAddress from = (InetSocketAddress) peer.getRemoteAddress();
        BindAcceptor.Waiting bind = binds.waitingFor(peer);
        if (bind == null) {
            peer.closeNow(); // the BIND ended just now
            return;
        }
        Exchange exchange = bind.exchange;
        String refusal = bind.refusal(from);
        if (refusal != null) {
            // Anyone may knock on a BIND port: INFO, not WARN, and the wait goes on.
            LOG.info("{} BIND: refused a connection from {}: {}", exchange.describe(), HostPort.of(from), refusal);
            peer.closeNow();
            return;
        }
        if (!bind.end()) {
            peer.closeNow();
            return;
        }
        blockingWork.execute(() -> binds.close(bind));
        exchange.attachOutbound(peer);
        // The second BIND reply carries the peer's address (RFC 1928 §6, SOCKS4 BIND).
        exchange.startRelay(from);
    }
}
