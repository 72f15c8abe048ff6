package io.socksgate.udp.internal;

import java.net.InetSocketAddress;
import java.util.Map;

/**
 * The destinations an association has sent to: the only addresses whose datagrams are relayed back
 * to the client. Bounded, least recently used first out, so a client that sprays datagrams at many
 * addresses cannot grow it without limit; a reply from an evicted peer counts as unsolicited.
 */
final class RecentPeers {

    private final Map<InetSocketAddress, Boolean> peers; // guarded by this

    RecentPeers(int capacity) {
        peers = new LruMap<>(capacity);
    }

    synchronized void add(InetSocketAddress peer) {
        peers.put(peer, Boolean.TRUE);
    }

    /** Whether the association has sent to {@code peer}; a hit counts as use. */
    synchronized boolean contains(InetSocketAddress peer) {
        return peers.get(peer) != null;
    }

    synchronized int size() {
        return peers.size();
    }
}
