package io.socksgate.server.internal.frontend;

import io.socksgate.protocol.DecodeResult;
import io.socksgate.protocol.proxy.ProxyHeader;
import io.socksgate.server.internal.exchange.Exchange;
import io.socksgate.server.internal.log.CountedWarning;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.mina.core.buffer.IoBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PROXY protocol header a load balancer sends before its client's first byte, on a listener
 * with {@code proxy.protocol} on: only peers in {@code proxy.protocol.trusted} may send it, and
 * they must. The header is recognised by its signature and never guessed: anything else from a
 * trusted peer is closed, as is every untrusted peer, at once. A header naming a client makes that
 * client the exchange's client (rules, caps, throttle, logs, UDP pinning) and the peer its {@code
 * via}; a LOCAL or UNKNOWN header leaves the peer as the client.
 *
 * <p>The PROXY protocol has no error reply, so every failure is a log line and a close. Shared
 * by the clients of one listener; the bytes of a header split across reads wait in the exchange.
 */
public final class ProxyPreamble {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyPreamble.class);

    /**
     * Anyone can connect to a listener: a scan from untrusted addresses must not flood the log, so
     * refusals are counted (as connections over a session cap are).
     */
    private final CountedWarning untrusted;

    public ProxyPreamble(ScheduledExecutorService timers) {
        this.untrusted = new CountedWarning(LOG, Duration.ofSeconds(10), timers);
    }

    /**
     * Whether the exchange's peer may send a PROXY header; when not, the refusal is logged and the
     * caller closes the connection.
     */
    public boolean trusts(Exchange exchange) {
        InetSocketAddress peer = exchange.peerAddress();
        if (peer != null && exchange.settings().trustsProxy(peer.getAddress())) {
            return true;
        }
        untrusted.occurred(exchange.describe()
                + " closed: the listener expects a PROXY protocol header and the peer is not in"
                + " proxy.protocol.trusted");
        return false;
    }

    /**
     * Decodes the header from {@code bytes} (what was kept plus what just arrived), on the client's
     * I/O thread.
     *
     * @return true when the header is read: the exchange knows its client, and {@code bytes} is
     *     positioned after the header, at what the client sent next; false when more bytes are
     *     needed (kept in the exchange) or the header is malformed (logged, the connection closed)
     */
    public boolean read(Exchange exchange, IoBuffer bytes) {
        DecodeResult<ProxyHeader> result =
                exchange.settings().proxyHeaderDecoder().decode(bytes);
        if (result instanceof DecodeResult.Done<ProxyHeader> done) {
            exchange.proxied(done.message());
            LOG.debug(
                    "{} PROXY protocol {} header read",
                    exchange.describe(),
                    done.message().version());
            return true;
        }
        if (result instanceof DecodeResult.Failed<ProxyHeader> failed) {
            LOG.info(
                    "{} closed: malformed PROXY protocol header ({}): {}",
                    exchange.describe(),
                    failed.failure().reason(),
                    failed.failure().detail());
            exchange.client().closeNow();
            return false;
        }
        exchange.keepPending(bytes);
        return false;
    }
}
