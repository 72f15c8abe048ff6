package io.socksgate.server.internal.transport;

import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.session.IoSessionAttributeMap;
import org.apache.mina.core.session.IoSessionDataStructureFactory;
import org.apache.mina.core.write.WriteRequestQueue;

/**
 * The per-session structures of every session the engine makes: a small attribute map and a
 * write queue that is empty when idle. An idle tunnel's two sessions hold them for the tunnel's
 * whole life, so their size is memory per tunnel (see docs/PERFORMANCE.md).
 */
final class CompactSessionData implements IoSessionDataStructureFactory {

    static final CompactSessionData INSTANCE = new CompactSessionData();

    private CompactSessionData() {}

    @Override
    public IoSessionAttributeMap getAttributeMap(IoSession session) {
        return new SmallAttributeMap();
    }

    @Override
    public WriteRequestQueue getWriteRequestQueue(IoSession session) {
        return new LinkedWriteQueue();
    }
}
