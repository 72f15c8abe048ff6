package io.socksgate.server.internal;

import io.socksgate.api.SessionInfo;
import io.socksgate.api.SessionRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.osgi.service.component.annotations.Component;

/** Every live session of every listener, by id. */
@Component(service = {SessionRegistry.class, SessionTable.class})
public final class SessionTable implements SessionRegistry {

    private final AtomicLong ids = new AtomicLong();
    private final ConcurrentMap<Long, ProxySession> live = new ConcurrentHashMap<>();

    long nextId() {
        return ids.incrementAndGet();
    }

    void add(ProxySession session) {
        live.put(session.id, session);
    }

    void remove(ProxySession session) {
        live.remove(session.id, session);
    }

    /** The live session with this id, or null. */
    ProxySession find(long id) {
        return live.get(id);
    }

    /** Bytes {from clients, to clients} of the live sessions counted by {@code counters}. */
    long[] liveBytes(ListenerCounters counters) {
        long[] bytes = new long[2];
        for (ProxySession session : live.values()) {
            if (session.counters == counters) {
                SessionInfo info = session.snapshot();
                bytes[0] += info.bytesFromClient();
                bytes[1] += info.bytesToClient();
            }
        }
        return bytes;
    }

    /** Closes every session of the listener whose counters these are; returns how many. */
    int closeListener(ListenerCounters listener) {
        return closeWhere(s -> s.counters == listener);
    }

    @Override
    public List<SessionInfo> sessions() {
        return live.values().stream()
                .sorted(Comparator.comparingLong(s -> s.id))
                .map(ProxySession::snapshot)
                .toList();
    }

    @Override
    public Optional<SessionInfo> session(long id) {
        return Optional.ofNullable(live.get(id)).map(ProxySession::snapshot);
    }

    @Override
    public boolean kill(long id) {
        ProxySession session = live.get(id);
        if (session == null) {
            return false;
        }
        session.client.closeNow();
        return true;
    }

    @Override
    public int killByUser(String user) {
        return closeWhere(s -> Objects.equals(s.user, user));
    }

    @Override
    public int killByClient(InetAddress client) {
        return closeWhere(s -> s.client.getRemoteAddress() instanceof InetSocketAddress remote
                && remote.getAddress().equals(client));
    }

    private int closeWhere(Predicate<ProxySession> which) {
        int closed = 0;
        for (ProxySession session : live.values()) {
            if (which.test(session)) {
                session.client.closeNow();
                closed++;
            }
        }
        return closed;
    }
}
