package io.socksgate.itests.consumer;

import io.socksgate.api.SessionListener;
import io.socksgate.api.SessionRegistry;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongPredicate;
import java.util.function.Supplier;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The activator of the itests' consumer bundle (built by {@link ConsumerBundle}): it consumes
 * Socksgate as any other bundle would, and exposes what it saw through services of plain JDK
 * types, so the test (in another bundle, without this bundle's classes) can read it.
 *
 * <ul>
 *   <li>a {@link SessionListener} (whiteboard) and an Event Admin handler for {@value #TOPICS}
 *       record every event, in arrival order, as maps of JDK values ({@link Records});
 *   <li>{@code Supplier<List<Map<String, Object>>>}: everything recorded so far;
 *   <li>{@code LongPredicate}: closes a session through the {@link SessionRegistry} service, as
 *       {@link SessionRegistry#kill} answers.
 * </ul>
 *
 * Each service carries {@value #MARKER}={@value #MARKER_VALUE}.
 */
public final class ConsumerActivator implements BundleActivator {

    public static final String MARKER = "itest";
    public static final String MARKER_VALUE = "socksgate-session-consumer";
    public static final String FILTER = "(" + MARKER + "=" + MARKER_VALUE + ")";
    public static final String TOPICS = "io/socksgate/session/*";

    /** The Event Admin handler interface, which this bundle imports (see {@link EventRecorder}). */
    static final String EVENT_HANDLER = "org.osgi.service.event.EventHandler";

    private final Queue<Map<String, Object>> seen = new ConcurrentLinkedQueue<>();

    @Override
    public void start(BundleContext context) throws Exception {
        context.registerService(SessionListener.class, new RecordingSessionListener(context, seen), marker());

        Class<?> handlerType = context.getBundle().loadClass(EVENT_HANDLER);
        Dictionary<String, Object> handlerProperties = marker();
        handlerProperties.put("event.topics", TOPICS);
        context.registerService(EVENT_HANDLER, EventRecorder.handler(handlerType, seen), handlerProperties);

        Supplier<List<Map<String, Object>>> recorded = () -> List.copyOf(seen);
        context.registerService(Supplier.class.getName(), recorded, marker());

        LongPredicate kill = id -> {
            ServiceReference<SessionRegistry> reference = context.getServiceReference(SessionRegistry.class);
            if (reference == null) {
                throw new IllegalStateException("no SessionRegistry service");
            }
            SessionRegistry registry = context.getService(reference);
            try {
                return registry.kill(id);
            } finally {
                context.ungetService(reference);
            }
        };
        context.registerService(LongPredicate.class.getName(), kill, marker());
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the bundle's services
    }

    private static Dictionary<String, Object> marker() {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(MARKER, MARKER_VALUE);
        return properties;
    }
}
