package io.socksgate.server.internal;

import io.socksgate.api.Command;
import io.socksgate.api.Decision;
import io.socksgate.api.HostPort;
import io.socksgate.api.PolicyService;
import io.socksgate.api.ProxyRequest;
import io.socksgate.api.UdpAssociation;
import io.socksgate.api.UdpAssociationLimitException;
import io.socksgate.api.UdpAssociationRequest;
import io.socksgate.api.UdpPortsExhaustedException;
import io.socksgate.api.UdpRelay;
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
import org.apache.mina.core.session.IoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Carries out a complete request: CONNECT dials the destination, BIND waits for a peer. */
final class Commands {

    private static final Logger LOG = LoggerFactory.getLogger(Commands.class);

    private final ProxyEngine engine;
    private final PolicyService policy;
    private final Supplier<UdpRelay> udpRelay;
    private final Dialer dialer;

    Commands(ProxyEngine engine, PolicyService policy, Supplier<UdpRelay> udpRelay) {
        this.engine = engine;
        this.policy = policy;
        this.udpRelay = udpRelay;
        this.dialer = new Dialer(engine);
    }

    /**
     * Runs the request decoded into {@code proxy}; {@code rest} holds bytes that came after it.
     * Called on the client's I/O thread.
     */
    void execute(ProxySession proxy, IoBuffer rest) {
        proxy.cancelHandshakeDeadline();
        Command command = proxy.command;
        if (command == Command.CONNECT && proxy.destination.port() == 0) {
            refuse(proxy, Failure.GENERAL, "port 0");
            return;
        }
        proxy.phase = ProxySession.Phase.CONNECTING;
        proxy.keepEarlyData(rest); // bytes that came with the request wait for the tunnel
        switch (command) {
            case CONNECT -> connect(proxy);
            case BIND -> bind(proxy);
            case UDP_ASSOCIATE -> udp(proxy);
        }
    }

    /** The client went away: release what its request still holds. */
    void abandon(ProxySession proxy) {
        Dialer.Attempt attempt = proxy.dialing;
        if (attempt != null) {
            attempt.abandon();
        }
        BindAcceptor.Waiting bind = proxy.binding;
        if (bind != null && bind.end()) {
            release(bind);
        }
        UdpAssociation association = proxy.association;
        if (association != null) {
            association.close(); // never blocks: the relay releases its port on its own thread
        }
    }

    /** Logs why, answers with {@code failure} in the client's protocol, and closes. */
    static void refuse(ProxySession proxy, Failure failure, String why) {
        proxy.failure = failure;
        String request = proxy.command == null ? "request" : proxy.command + " " + proxy.destination;
        LOG.info(
                "{} {} refused: {}; replied {}",
                proxy.describe(),
                request,
                why,
                Replies.describe(proxy.protocol, failure));
        proxy.client.write(Replies.failure(proxy.protocol, failure));
        proxy.client.closeOnFlush();
    }

    /**
     * Asks the policy; a denial is reported (access log, listeners) here.
     *
     * @return why the request is refused, or null when it is allowed
     */
    private String refusal(ProxySession proxy, InetAddress resolved) {
        return refusal(proxy, proxy.request(resolved));
    }

    private String refusal(ProxySession proxy, ProxyRequest request) {
        Decision decision = policy.evaluate(request);
        proxy.rule = decision.rule();
        if (decision.allowed()) {
            return null;
        }
        proxy.denied = true;
        proxy.counters.denied.increment();
        proxy.events.denied(proxy, decision);
        return "denied by rule " + decision.rule();
    }

    private void connect(ProxySession proxy) {
        Dialer.Gate gate = target -> refusal(proxy, proxy.destination.isName() ? target.getAddress() : null);
        proxy.dialing = dialer.dial(proxy.destination, proxy.settings.connectTimeout(), gate, new Dialer.Callback() {
            @Override
            public void connected(IoSession outbound) {
                engine.pinToClient(outbound, proxy.client);
                proxy.attachOutbound(outbound);
            }

            @Override
            public void failed(Failure failure, String reason) {
                refuse(proxy, failure, reason);
            }
        });
    }

    private void bind(ProxySession proxy) {
        // The BIND port is opened on the address the client reached this listener on.
        InetAddress on = ((InetSocketAddress) proxy.client.getLocalAddress()).getAddress();
        try {
            engine.blockingWork().execute(() -> openBindPort(proxy, on));
        } catch (RejectedExecutionException e) {
            refuse(proxy, Failure.LIMIT_REACHED, "blocking executor full");
        }
    }

