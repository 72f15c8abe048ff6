package io.socksgate.server.internal.listener;

import java.util.concurrent.atomic.LongAdder;

/**
 * What one listener has counted since it started. Bytes of live sessions are not here: they are
 * read from the sessions themselves when asked, and added here when a session ends.
 */
public final class ListenerCounters {

    public final LongAdder accepted = new LongAdder();
    public final LongAdder denied = new LongAdder();
    public final LongAdder authFailures = new LongAdder();
    public final LongAdder closedBytesFromClients = new LongAdder();
    public final LongAdder closedBytesToClients = new LongAdder();
}
