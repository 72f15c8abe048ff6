package io.socksgate.events.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.socksgate.api.Command;
import io.socksgate.api.Decision;
import io.socksgate.api.HostPort;
import io.socksgate.api.Protocol;
import io.socksgate.api.SessionInfo;
import io.socksgate.api.SessionState;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

class EventAdminBridgeTest {

    /** Event Admin as a handler sees it: every posted event, in order. */
    private static final class Recorder implements EventAdmin {
        final List<Event> posted = new ArrayList<>();

        @Override
        public void postEvent(Event event) {
            posted.add(event);
        }

        @Override
        public void sendEvent(Event event) {
            posted.add(event);
        }
    }

    @Test
    void openedDeniedAndClosedBecomeTopicsWithPlainProperties() {
        Recorder admin = new Recorder();
        EventAdminBridge bridge = new EventAdminBridge(admin);
        bridge.subscribed().put(7, "io/socksgate/session/*");
        SessionInfo session = session();
        bridge.opened(session);
        bridge.denied(session, new Decision("deny-web", Decision.Action.DENY));
        bridge.closed(session);

        assertThat(admin.posted)
                .extracting(Event::getTopic)
                .containsExactly(
                        "io/socksgate/session/OPENED", "io/socksgate/session/DENIED", "io/socksgate/session/CLOSED");
        Event closed = admin.posted.get(2);
        assertThat(closed.getProperty("id")).isEqualTo(42L);
        assertThat(closed.getProperty("client")).isEqualTo("127.0.0.1");
        assertThat(closed.getProperty("user")).isEqualTo("alice");
        assertThat(closed.getProperty("destination")).isEqualTo("example.com:443");
        assertThat(closed.getProperty("connected")).isEqualTo("127.0.0.9");
        assertThat(closed.getProperty("bytes.from.client")).isEqualTo(100L);
        assertThat(closed.getProperty("bytes.to.client")).isEqualTo(200L);
        assertThat(admin.posted.get(0).getProperty("rule")).isEqualTo("allow-web");
        assertThat(admin.posted.get(1).getProperty("rule")).isEqualTo("deny-web");
        assertThat(closed.getProperty("rule")).isEqualTo("allow-web");
        assertThat(admin.posted.get(0).getProperty("bytes.from.client")).isNull();
        assertThat(closed.getProperty("via")).isNull();
    }

    @Test
    void aClientBehindALoadBalancerIsTheOneItsHeaderNamedAndTheBalancerIsVia() {
        Recorder admin = new Recorder();
        SessionInfo session = new SessionInfo(
                7,
                "behind-lb",
                Protocol.SOCKS5,
                Command.CONNECT,
                new InetSocketAddress("192.0.2.7", 40007),
                null,
                Set.of(),
                HostPort.ofName("example.com", 443),
                null,
                null,
                Instant.EPOCH,
                SessionState.RELAYING,
                0,
                0,
                null,
                "allow-web",
                null,
                new InetSocketAddress("10.1.0.2", 51000));
        EventAdminBridge bridge = new EventAdminBridge(admin);
        bridge.subscribed().put(7, "io/socksgate/session/*");
        bridge.opened(session);
        assertThat(admin.posted.get(0).getProperty("client")).isEqualTo("192.0.2.7");
        assertThat(admin.posted.get(0).getProperty("via")).isEqualTo("10.1.0.2");
    }

    /** A handler's registration as DS hands it over: only its properties are read. */
    @SuppressWarnings("unchecked")
    private static ServiceReference<EventHandler> handler(long id, Object topics) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(Constants.SERVICE_ID, id);
        properties.put(EventConstants.EVENT_TOPIC, topics);
        return (ServiceReference<EventHandler>) Proxy.newProxyInstance(
                ServiceReference.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class},
                (proxy, method, args) -> method.getName().equals("getProperty") ? properties.get(args[0]) : null);
    }

    @Test
    void handlersAddedUpdatedAndRemovedDecideWhatIsPosted() {
        Recorder admin = new Recorder();
        EventAdminBridge bridge = new EventAdminBridge(admin);
        SessionInfo session = session();
        bridge.addHandler(handler(3, new String[] {"io/socksgate/session/OPENED"}));
        bridge.opened(session);
        bridge.closed(session);
        bridge.addHandler(handler(3, "io/socksgate/*")); // the same handler, updated
        bridge.closed(session);
        bridge.removeHandler(handler(3, "io/socksgate/*"));
        bridge.opened(session);
        assertThat(admin.posted)
                .extracting(Event::getTopic)
                .containsExactly("io/socksgate/session/OPENED", "io/socksgate/session/CLOSED");
    }

    @Test
    void onlyTopicsAHandlerNamesArePosted() {
        Recorder admin = new Recorder();
        EventAdminBridge bridge = new EventAdminBridge(admin);
        bridge.subscribed().put(1, "*");
        SessionInfo session = session();
        bridge.opened(session);
        bridge.closed(session);
        assertThat(admin.posted).isEmpty();

        bridge.subscribed().put(2, "io/socksgate/session/CLOSED");
        bridge.opened(session);
        bridge.denied(session, new Decision("deny-web", Decision.Action.DENY));
        bridge.closed(session);
        assertThat(admin.posted).extracting(Event::getTopic).containsExactly("io/socksgate/session/CLOSED");
    }

    private static SessionInfo session() {
        return new SessionInfo(
                42,
                "default",
                Protocol.SOCKS5,
                Command.CONNECT,
                new InetSocketAddress("127.0.0.1", 40000),
                "alice",
                Set.of("ops"),
                HostPort.ofName("example.com", 443),
                new InetSocketAddress("127.0.0.9", 443),
                null,
                Instant.EPOCH,
                SessionState.RELAYING,
                100,
                200,
                null,
                "allow-web");
    }
}
