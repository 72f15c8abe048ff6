package io.socksgate.server.internal.log;

import io.socksgate.api.Decision;
import io.socksgate.api.Protocol;
import io.socksgate.api.SessionInfo;
import io.socksgate.api.SessionListener;
import io.socksgate.server.internal.dial.upstream.Hop;
import io.socksgate.server.internal.exchange.Exchange;
import io.socksgate.server.internal.exchange.Failure;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.mina.core.session.IoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports sessions: the access log line on logger {@code io.socksgate.access}, and the
 * {@link SessionListener} services. A snapshot is taken on the calling (I/O) thread; writing the
 * line and calling listeners happen on one events thread, in order, so neither file I/O nor
 * another bundle's code ever runs on a network thread. When the queue is full (a stuck
 * listener) events are dropped and counted rather than buffered without limit.
 */
public final class SessionEvents {

    private static final Logger LOG = LoggerFactory.getLogger(SessionEvents.class);
    private static final Logger ACCESS = LoggerFactory.getLogger("io.socksgate.access");

    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();

    private final EventThread thread;
    private final Consumer<String> accessLog;
    private final AtomicLong dropped = new AtomicLong();

    public SessionEvents() {
        this(new AccessLogBatch(ACCESS::info));
    }

    private SessionEvents(AccessLogBatch batch) {
        this(batch, batch::flush);
    }

    /** Access-log lines go to {@code accessLog} one by one (tests). */
    public SessionEvents(Consumer<String> accessLog) {
        this(accessLog, () -> {});
    }

    private SessionEvents(Consumer<String> accessLog, Runnable endOfBatch) {
        this.accessLog = accessLog;
        thread = new EventThread("socksgate-events", 65536, e -> LOG.warn("session event failed", e), endOfBatch);
    }

    public void addListener(SessionListener listener) {
        listeners.add(listener);
    }

    public void removeListener(SessionListener listener) {
        listeners.remove(listener);
    }

    public void stop() {
        thread.stop();
    }

    public void opened(Exchange session) {
        if (listeners.isEmpty()) {
            return; // the access log has a line for the end of a session only
        }
        SessionInfo info = session.snapshot();
        dispatch(() -> each(listener -> listener.opened(info)));
    }

    public void denied(Exchange session, Decision decision) {
        SessionInfo info = session.snapshot();
        Instant end = Instant.now();
        int status = session.answeredStatus(Failure.DENIED); // 407 where the client is asked to log in
        dispatch(() -> {
            accessLog.accept(AccessLog.line(info, AccessLog.Result.DENIED, status, decision.rule(), end));
            each(listener -> listener.denied(info, decision));
        });
    }

    /**
     * A session ended; reported when it got as far as a request that was not denied (denials
     * are reported when decided), and for HTTP also when its request was answered with an
     * error before it could be read, as Squid logs every request it answers; likewise a
     * transparent connection closed because its original destination could not be read.
     */
    public void closed(Exchange session) {
        Protocol protocol = session.protocol();
        boolean answeredHttp =
                (protocol == Protocol.HTTP || protocol == Protocol.TRANSPARENT) && session.failure() != null;
        if ((session.command() == null && !answeredHttp) || session.denied()) {
            return;
        }
        SessionInfo info = session.snapshot();
        Instant end = Instant.now();
        Failure failure = session.failure();
        AccessLog.Result result = session.opened()
                ? AccessLog.Result.GRANTED
                : failure == null ? AccessLog.Result.ABORTED : AccessLog.Result.FAILED;
        int status = failure == null ? 0 : session.frontend().logStatus(failure);
        String rule = session.rule();
        IoSession outbound = session.outbound();
        Hop hop = outbound == null ? null : Hop.of(outbound);
        String hierarchy = hop == null ? "DIRECT" : hop.hierarchyCode();
        if (protocol == Protocol.TRANSPARENT && hierarchy.equals("DIRECT")) {
            hierarchy = "ORIGINAL_DST"; // Squid's code for an intercepted connection's own destination
        }
        String shownHierarchy = hierarchy;
        dispatch(() -> {
            accessLog.accept(AccessLog.line(info, result, status, rule, end, shownHierarchy));
            each(listener -> listener.closed(info));
        });
    }

    private void dispatch(Runnable event) {
        if (!thread.submit(event)) {
            // A listener is stuck; say so now and then rather than on every lost event.
            long lost = dropped.incrementAndGet();
            if (lost == 1 || lost % 10_000 == 0) {
                LOG.warn("{} session events lost so far: a session listener is not keeping up", lost);
            }
        }
    }

    private void each(Consumer<SessionListener> call) {
        for (SessionListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("session listener {} failed", listener.getClass().getName(), e);
            }
        }
    }
}
