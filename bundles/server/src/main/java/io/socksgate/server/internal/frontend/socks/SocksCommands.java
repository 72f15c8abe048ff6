package io.socksgate.server.internal.frontend.socks;

import io.socksgate.api.Command;
import io.socksgate.api.Decision;
import io.socksgate.api.HostPort;
import io.socksgate.api.ProxyRequest;
import io.socksgate.api.UdpAssociation;
import io.socksgate.api.UdpAssociationLimitException;
import io.socksgate.api.UdpAssociationRequest;
import io.socksgate.api.UdpPortsExhaustedException;
import io.socksgate.api.UdpRelay;
import io.socksgate.server.internal.dial.Dialer;
import io.socksgate.server.internal.exchange.Exchange;
import io.socksgate.server.internal.exchange.Failure;
import io.socksgate.server.internal.exchange.Pipeline;
import io.socksgate.server.internal.transport.BindAcceptor;
import io.socksgate.server.internal.transport.ProxyEngine;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.mina.core.buffer.IoBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a complete SOCKS request: CONNECT through the {@link Pipeline}, BIND waits for a
 * peer on a fresh port, UDP ASSOCIATE opens a relay port.
 */
public final class SocksCommands {

    private static final Logger LOG = LoggerFactory.getLogger(SocksCommands.class);

    private final Pipeline pipeline;
    private final ProxyEngine engine;
    private final Supplier<UdpRelay> udpRelay;

    public SocksCommands(Pipeline pipeline, Supplier<UdpRelay> udpRelay) {
        this.pipeline = pipeline;
        this.engine = pipeline.engine();
        this.udpRelay = udpRelay;
    }

    /**
     * Runs the request decoded into {@code exchange}; {@code rest} holds bytes that came after it.
     * Called on the client's I/O thread.
     */
    void execute(Exchange exchange, IoBuffer rest) {
        exchange.cancelHandshakeDeadline();
        Command command = exchange.command();
        if (command == Command.CONNECT && exchange.destination().port() == 0) {
            exchange.refuse(Failure.GENERAL, "port 0");
            return;
        }
        exchange.phase(Exchange.Phase.CONNECTING);
        exchange.keepEarlyData(rest); // bytes that came with the request wait for the tunnel
        switch (command) {
            case CONNECT -> pipeline.connect(exchange);
            case BIND -> bind(exchange);
            case UDP_ASSOCIATE -> udp(exchange);
        }
    }

    /** The client went away: release the BIND port or the association its request holds. */
    void abandon(Exchange exchange) {
        BindAcceptor.Waiting bind = exchange.binding();
        if (bind != null && bind.end()) {
            release(bind);
        }
        UdpAssociation association = exchange.association();
        if (association != null) {
            association.close(); // never blocks: the relay releases its port on its own thread
        }
    }

    private void bind(Exchange exchange) {
        // The BIND port is opened on the address the client reached this listener on.
        InetAddress on = ((InetSocketAddress) exchange.client().getLocalAddress()).getAddress();
        try {
            engine.blockingWork().execute(() -> openBindPort(exchange, on));
        } catch (RejectedExecutionException e) {
            exchange.refuse(Failure.LIMIT_REACHED, "blocking executor full");
        }
    }

    /** On the blocking executor: resolve the expected peer, bind a port, send the first reply. */
    private void openBindPort(Exchange exchange, InetAddress on) {
        if (exchange.clientGone()) {
            return; // left before its turn: no port, no decision to report
        }
        HostPort named = exchange.destination();
        Set<InetAddress> expectedPeers;
        try {
            expectedPeers = expectedPeers(named);
        } catch (UnknownHostException e) {
            exchange.refuse(Failure.HOST_UNREACHABLE, "cannot resolve " + named.name());
            return;
        }
        InetAddress resolved = named.isName() ? expectedPeers.iterator().next() : null;
        String refusal = pipeline.refusal(exchange, exchange.request(resolved));
        if (refusal != null) {
            exchange.refuse(Failure.DENIED, refusal);
            return;
        }
        BindAcceptor.Waiting bind = new BindAcceptor.Waiting(exchange, peerCheck(exchange, expectedPeers));
        exchange.binding(bind); // ends it when the client has left meanwhile
        if (bind.hasEnded()) {
            return;
        }
        InetSocketAddress port;
        try {
            port = engine.binds().open(on, bind);
        } catch (IOException | RuntimeException e) {
            bind.end();
            exchange.refuse(Failure.GENERAL, "cannot open a BIND port: " + e.getMessage());
            return;
        }
        // The first reply tells where to connect; the port takes its peer from this moment.
        engine.binds().await(bind, () -> exchange.client().write(SocksReplies.success(exchange.protocol(), port)));
        long millis = exchange.settings().bindTimeout().toMillis();
        bind.deadline = engine.timers().schedule(() -> bindExpired(exchange, bind), millis, TimeUnit.MILLISECONDS);
        if (bind.hasEnded()) {
            engine.binds().close(bind); // the client left while the port was being opened
        }
        LOG.debug(
                "{} BIND waiting on {} for {}",
                exchange.describe(),
                port,
                expectedPeers == null ? "any peer" : expectedPeers);
    }

