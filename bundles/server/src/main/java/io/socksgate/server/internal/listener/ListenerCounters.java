package io.socksgate.server.internal.listener;

import io.socksgate.api.SessionInfo;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one listener has counted since it started, kept as it happens, so that reading it (JMX,
 * {@code socks:stats}) never walks the live sessions.
 */
public final class ListenerCounters {

    public final LongAdder accepted = new LongAdder();
    public final LongAdder denied = new LongAdder();
    public final LongAdder authFailures = new LongAdder();
    /**
     * Bytes relayed from clients and to clients: a tunnel's as they are passed on (handed to the
     * other side's socket), a UDP association's payload when it ends (the UDP relay counts it).
     */
    public final LongAdder bytesFromClients = new LongAdder();

    public final LongAdder bytesToClients = new LongAdder();

    /** A session ended: a UDP association's bytes are counted now, a tunnel's were as they passed. */
    public void ended(SessionInfo last) {
        if (last.udp() != null) {
            bytesFromClients.add(last.bytesFromClient());
            bytesToClients.add(last.bytesToClient());
        }
    }
}
