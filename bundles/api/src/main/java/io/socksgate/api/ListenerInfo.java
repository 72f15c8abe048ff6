package io.socksgate.api;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;

/**
 * A listener as the shell and JMX show it.
 *
 * @param name the listener's name
 * @param configured the addresses and port it is configured to bind; empty when {@link State#INVALID}
 * @param bound the addresses it is bound to now; empty when binding failed
 * @param protocols the protocols it serves
 * @param auth the SOCKS5 methods it accepts, in preference order ({@code none}, {@code password})
 * @param state {@link State#LISTENING}, {@link State#FAILED} when it could not bind, {@link
 *     State#INVALID} when it never had a valid configuration
 * @param stats its counters
 * @param problem what is wrong, or {@code null}: the bad keys of a rejected configuration (a
 *     running listener keeps its previous configuration and stays {@link State#LISTENING}), or why
 *     it cannot bind
 * @since 0.2 ({@code problem} and {@link State#INVALID})
 */
public record ListenerInfo(
        String name,
        List<InetSocketAddress> configured,
        List<InetSocketAddress> bound,
        Set<Protocol> protocols,
        List<String> auth,
        State state,
        ListenerStats stats,
        String problem) {

    public enum State {
        /** Bound and accepting clients. */
        LISTENING,
        /** Configured, but its addresses could not be bound. */
        FAILED,
        /** Its configuration never was valid: it is listed with its problem, not bound. */
        INVALID
    }

    public ListenerInfo {
        configured = List.copyOf(configured);
        bound = List.copyOf(bound);
        protocols = Set.copyOf(protocols);
        auth = List.copyOf(auth);
    }

    /** A listener without a problem: the 0.1 signature, kept for compatibility. */
    public ListenerInfo(
            String name,
            List<InetSocketAddress> configured,
            List<InetSocketAddress> bound,
            Set<Protocol> protocols,
            List<String> auth,
            State state,
            ListenerStats stats) {
        this(name, configured, bound, protocols, auth, state, stats, null);
    }
}
