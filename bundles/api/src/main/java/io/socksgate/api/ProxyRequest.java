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
 */
public record ProxyRequest(
        String listener,
        Protocol protocol,
        Command command,
        InetSocketAddress client,
        String user,
        Set<String> roles,
        HostPort destination,
        InetAddress resolved) {

    public ProxyRequest {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(destination, "destination");
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    /** The address the request goes to: the destination's own, or the one its name resolved to. */
    public InetAddress targetAddress() {
        return destination.isName() ? resolved : destination.address();
    }
}
