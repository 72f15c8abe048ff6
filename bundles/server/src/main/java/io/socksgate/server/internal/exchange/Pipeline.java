package io.socksgate.server.internal.exchange;

import io.socksgate.api.AuthenticationRequest;
import io.socksgate.api.Decision;
import io.socksgate.api.PolicyService;
import io.socksgate.api.ProxyRequest;
import io.socksgate.server.internal.auth.Authentication;
import io.socksgate.server.internal.dial.Dialer;
import io.socksgate.server.internal.dial.upstream.Hop;
import io.socksgate.server.internal.dial.upstream.Route;
import io.socksgate.server.internal.dial.upstream.RouteDialer;
import io.socksgate.server.internal.transport.ProxyEngine;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
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

    public Pipeline(ProxyEngine engine, PolicyService policy, Authentication authentication) {
        this.engine = engine;
        this.policy = policy;
        this.authentication = authentication;
        this.dialer = new Dialer(engine);
        this.routeDialer = new RouteDialer(engine);
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
        Decision decision = policy.evaluate(request);
        if (decision.allowed()) {
            exchange.decided(decision.rule(), false);
            return null;
        }
        exchange.decided(decision.rule(), true);
        exchange.counters().denied.increment();
        exchange.events().denied(exchange, decision);
        return "denied by rule " + decision.rule();
    }

    /**
     * CONNECT: resolves the destination once, has the policy check exactly that address, and
     * connects; the relay starts when the far side opens, a failure is refused in the client's
     * protocol. Callable from any thread.
     */
    public void connect(Exchange exchange) {
        exchange.phase(Exchange.Phase.CONNECTING);
        Dialer.Gate gate = gate(exchange);
        exchange.dialing(
                dialer.dial(exchange.destination(), exchange.settings().connectTimeout(), gate, new Dialer.Callback() {
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
        exchange.dialing(routeDialer.dial(
                exchange.destination(),
                route,
                exchange.clientAddress().getAddress(),
                exchange.settings().connectTimeout(),
                gate(exchange),
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
        return target ->
                refusal(exchange, exchange.request(exchange.destination().isName() ? target.getAddress() : null));
    }
}
