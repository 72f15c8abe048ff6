package io.socksgate.server.internal.exchange;

import io.socksgate.api.AuthenticationRequest;
import io.socksgate.api.Decision;
import io.socksgate.api.HostPort;
import io.socksgate.api.PolicyService;
import io.socksgate.api.ProxyRequest;
import io.socksgate.server.internal.auth.Authentication;
import io.socksgate.server.internal.dial.Dialer;
import io.socksgate.server.internal.dial.upstream.Hop;
import io.socksgate.server.internal.dial.upstream.Resolution;
import io.socksgate.server.internal.dial.upstream.Route;
import io.socksgate.server.internal.dial.upstream.RouteDialer;
import io.socksgate.server.internal.dial.upstream.UpstreamTable;
import io.socksgate.server.internal.limit.LimitTable;
import io.socksgate.server.internal.transport.ProxyEngine;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;

/**
 * The steps every front-end's request goes through once it is decoded: authenticate (through
 * the one authenticator chain and login throttle), decide (the policy, with denials reported),
 * dial (resolve once, check that address, connect) and hand the far side to the relay.
 */
public final class Pipeline {

    private final ProxyEngine engine;
    private final PolicyService policy;
    private final Authentication authentication;
    private final Dialer dialer;
    private final RouteDialer routeDialer;
    private final Supplier<UpstreamTable> upstreams;
    private final Supplier<LimitTable> limits;

    /** A pipeline without upstreams and limits: requests go direct, those a rule routes are refused. */
    public Pipeline(ProxyEngine engine, PolicyService policy, Authentication authentication) {
        this(engine, policy, authentication, () -> null, () -> null);
    }

    /**
     * @param upstreams the upstreams rules route through (null or empty: requests go direct, and
     *     those a rule routes through upstreams are refused)
     * @param limits the bandwidth limits (null: none)
     */
    public Pipeline(
            ProxyEngine engine,
            PolicyService policy,
            Authentication authentication,
            Supplier<UpstreamTable> upstreams,
            Supplier<LimitTable> limits) {
        this.engine = engine;
        this.policy = policy;
        this.authentication = authentication;
        this.dialer = new Dialer(engine);
        this.routeDialer = new RouteDialer(engine);
        this.upstreams = upstreams;
        this.limits = limits;
    }

    public ProxyEngine engine() {
        return engine;
    }

    public PolicyService policy() {
        return policy;
    }

    /**
     * Checks a user name and password off the I/O thread (the password array is wiped here);
     * on success the exchange has its user. The future completes on the blocking executor and
     * never exceptionally.
     */
    public CompletableFuture<Boolean> authenticate(Exchange exchange, String username, char[] password) {
        AuthenticationRequest request = new AuthenticationRequest(
                exchange.settings().name(), exchange.settings().realm(), exchange.clientAddress(), username, password);
        Arrays.fill(password, '\0');
        return authentication.authenticate(request, engine.blockingWork()).thenApply(verdict -> {
            if (verdict.isSuccess()) {
                exchange.authenticatedUser(verdict.user(), verdict.roles());
                return true;
            }
            exchange.counters().authFailures.increment();
            return false;
        });
    }

    /**
     * Asks the policy; a denial is counted and reported (access log, listeners) here.
     *
     * @return why the request is refused, or null when it is allowed
     */
    public String refusal(Exchange exchange, ProxyRequest request) {
        return report(exchange, request, policy.evaluate(request));
    }

