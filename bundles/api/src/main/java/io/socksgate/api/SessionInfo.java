package io.socksgate.api;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A snapshot of one proxy session.
 *
 * @param id unique while the framework runs, assigned in accept order
 * @param listener name of the listener that accepted the client
 * @param protocol the protocol the client speaks, {@code null} until its first byte arrived
 * @param command the command requested, {@code null} during the handshake
 * @param client the client's address and port: behind a load balancer speaking the PROXY protocol,
 *     the client its header names (see {@link #via()})
 * @param user the authenticated user (or SOCKS4 user id), {@code null} when anonymous
 * @param roles the authenticated user's roles and groups, empty when anonymous
 * @param destination the destination as the client named it, {@code null} during the handshake
 * @param connected the address the proxy connected to, {@code null} until connected
 * @param bound the proxy's local address for the outbound connection, {@code null} until connected
 * @param started when the client was accepted
 * @param state where the session is in its life
 * @param bytesFromClient bytes relayed from the client towards the destination
 * @param bytesToClient bytes relayed from the destination to the client
 * @param udp the counters of a UDP association, {@code null} for TCP sessions
 * @param rule the access rule that decided the request, {@code null} until it was decided
 * @param upstream the upstream the tunnel goes through ({@link #connected()} is then its server),
 *     {@code null} when it goes direct or is not connected yet
 * @param via the load balancer the client came through: the address of the connection that sent a
 *     PROXY protocol header naming {@link #client()}; {@code null} when the client connected directly
 *     (or the header named no client, as a balancer's health check: the balancer is then the client)
 * @param limits the names of the bandwidth limits ({@code io.socksgate.limit}) that apply, empty when none
 * @param rateFromClient bytes per second from the client measured over the last second, or -1 when
 *     not measured (only sessions a limit applies to are measured)
 * @param rateToClient bytes per second to the client measured over the last second, or -1 when not
 *     measured
 * @since 1.1 ({@code upstream}), 1.2 ({@code via}), 1.3 ({@code limits}, {@code rateFromClient},
 *     {@code rateToClient})
 */
public record SessionInfo(
        long id,
        String listener,
        Protocol protocol,
        Command command,
        InetSocketAddress client,
        String user,
        Set<String> roles,
        HostPort destination,
        InetSocketAddress connected,
        InetSocketAddress bound,
        Instant started,
        SessionState state,
        long bytesFromClient,
        long bytesToClient,
        UdpCounters udp,
        String rule,
        String upstream,
        InetSocketAddress via,
        List<String> limits,
        long rateFromClient,
        long rateToClient) {

    public SessionInfo {
        roles = roles == null ? Set.of() : Set.copyOf(roles);
        limits = limits == null ? List.of() : List.copyOf(limits);
    }

    /** A session no bandwidth limit applies to: the 1.2 signature, kept for compatibility. */
    public SessionInfo(
            long id,
            String listener,
            Protocol protocol,
            Command command,
            InetSocketAddress client,
            String user,
            Set<String> roles,
            HostPort destination,
            InetSocketAddress connected,
            InetSocketAddress bound,
            Instant started,
            SessionState state,
            long bytesFromClient,
            long bytesToClient,
            UdpCounters udp,
            String rule,
            String upstream,
            InetSocketAddress via) {
        this(
                id,
                listener,
                protocol,
                command,
                client,
                user,
                roles,
                destination,
                connected,
                bound,
                started,
                state,
                bytesFromClient,
                bytesToClient,
                udp,
                rule,
                upstream,
                via,
                List.of(),
                -1,
                -1);
    }

    /** A session without an upstream: the 1.0 signature, kept for compatibility. */
    public SessionInfo(
            long id,
            String listener,
            Protocol protocol,
            Command command,
            InetSocketAddress client,
            String user,
            Set<String> roles,
            HostPort destination,
            InetSocketAddress connected,
            InetSocketAddress bound,
            Instant started,
            SessionState state,
            long bytesFromClient,
            long bytesToClient,
            UdpCounters udp,
            String rule) {
        this(
                id,
                listener,
                protocol,
                command,
                client,
                user,
                roles,
                destination,
                connected,
                bound,
                started,
                state,
                bytesFromClient,
                bytesToClient,
                udp,
                rule,
                null,
                null,
                List.of(),
                -1,
                -1);
    }

    /** A session that came directly, not through a load balancer: the 1.1 signature, kept for compatibility. */
    public SessionInfo(
            long id,
            String listener,
            Protocol protocol,
            Command command,
            InetSocketAddress client,
            String user,
            Set<String> roles,
            HostPort destination,
            InetSocketAddress connected,
            InetSocketAddress bound,
            Instant started,
            SessionState state,
            long bytesFromClient,
            long bytesToClient,
            UdpCounters udp,
            String rule,
            String upstream) {
        this(
                id,
                listener,
                protocol,
                command,
                client,
                user,
                roles,
                destination,
                connected,
                bound,
                started,
                state,
                bytesFromClient,
                bytesToClient,
                udp,
                rule,
                upstream,
                null,
                List.of(),
                -1,
                -1);
    }
}
