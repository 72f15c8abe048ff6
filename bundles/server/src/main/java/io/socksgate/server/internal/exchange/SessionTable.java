package io.socksgate.server.internal.exchange;

import io.socksgate.api.SessionInfo;
import io.socksgate.api.SessionRegistry;
import io.socksgate.server.internal.listener.ListenerCounters;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Every live session of every listener. A set rather than a map by id: a boxed id per session
 * would be 24 more bytes per idle tunnel, and only the shell and JMX look a session up by id,
 * which a scan answers in well under a millisecond for tens of thousands of sessions.
 */
public final class SessionTable implements SessionRegistry {

    private final AtomicLong ids = new AtomicLong();
    private final Set<Exchange> live = ConcurrentHashMap.newKeySet();

    public long nextId() {
        return ids.incrementAndGet();
    }

    public void add(Exchange session) {
        live.add(session);
    }

    public void remove(Exchange session) {
        live.remove(session);
        session.releaseLimits();
    }

    /** The live session with this id, or null. */
    public Exchange find(long id) {
        for (Exchange session : live) {
            if (session.id() == id) {
                return session;
            }
        }
        return null;
    }

    /** Closes every session of the listener whose counters these are; returns how many. */
    public int closeListener(ListenerCounters listener) {
        return closeWhere(s -> s.counters() == listener);
    }

    @Override
    public List<SessionInfo> sessions() {
        return live.stream()
                .sorted(Comparator.comparingLong(s -> s.id()))
                .map(Exchange::snapshot)
                .toList();
    }

    @Override
    public Optional<SessionInfo> session(long id) {
        return Optional.ofNullable(find(id)).map(Exchange::snapshot);
    }

    @Override
    public boolean kill(long id) {
        Exchange session = find(id);
        if (session == null) {
            return false;
        }
        session.client().closeNow();
        return true;
    }

    @Override
    public int killByUser(String user) {
        return closeWhere(s -> Objects.equals(s.user(), user));
    }

    @Override
    public int killByClient(InetAddress client) {
        return closeWhere(s -> {
            InetSocketAddress from = s.clientAddress();
            return from != null && from.getAddress().equals(client);
        });
    }

    private int closeWhere(Predicate<Exchange> which) {
        int closed = 0;
        for (Exchange session : live) {
            if (which.test(session)) {
                session.client().closeNow();
                closed++;
            }
        }
        return closed;
    }
}
