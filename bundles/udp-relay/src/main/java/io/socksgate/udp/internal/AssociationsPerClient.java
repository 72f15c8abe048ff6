package io.socksgate.udp.internal;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Live associations by client IP address, so that one client cannot take the whole port range.
 * Counted from the moment an association is admitted until it ends; consulted once per UDP
 * ASSOCIATE, never per datagram.
 */
final class AssociationsPerClient {

    private final Map<InetAddress, Integer> live = new HashMap<>(); // guarded by this

    /** Counts one more association for {@code client} unless it already has {@code max}. */
    synchronized boolean tryAdd(InetAddress client, int max) {
        int now = live.getOrDefault(client, 0);
        if (now >= max) {
            return false;
        }
        live.put(client, now + 1);
        return true;
    }

    /** One association of {@code client} has ended (or was never opened after all). */
    synchronized void remove(InetAddress client) {
        live.computeIfPresent(client, (c, count) -> count > 1 ? count - 1 : null);
    }

    /** Live associations of {@code client}. */
    synchronized int of(InetAddress client) {
        return live.getOrDefault(client, 0);
    }

    /** Clients with at least one live association. */
    synchronized int clients() {
        return live.size();
    }
}
