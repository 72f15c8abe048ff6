package io.socksgate.itests.consumer;

import io.socksgate.api.Decision;
import io.socksgate.api.SessionInfo;
import io.socksgate.api.SessionListener;
import io.socksgate.api.SessionRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Records what the whiteboard tells it; for an opened session it also asks the
 * {@link SessionRegistry} about it, as a consumer that wants more than the event would.
 */
final class RecordingSessionListener implements SessionListener {

    private final BundleContext context;
    private final Queue<Map<String, Object>> seen;

    RecordingSessionListener(BundleContext context, Queue<Map<String, Object>> seen) {
        this.context = context;
        this.seen = seen;
    }

    @Override
    public void opened(SessionInfo session) {
        seen.add(record("opened", session, null));
        ServiceReference<SessionRegistry> reference = context.getServiceReference(SessionRegistry.class);
        if (reference == null) {
            seen.add(Records.of(Records.SOURCE, Records.FROM_REGISTRY, "id", session.id(), "problem", "no registry"));
            return;
        }
        try {
            Optional<SessionInfo> live = context.getService(reference).session(session.id());
            seen.add(Records.of(
                    Records.SOURCE,
                    Records.FROM_REGISTRY,
                    "id",
                    session.id(),
                    "found",
                    live.isPresent(),
                    "state",
                    live.map(s -> String.valueOf(s.state())).orElse(null),
                    "client",
                    live.map(s -> String.valueOf(s.client())).orElse(null)));
        } finally {
            context.ungetService(reference);
        }
    }

    @Override
    public void denied(SessionInfo session, Decision decision) {
        seen.add(record("denied", session, decision));
    }

    @Override
    public void closed(SessionInfo session) {
        seen.add(record("closed", session, null));
    }

    private static Map<String, Object> record(String event, SessionInfo s, Decision decision) {
        return Records.of(
                Records.SOURCE,
                Records.FROM_LISTENER,
                Records.EVENT,
                event,
                "id",
                s.id(),
                "listener",
                s.listener(),
                "protocol",
                s.protocol() == null ? null : s.protocol().name(),
                "command",
                s.command() == null ? null : s.command().name(),
                "client.ip",
                s.client() == null ? null : s.client().getAddress().getHostAddress(),
                "client.port",
                s.client() == null ? null : (long) s.client().getPort(),
                "destination",
                s.destination() == null ? null : s.destination().toString(),
                "state",
                s.state() == null ? null : s.state().name(),
                "bytes.from.client",
                s.bytesFromClient(),
                "bytes.to.client",
                s.bytesToClient(),
                "rule",
                decision == null ? null : decision.rule(),
                "action",
                decision == null ? null : String.valueOf(decision.action()));
    }
}
