package io.socksgate.bench.client;

import io.socksgate.api.HostPort;
import java.net.InetSocketAddress;

/**
 * Where a measurement's connections go: straight to the server ({@code direct}), through a
 * SOCKS5 proxy (optionally with RFC 1929 credentials) or an HTTP CONNECT proxy, or to a TCP
 * forwarder that relays every connection to one fixed destination without a handshake (HAProxy
 * in {@code mode tcp}: the socket work of a relay with no protocol of its own).
 *
 * @param protocol how the tunnel is asked for
 * @param proxy the proxy's or forwarder's address; null for {@link Protocol#DIRECT}
 * @param user RFC 1929 username, or null for no authentication (always null for HTTP CONNECT)
 * @param password RFC 1929 password, or null
 */
public record ProxyTarget(Protocol protocol, InetSocketAddress proxy, String user, String password) {

    /** How a client asks for a tunnel. */
    public enum Protocol {
        DIRECT,
        SOCKS5,
        HTTP_CONNECT,
        FORWARD
    }

    public static ProxyTarget direct() {
        return new ProxyTarget(Protocol.DIRECT, null, null, null);
    }

    /** {@code spec} is {@code host:port}, or {@code direct}. */
    public static ProxyTarget socks5(String spec, String user, String password) {
        return spec.equals("direct") ? direct() : new ProxyTarget(Protocol.SOCKS5, address(spec), user, password);
    }

    public static ProxyTarget httpConnect(String spec) {
        return new ProxyTarget(Protocol.HTTP_CONNECT, address(spec), null, null);
    }

    /** A forwarder at {@code spec} ({@code host:port}) that relays to the row's destination itself. */
    public static ProxyTarget forward(String spec) {
        return new ProxyTarget(Protocol.FORWARD, address(spec), null, null);
    }

    public boolean isDirect() {
        return protocol == Protocol.DIRECT;
    }

    public boolean authenticates() {
        return user != null;
    }

    /** The address a client connects to: the proxy, or the destination itself when direct. */
    public InetSocketAddress firstHop(InetSocketAddress destination) {
        return isDirect() ? destination : proxy;
    }

    /** A fresh client handshake (state machine) that asks for a TCP tunnel to {@code destination}. */
    public ClientHandshake connectHandshake(InetSocketAddress destination) {
        return switch (protocol) {
            case DIRECT, FORWARD -> DirectHandshake.INSTANCE;
            case SOCKS5 -> Socks5Handshake.connect(this, HostPort.of(destination));
            case HTTP_CONNECT -> new HttpConnectHandshake(HostPort.of(destination));
        };
    }

    private static InetSocketAddress address(String spec) {
        int colon = spec.lastIndexOf(':');
        return new InetSocketAddress(spec.substring(0, colon), Integer.parseInt(spec.substring(colon + 1)));
    }
}
