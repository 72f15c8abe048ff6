package io.socksgate.policy.internal;

import io.socksgate.api.Command;
import io.socksgate.api.HostPort;
import io.socksgate.api.Protocol;
import io.socksgate.api.ProxyRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Set;

/** Requests for matching tests, built like the server builds them. */
final class Requests {

    private Requests() {}

    static ProxyRequest connect(String client, String destination, int port) {
        return request(Command.CONNECT, client, destination, null, port, null, Set.of());
    }

    /** A host-name destination that resolved to {@code resolved}. */
    static ProxyRequest connectByName(String client, String name, String resolved, int port) {
        return request(Command.CONNECT, client, name, resolved, port, null, Set.of());
    }

    static ProxyRequest request(
            Command command,
            String client,
            String destination,
            String resolved,
            int port,
            String user,
            Set<String> roles) {
        HostPort target = resolved != null ? HostPort.ofName(destination, port) : HostPort.of(ip(destination), port);
        return new ProxyRequest(
                "default",
                Protocol.SOCKS5,
                command,
                new InetSocketAddress(ip(client), 40000),
                user,
                roles,
                target,
                resolved == null ? null : ip(resolved));
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // literals only: parsed, never looked up
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
