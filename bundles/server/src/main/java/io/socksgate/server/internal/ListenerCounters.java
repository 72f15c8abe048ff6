package io.socksgate.server.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * What one listener has counted since it started. Bytes of live sessions are not here: they are
 * read from the sessions themselves when asked, and added here when a session ends.
 */
final class ListenerCounters {

    final LongAdder accepted = new LongAdder();
    final LongAdder denied = new LongAdder();
    final LongAdder authFailures = new LongAdder();
    final LongAdder closedBytesFromClients = new LongAdder();
    final LongAdder closedBytesToClients = new LongAdder();
}