    /** On the blocking executor: resolve the expected peer, bind a port, send the first reply. */
    private void openBindPort(ProxySession proxy, InetAddress on) {
        Set<InetAddress> expectedPeers;
        try {
            expectedPeers = expectedPeers(proxy.destination);
        } catch (UnknownHostException e) {
            refuse(proxy, Failure.HOST_UNREACHABLE, "cannot resolve " + proxy.destination.name());
            return;
        }
        InetAddress resolved =
                proxy.destination.isName() ? expectedPeers.iterator().next() : null;
        String refusal = refusal(proxy, resolved);
        if (refusal != null) {
            refuse(proxy, Failure.DENIED, refusal);
            return;
        }
        BindAcceptor.Waiting bind = new BindAcceptor.Waiting(proxy, peerCheck(proxy, expectedPeers));
        proxy.binding = bind;
        InetSocketAddress port;
        try {
            port = engine.binds().open(on, bind);
        } catch (IOException | RuntimeException e) {
            bind.end();
            refuse(proxy, Failure.GENERAL, "cannot open a BIND port: " + e.getMessage());
            return;
        }
        // The first reply tells where to connect; the port takes its peer from this moment.
        engine.binds().await(bind, () -> proxy.client.write(Replies.success(proxy.protocol, port)));
        long millis = proxy.settings.bindTimeout().toMillis();
        bind.deadline = engine.timers().schedule(() -> bindExpired(proxy, bind), millis, TimeUnit.MILLISECONDS);
        if (bind.hasEnded()) {
            engine.binds().close(bind); // the client left while the port was being opened
        }
        LOG.debug(
                "{} BIND waiting on {} for {}",
                proxy.describe(),
                port,
                expectedPeers == null ? "any peer" : expectedPeers);
    }

    private void bindExpired(ProxySession proxy, BindAcceptor.Waiting bind) {
        if (bind.end()) {
            release(bind);
            refuse(
                    proxy,
                    Failure.TIMED_OUT,
                    "no peer within timeout.bind="
                            + proxy.settings.bindTimeout().toSeconds() + "s");
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
    private BindAcceptor.PeerCheck peerCheck(ProxySession proxy, Set<InetAddress> expectedPeers) {
        if (expectedPeers != null) {
            return peer -> expectedPeers.contains(peer.getAddress()) ? null : "not the address the client named";
        }
        return peer -> {
            Decision decision = policy.evaluate(proxy.request(Command.BIND, HostPort.of(peer), null, false));
            return decision.allowed() ? null : "denied by rule " + decision.rule();
        };
    }

    private void udp(ProxySession proxy) {
        // The association itself is decided first: who asks, not where datagrams go (its DST is
        // the client's own announced address; each datagram's destination is decided later).
        String refusal = refusal(proxy, proxy.request(Command.UDP_ASSOCIATE, proxy.destination, null, true));
        if (refusal != null) {
            refuse(proxy, Failure.DENIED, refusal);
            return;
        }
        UdpRelay relay = udpRelay.get();
        if (relay == null) {
            refuse(proxy, Failure.UNSUPPORTED, "the UDP relay is not running");
            return;
        }
        try {
            engine.blockingWork().execute(() -> openAssociation(proxy, relay));
        } catch (RejectedExecutionException e) {
            refuse(proxy, Failure.LIMIT_REACHED, "blocking executor full");
        }
    }

    /**
     * On the blocking executor (binding a relay port blocks): open the association, answer with
     * its address, and tie its life to the TCP connection both ways.
     */
    private void openAssociation(ProxySession proxy, UdpRelay relay) {
        UdpAssociation association;
        try {
            association = relay.open(new UdpAssociationRequest(
                    proxy.describe(),
                    (InetSocketAddress) proxy.client.getRemoteAddress(),
                    ((InetSocketAddress) proxy.client.getLocalAddress()).getAddress(),
                    proxy.destination,
                    (requested, resolved) -> udpAllowed(proxy, requested, resolved)));
        } catch (UdpAssociationLimitException e) {
            refuse(proxy, Failure.LIMIT_REACHED, "client at max.associations.per.client: " + e.getMessage());
            return;
        } catch (UdpPortsExhaustedException e) {
            refuse(proxy, Failure.LIMIT_REACHED, "no free UDP relay port: " + e.getMessage());
            return;
        } catch (IOException | RuntimeException e) {
            refuse(proxy, Failure.GENERAL, "cannot open a UDP relay port: " + e.getMessage());
            return;
        }
        proxy.association = association;
        if (proxy.client.isClosing()) {
            association.close(); // the client left while the port was being opened
            return;
        }
        association.onEnd(proxy.client::closeNow); // idle timeout: the control connection goes too
        proxy.wasOpened = true;
        proxy.replyThen(Replies.success(proxy.protocol, association.advertisedAddress()), () -> {
            proxy.phase = ProxySession.Phase.UDP_ASSOCIATED;
            proxy.client.resumeRead(); // to see the client's FIN or close
            proxy.events.opened(proxy);
        });
    }

    /** Every datagram destination is decided by the policy as command udp. */
    private boolean udpAllowed(ProxySession proxy, HostPort requested, InetSocketAddress resolved) {
        ProxyRequest request = proxy.request(
                Command.UDP_ASSOCIATE, requested, requested.isName() ? resolved.getAddress() : null, false);
        return policy.evaluate(request).allowed();
    }

    /** The addresses a BIND peer may come from; null means any (the client named 0.0.0.0 or ::). */
    static Set<InetAddress> expectedPeers(HostPort named) throws UnknownHostException {
        if (named.isName()) {
            return new HashSet<>(Arrays.asList(InetAddress.getAllByName(named.name())));
        }
        return named.address().isAnyLocalAddress() ? null : Set.of(named.address());
    }
}