    /**
     * Records the decision on the exchange, with the bandwidth limits that apply to an allowed
     * request; a denial, or a limit's used-up quota, is counted and reported. Null when allowed.
     */
    private String report(Exchange exchange, ProxyRequest request, Decision decision) {
        if (decision.allowed()) {
            LimitTable table = limits.get();
            try {
                exchange.limits(table == null ? null : table.admit(request, exchange.id()));
            } catch (LimitTable.QuotaUsedUp usedUp) {
                // Logged and answered as a denial by a rule is: the access log names the limit.
                Decision refused = new Decision("limit:" + usedUp.limit(), Decision.Action.DENY);
                exchange.decided(refused);
                exchange.counters().denied.increment();
                exchange.events().denied(exchange, refused);
                return usedUp.getMessage();
            }
            exchange.decided(decision);
            return null;
        }
        exchange.decided(decision);
        exchange.counters().denied.increment();
        exchange.events().denied(exchange, decision);
        return "denied by rule " + decision.rule();
    }

    /**
     * CONNECT: resolves the destination once, has the policy check exactly that address, and
     * connects, directly or along the route of the rule that allowed it; the relay starts when the
     * far side opens, a failure is refused in the client's protocol. Callable from any thread.
     */
    public void connect(Exchange exchange) {
        if (exchange.clientGone()) {
            return; // left while its login was checked: nothing is connected for it
        }
        UpstreamTable table = upstreams.get();
        if (table == null || table.isEmpty()) {
            connectDirect(exchange); // no upstream in use: a route is refused there unless it ends with direct
            return;
        }
        exchange.phase(Exchange.Phase.CONNECTING);
        HostPort destination = exchange.destination();
        if (!destination.isName()) {
            decideThenDial(exchange, table, destination.address());
            return;
        }
        try {
            engine.blockingWork().execute(() -> decideThenDial(exchange, table, resolveOrNull(destination.name())));
        } catch (RejectedExecutionException e) {
            exchange.refuse(Failure.LIMIT_REACHED, "resolver queue full");
        }
    }

    private static InetAddress resolveOrNull(String name) {
        try {
            return Dialer.resolve(name)[0];
        } catch (UnknownHostException e) {
            return null; // decided on the name alone: an upstream with resolve = remote may still reach it
        }
    }

    /**
     * With upstreams in use the route must be known before dialing, so the rules decide first, on
     * the address the name resolved to (or the name alone when it does not resolve here); that
     * address is then connected to, or sent to the route's upstreams.
     */
    private void decideThenDial(Exchange exchange, UpstreamTable table, InetAddress address) {
        if (exchange.clientGone()) {
            return; // left during the lookup
        }
        HostPort destination = exchange.destination();
        ProxyRequest request = exchange.request(destination.isName() ? address : null);
        Decision decision = policy.evaluate(request);
        String refusal = report(exchange, request, decision);
        if (refusal != null) {
            exchange.refuse(Failure.DENIED, refusal);
            return;
        }
        if (decision.route().isEmpty()) {
            if (address == null) {
                exchange.refuse(Failure.HOST_UNREACHABLE, "cannot resolve " + destination.name());
                return;
            }
            dial(exchange, HostPort.of(address, destination.port()), target -> null); // decided above
            return;
        }
        Route route = table.route(decision.route());
        if (route == null) {
            exchange.refuse(Failure.LIMIT_REACHED, noUpstreamInUse(decision));
            return;
        }
        boolean allLocal = route.upstreams().stream().allMatch(u -> u.settings().resolve() == Resolution.LOCAL);
        HostPort sent = destination.isName() && address != null && allLocal
                ? HostPort.of(address, destination.port()) // exactly the address the rules checked
                : destination;
        connect(exchange, route, sent, decidedGate(exchange, address));
    }

    /**
     * For the route's dialer: the address decided on, an IP destination and a name sent unresolved
     * ({@code resolve = remote}) pass; an address the dialer resolved itself (a route mixing both
     * resolve settings) is decided too, without counting a second hit.
     */
    private Dialer.Gate decidedGate(Exchange exchange, InetAddress decided) {
        return target -> {
            if (target.isUnresolved()
                    || !exchange.destination().isName()
                    || target.getAddress().equals(decided)) {
                return null;
            }
            Decision decision =
                    policy.explain(exchange.request(target.getAddress())).decision();
            return decision.allowed()
                    ? null
                    : Dialer.Refusal.denied(
                            "denied by rule " + decision.rule() + " for " + HostPort.addressText(target.getAddress()));
        };
    }

