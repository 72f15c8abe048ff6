package io.socksgate.api;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;

/**
 * A listener as the shell and JMX show it.
 *
 * @param name the listener's name
 * @param configured the addresses and port it is configured to bind
 * @param bound the addresses it is bound to now; empty when binding failed
 * @param protocols the protocols it serves
 * @param auth the SOCKS5 methods it accepts, in preference order ({@code none}, {@code password})
 * @param state {@link State#LISTENING}, or {@link State#FAILED} when it could not bind
 * @param stats its counters
 */
public record ListenerInfo(
        String name,
        List<InetSocketAddress> configured,
        List<InetSocketAddress> bound,
        Set<Protocol> protocols,
        List<String> auth,
        State state,
        ListenerStats stats) {

    public enum State {
        LISTENING,
        FAILED
    }

    public ListenerInfo {
        configured = List.copyOf(configured);
        bound = List.copyOf(bound);
        protocols = Set.copyOf(protocols);
        auth = List.copyOf(auth);
    }
}
