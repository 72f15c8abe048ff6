package io.socksgate.api;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Set;

/**
 * A complete client request, as the policy and session listeners see it.
 *
 * @param listener name of the listener that accepted the client
 * @param protocol the protocol the client spoke
 * @param command what the client asked for
 * @param client the client's address and port
 * @param user the authenticated user, {@code null} when anonymous (a SOCKS4 user id is not
 *     authenticated, so it is not a user here)
 * @param roles the authenticated user's roles and groups, empty when anonymous
 * @param destination the destination as the client named it
 * @param resolved the address a named destination resolved to (the proxy connects to exactly
 *     this one), or {@code null} when the destination is an address or was not resolved
 * @param deferredDestination true when the request names no destination to decide now, because
 *     each one is decided on its own once it is known: a UDP ASSOCIATE (its DST is the client's
 *     own announced address; every datagram's destination is decided) and a BIND for any peer
 *     ({@code 0.0.0.0} or {@code ::}; the peer that connects is decided). Always true for such a
 *     BIND. The policy then does not compare {@code destination}: a rule that names destinations
 *     allows such a request when its other criteria match, and does not deny it.
 */
public record ProxyRequest(
        String listener,
        Protocol protocol,
        Command command,
        InetSocketAddress client,
        String user,
        Set<String> roles,
        HostPort destination,
        InetAddress resolved,
        boolean deferredDestination) {

    public ProxyRequest {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(destination, "destination");
        roles = roles == null ? Set.of() : Set.copyOf(roles);
        deferredDestination = deferredDestination || isBindForAnyPeer(command, destination);
    }

    /** A request whose destination is decided now (the BIND for any peer excepted, see above). */
    public ProxyRequest(
            String listener,
            Protocol protocol,
            Command command,
            InetSocketAddress client,
            String user,
            Set<String> roles,
            HostPort destination,
            InetAddress resolved) {
        this(listener, protocol, command, client, user, roles, destination, resolved, false);
    }

    /** The address the request goes to: the destination's own, or the one its name resolved to. */
    public InetAddress targetAddress() {
        return destination.isName() ? resolved : destination.address();
    }

    /** DESIGN: for BIND the destination is the expected peer, and the wildcard means any peer. */
    private static boolean isBindForAnyPeer(Command command, HostPort destination) {
        return command == Command.BIND
                && !destination.isName()
                && destination.address().isAnyLocalAddress();
    }
}