    /**
     * CONNECT without upstreams in use: the dialer resolves once and the rules check that address.
     * A rule that allows it through upstreams cannot be followed then (its only upstream removed,
     * a name mistyped): refused as when all of a route's upstreams are down, never sent direct;
     * unless the route itself ends with direct.
     */
    private void connectDirect(Exchange exchange) {
        exchange.phase(Exchange.Phase.CONNECTING);
        dial(exchange, exchange.destination(), target -> {
            ProxyRequest request = requestTo(exchange, target);
            Decision decision = policy.evaluate(request);
            Dialer.Refusal denied = Dialer.Refusal.denied(report(exchange, request, decision));
            if (denied != null || decision.route().isEmpty() || decision.route().contains(Decision.DIRECT)) {
                return denied;
            }
            return new Dialer.Refusal(Failure.LIMIT_REACHED, noUpstreamInUse(decision));
        });
    }

    /** The request the rules decide for {@code target}: a name with the address it resolved to. */
    private static ProxyRequest requestTo(Exchange exchange, InetSocketAddress target) {
        return exchange.request(exchange.destination().isName() ? target.getAddress() : null);
    }

    private static String noUpstreamInUse(Decision decision) {
        return "no upstream of the route " + decision.route() + " is in use (socks:upstream-list)";
    }

    private void dial(Exchange exchange, HostPort destination, Dialer.Gate gate) {
        exchange.dialing(dialer.dial(destination, exchange.settings().connectTimeout(), gate, new Dialer.Callback() {
            @Override
            public void connected(IoSession outbound) {
                engine.pinToClient(outbound, exchange.client());
                exchange.attachOutbound(outbound);
            }

            @Override
            public void failed(Failure failure, String reason) {
                exchange.refuse(failure, reason);
            }
        }));
    }

    /**
     * CONNECT along {@code route}: through its upstreams' servers, then directly when the route
     * ends with direct. The client's reply waits until a server's handshake has succeeded (its
     * early bytes are kept meanwhile, as for a direct connect); bytes the upstream sent right
     * after its success reply reach the client after that reply. Every server of every upstream
     * down or failed, without direct: LIMIT_REACHED (SOCKS 01, HTTP 503). Callable from any
     * thread.
     */
    public void connect(Exchange exchange, Route route) {
        exchange.phase(Exchange.Phase.CONNECTING);
        connect(exchange, route, exchange.destination(), gate(exchange));
    }

    private void connect(Exchange exchange, Route route, HostPort sent, Dialer.Gate gate) {
        exchange.dialing(routeDialer.dial(
                sent,
                route,
                exchange.clientAddress().getAddress(),
                exchange.settings().connectTimeout(),
                gate,
                new RouteDialer.Callback() {
                    @Override
                    public void placing(IoSession outbound) {
                        engine.pinToClient(outbound, exchange.client());
                    }

                    @Override
                    public void connected(IoSession outbound, Hop hop, IoBuffer leftover) {
                        exchange.attachOutbound(outbound);
                        exchange.startRelay((InetSocketAddress) outbound.getLocalAddress(), leftover);
                    }

                    @Override
                    public void failed(Failure failure, String reason) {
                        exchange.refuse(failure, reason);
                    }

                    @Override
                    public void allDown(String reason) {
                        exchange.refuse(Failure.LIMIT_REACHED, reason);
                    }
                }));
    }

    /**
     * The rules' check of the exact address connected to (or sent upstream): with the address a
     * name resolved to; a name sent unresolved to an upstream ({@code resolve = remote}) has no
     * address, so the rules see the name alone.
     */
    private Dialer.Gate gate(Exchange exchange) {
        return target -> Dialer.Refusal.denied(refusal(exchange, requestTo(exchange, target)));
    }
}
