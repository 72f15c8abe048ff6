package io.socksgate.events.internal;

import io.socksgate.api.Decision;
import io.socksgate.api.HostPort;
import io.socksgate.api.SessionInfo;
import io.socksgate.api.SessionListener;
import java.util.HashMap;
import java.util.Map;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Passes session events on to Event Admin, on topics {@code io/socksgate/session/OPENED},
 * {@code DENIED} and {@code CLOSED}. It is an ordinary {@link SessionListener}; the feature installs
 * this bundle only when Event Admin is installed, so the proxy never depends on it. A topic is
 * posted only while some handler names it ({@link SubscribedTopics}): an event nobody asked for
 * costs the proxy as much as the tunnel it reports.
 */
@Component(service = SessionListener.class)
public final class EventAdminBridge implements SessionListener {

    static final String TOPIC = "io/socksgate/session/";

    static final String OPENED = TOPIC + "OPENED";
    static final String DENIED = TOPIC + "DENIED";
    static final String CLOSED = TOPIC + "CLOSED";

    private final EventAdmin eventAdmin;
    private final SubscribedTopics subscribed = new SubscribedTopics();

    @Activate
    public EventAdminBridge(@Reference EventAdmin eventAdmin) {
        this.eventAdmin = eventAdmin;
    }

    /** Handlers are tracked by reference only: their topics are in the registration; also their update. */
    @Reference(
            service = EventHandler.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            updated = "addHandler",
            unbind = "removeHandler")
    void addHandler(ServiceReference<EventHandler> handler) {
        subscribed.put(id(handler), handler.getProperty(EventConstants.EVENT_TOPIC));
    }

    void removeHandler(ServiceReference<EventHandler> handler) {
        subscribed.remove(id(handler));
    }

    SubscribedTopics subscribed() {
        return subscribed;
    }

    @Override
    public void opened(SessionInfo session) {
        if (subscribed.contains(OPENED)) {
            eventAdmin.postEvent(event(OPENED, session, session.rule()));
        }
    }

    @Override
    public void denied(SessionInfo session, Decision decision) {
        if (subscribed.contains(DENIED)) {
            eventAdmin.postEvent(event(DENIED, session, decision.rule()));
        }
    }

    @Override
    public void closed(SessionInfo session) {
        if (subscribed.contains(CLOSED)) {
            eventAdmin.postEvent(event(CLOSED, session, session.rule()));
        }
    }

    private static long id(ServiceReference<?> reference) {
        return (Long) reference.getProperty(Constants.SERVICE_ID);
    }

    /** Event properties: plain strings and numbers, so any handler can read them. */
    static Event event(String topic, SessionInfo session, String rule) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("id", session.id());
        properties.put("listener", session.listener());
        properties.put("protocol", String.valueOf(session.protocol()));
        properties.put("command", String.valueOf(session.command()));
        properties.put("client", HostPort.addressText(session.client().getAddress()));
        // behind a load balancer (PROXY protocol): its address; the client is the one it named
        putIfKnown(
                properties,
                "via",
                session.via() == null
                        ? null
                        : HostPort.addressText(session.via().getAddress()));
        putIfKnown(properties, "user", session.user());
        putIfKnown(
                properties,
                "destination",
                session.destination() == null ? null : session.destination().toString());
        putIfKnown(
                properties,
                "connected",
                session.connected() == null
                        ? null
                        : HostPort.addressText(session.connected().getAddress()));
        putIfKnown(properties, "rule", rule);
        if (topic.equals(CLOSED)) {
            properties.put("bytes.from.client", session.bytesFromClient());
            properties.put("bytes.to.client", session.bytesToClient());
        }
        return new Event(topic, properties);
    }

    private static void putIfKnown(Map<String, Object> properties, String key, Object value) {
        if (value != null) {
            properties.put(key, value);
        }
    }
}