    private void bindExpired(Exchange exchange, BindAcceptor.Waiting bind) {
        if (bind.end()) {
            release(bind);
            exchange.refuse(
                    Failure.TIMED_OUT,
                    "no peer within timeout.bind="
                            + exchange.settings().bindTimeout().toSeconds() + "s");
        }
    }

    private void release(BindAcceptor.Waiting bind) {
        try {
            engine.blockingWork().execute(() -> engine.binds().close(bind));
        } catch (RejectedExecutionException e) {
            engine.binds().close(bind); // never leak a port, even if this thread waits briefly
        }
    }

    /**
     * Who may complete the BIND: a peer from the address the client named (any address a named
     * host resolves to); for the wildcard, any peer the policy allows as BIND's destination, as
     * each datagram of an association is decided (the request itself named no destination).
     */
    private BindAcceptor.PeerCheck peerCheck(Exchange exchange, Set<InetAddress> expectedPeers) {
        if (expectedPeers != null) {
            return peer -> expectedPeers.contains(peer.getAddress()) ? null : "not the address the client named";
        }
        return peer -> {
            Decision decision =
                    pipeline.policy().evaluate(exchange.request(Command.BIND, HostPort.of(peer), null, false));
            return decision.allowed() ? null : "denied by rule " + decision.rule();
        };
    }

    private void udp(Exchange exchange) {
        // The association itself is decided first: who asks, not where datagrams go (its DST is
        // the client's own announced address; each datagram's destination is decided later).
        String refusal =
                pipeline.refusal(exchange, exchange.request(Command.UDP_ASSOCIATE, exchange.destination(), null, true));
        if (refusal != null) {
            exchange.refuse(Failure.DENIED, refusal);
            return;
        }
        UdpRelay relay = udpRelay.get();
        if (relay == null) {
            exchange.refuse(Failure.UNSUPPORTED, "the UDP relay is not running");
            return;
        }
        try {
            engine.blockingWork().execute(() -> openAssociation(exchange, relay));
        } catch (RejectedExecutionException e) {
            exchange.refuse(Failure.LIMIT_REACHED, "blocking executor full");
        }
    }

    /**
     * On the blocking executor (binding a relay port blocks): open the association, answer with
     * its address, and tie its life to the TCP connection both ways.
     */
    private void openAssociation(Exchange exchange, UdpRelay relay) {
        UdpAssociation association;
        try {
            association = relay.open(new UdpAssociationRequest(
                    exchange.describe(),
                    exchange.clientAddress(),
                    ((InetSocketAddress) exchange.client().getLocalAddress()).getAddress(),
                    exchange.destination(),
                    (requested, resolved) -> udpAllowed(exchange, requested, resolved),
                    exchange.udpBudget()));
        } catch (UdpAssociationLimitException e) {
            exchange.refuse(Failure.LIMIT_REACHED, "client at max.associations.per.client: " + e.getMessage());
            return;
        } catch (UdpPortsExhaustedException e) {
            exchange.refuse(Failure.LIMIT_REACHED, "no free UDP relay port: " + e.getMessage());
            return;
        } catch (IOException | RuntimeException e) {
            exchange.refuse(Failure.GENERAL, "cannot open a UDP relay port: " + e.getMessage());
            return;
        }
        exchange.association(association);
        if (exchange.client().isClosing()) {
            association.close(); // the client left while the port was being opened
            return;
        }
        association.onEnd(exchange.client()::closeNow); // idle timeout: the control connection goes too
        exchange.granted();
        exchange.replyThen(SocksReplies.success(exchange.protocol(), association.advertisedAddress()), () -> {
            exchange.associated();
            exchange.client().resumeRead(); // to see the client's FIN or close
            exchange.events().opened(exchange);
        });
    }

    /** Every datagram destination is decided by the policy as command udp. */
    private boolean udpAllowed(Exchange exchange, HostPort requested, InetSocketAddress resolved) {
        ProxyRequest request = exchange.request(
                Command.UDP_ASSOCIATE, requested, requested.isName() ? resolved.getAddress() : null, false);
        return pipeline.policy().evaluate(request).allowed();
    }

    /** The addresses a BIND peer may come from; null means any (the client named 0.0.0.0 or ::). */
    static Set<InetAddress> expectedPeers(HostPort named) throws UnknownHostException {
        if (named.isName()) {
            return new HashSet<>(Arrays.asList(Dialer.resolve(named.name())));
        }
        return named.address().isAnyLocalAddress() ? null : Set.of(named.address());
    }
}
