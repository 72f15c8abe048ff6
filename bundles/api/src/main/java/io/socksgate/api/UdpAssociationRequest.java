package io.socksgate.api;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * What the relay needs to open a UDP association for a SOCKS5 UDP ASSOCIATE request.
 *
 * @param sessionLabel how the owning session is named in log lines (for example its id and client)
 * @param client the remote address of the TCP control connection. Only its IP is trusted: the relay
 *     accepts client datagrams from this IP and no other.
 * @param listenerAddress the local address of the TCP control connection; the relay binds there
 *     when its configuration names no {@code bind} address
 * @param declaredClient DST.ADDR and DST.PORT of the UDP ASSOCIATE request. A non-zero port pins
 *     the client's UDP source port; the address (unless {@code 0.0.0.0} or {@code ::}) is only
 *     informative, datagrams are still accepted from the control connection's IP only.
 * @param check decides, per datagram, whether the client may send to a destination
 * @param budget the association's bandwidth budget, asked before each datagram is relayed;
 *     {@code null} when no limit applies
 * @since 1.3 ({@code budget})
 */
public record UdpAssociationRequest(
        String sessionLabel,
        InetSocketAddress client,
        InetAddress listenerAddress,
        HostPort declaredClient,
        UdpDestinationCheck check,
        UdpBudget budget) {

    public UdpAssociationRequest {
        Objects.requireNonNull(sessionLabel, "sessionLabel");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(client.getAddress(), "client address (unresolved)");
        Objects.requireNonNull(listenerAddress, "listenerAddress");
        Objects.requireNonNull(declaredClient, "declaredClient");
        Objects.requireNonNull(check, "check");
    }

    /** An association no bandwidth limit applies to: the 1.0 signature, kept for compatibility. */
    public UdpAssociationRequest(
            String sessionLabel,
            InetSocketAddress client,
            InetAddress listenerAddress,
            HostPort declaredClient,
            UdpDestinationCheck check) {
        this(sessionLabel, client, listenerAddress, declaredClient, check, null);
    }
}
