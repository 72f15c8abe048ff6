package io.socksgate.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import io.socksgate.api.ListenerRegistry;
import io.socksgate.api.SessionListener;
import io.socksgate.itests.consumer.ConsumerActivator;
import io.socksgate.itests.consumer.ConsumerBundle;
import io.socksgate.itests.consumer.Records;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongPredicate;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.inject.Inject;
import javax.management.ObjectName;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * A bundle that consumes Socksgate's services (built with TinyBundles, see {@link ConsumerBundle})
 * sees each session through its {@code SessionListener} and its Event Admin handler: opened and
 * closed with the byte counts for a tunnel, denied with the deciding rule for a request the
 * policy refuses; and it closes a session through the {@code SessionRegistry}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SessionEventsIT extends SocksgateTestSupport {

    /** System property, set inside the container, holding the consumer bundle's file. */
    private static final String CONSUMER_BUNDLE = "socksgate.itest.consumer.bundle";

    private static final String TOPIC = "io/socksgate/session/";

    /** The feature's bundle that passes session events on to Event Admin. */
    private static final String EVENTS_BUNDLE = "io.socksgate.events";

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    private BundleContext bundleContext;

    @Inject
    private ListenerRegistry listeners;

    private Bundle consumer;
    private Supplier<List<Map<String, Object>>> seen;
    private LongPredicate kill;

    @Override
    protected Option[] extraOptions() {
        File bundle;
        try {
            bundle = ConsumerBundle.writeTo(
                    new File("target/test-bundles/socksgate-itest-session-consumer.jar").getAbsoluteFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot build the consumer bundle", e);
        }
        return new Option[] {systemProperty(CONSUMER_BUNDLE).value(bundle.getPath())};
    }

    @Before
    public void startConsumer() throws Exception {
        awaitListening(socksPort());
        eventAdminUp();
        consumer = bundleContext.installBundle(
                Path.of(System.getProperty(CONSUMER_BUNDLE)).toUri().toString());
        consumer.start();
        assertEquals("state of the consumer bundle (32 = ACTIVE)", Bundle.ACTIVE, consumer.getState());
        seen = service(Supplier.class);
        kill = service(LongPredicate.class);
    }

    @After
    public void uninstallConsumer() throws Exception {
        if (consumer != null) {
            consumer.uninstall();
        }
    }

    @Test
    public void aConsumerSeesATunnelOpenedThenClosedWithItsByteCounts() throws Exception {
        byte[] message = new byte[777];
        Arrays.fill(message, (byte) 'e');
        long id;
        String destination;
        try (EchoServer echo = new EchoServer();
                Socks5Tunnel tunnel = Socks5Tunnel.open(socksPort(), echo.address(), READ_TIMEOUT_MILLIS)) {
            tunnel.assertEchoes(message);
            destination = "127.0.0.1:" + echo.address().getPort();
            long clientPort = tunnel.localPort();

            Map<String, Object> opened = awaitRecord(
                    "the SessionListener's opened for the client port " + clientPort,
                    r -> fromListener(r, "opened") && Objects.equals(r.get("client.port"), clientPort));
            id = (Long) opened.get("id");
            assertEquals("default", opened.get("listener"));
            assertEquals("SOCKS5", opened.get("protocol"));
            assertEquals("CONNECT", opened.get("command"));
            assertEquals("127.0.0.1", opened.get("client.ip"));
            assertEquals(destination, opened.get("destination"));

            Map<String, Object> lookup = awaitRecord(
                    "the consumer's SessionRegistry lookup of session " + id,
                    r -> Records.FROM_REGISTRY.equals(r.get(Records.SOURCE)) && id(r) == id);
            assertEquals("the registry knows the opened session: " + lookup, Boolean.TRUE, lookup.get("found"));
            assertEquals("its state: " + lookup, "RELAYING", lookup.get("state"));

            Map<String, Object> openedEvent = awaitRecord(
                    "Event Admin " + TOPIC + "OPENED for session " + id, r -> fromEventAdmin(r, "OPENED", id));
            assertEquals("listener of " + openedEvent, "default", openedEvent.get("listener"));
            assertTrue("protocol of " + openedEvent, "socks5".equalsIgnoreCase(text(openedEvent, "protocol")));
            assertTrue("command of " + openedEvent, "connect".equalsIgnoreCase(text(openedEvent, "command")));
            assertEquals("client of " + openedEvent, "127.0.0.1", openedEvent.get("client"));
            assertEquals("destination of " + openedEvent, destination, openedEvent.get("destination"));
            assertEquals("connected of " + openedEvent, "127.0.0.1", openedEvent.get("connected"));
        }
        // the client closed: the session ends with the echo's bytes both ways

        Map<String, Object> closed = awaitRecord(
                "the SessionListener's closed for session " + id, r -> fromListener(r, "closed") && id(r) == id);
        assertEquals("bytes from the client: " + closed, (long) message.length, closed.get("bytes.from.client"));
        assertEquals("bytes to the client: " + closed, (long) message.length, closed.get("bytes.to.client"));
        assertEquals("destination: " + closed, destination, closed.get("destination"));

        Map<String, Object> closedEvent =
                awaitRecord("Event Admin " + TOPIC + "CLOSED for session " + id, r -> fromEventAdmin(r, "CLOSED", id));
        assertEquals(
                "bytes.from.client of " + closedEvent, (long) message.length, closedEvent.get("bytes.from.client"));
        assertEquals("bytes.to.client of " + closedEvent, (long) message.length, closedEvent.get("bytes.to.client"));
        assertEquals("destination of " + closedEvent, destination, closedEvent.get("destination"));

        List<Map<String, Object>> ofThisSession = seen.get().stream()
                .filter(r -> Records.FROM_LISTENER.equals(r.get(Records.SOURCE)) && id(r) == id)
                .toList();
        assertEquals(
                "the SessionListener's events of session " + id + ", in order: " + ofThisSession,
                List.of("opened", "closed"),
                ofThisSession.stream().map(r -> r.get(Records.EVENT)).toList());
    }

    @Test
    public void aConsumerSeesADeniedRequestWithTheRuleThatDeniedIt() throws Exception {
        // link-local: denied by the shipped rule deny-local-destinations before any connection is tried
        InetSocketAddress linkLocal = new InetSocketAddress(InetAddress.getByName("169.254.0.1"), 80);
        String destination = "169.254.0.1:80";
        ObjectName defaultMBean = new ObjectName("io.socksgate:type=Listener,name=default");
        long deniedBefore = listeners.totals().denied();
        long mbeanDeniedBefore = mbeanDenied(defaultMBean);

        assertEquals(
                "SOCKS5 reply to CONNECT " + destination + " (02: not allowed)",
                Socks5Tunnel.NOT_ALLOWED,
                Socks5Tunnel.connectReply(socksPort(), linkLocal, READ_TIMEOUT_MILLIS));

        Map<String, Object> denied = awaitRecord(
                "the SessionListener's denied for " + destination,
                r -> fromListener(r, "denied") && destination.equals(r.get("destination")));
        assertEquals("rule of " + denied, "deny-local-destinations", denied.get("rule"));
        assertEquals("action of " + denied, "DENY", denied.get("action"));
        assertEquals("listener of " + denied, "default", denied.get("listener"));
        assertEquals("client of " + denied, "127.0.0.1", denied.get("client.ip"));
        long id = id(denied);

        Map<String, Object> deniedEvent =
                awaitRecord("Event Admin " + TOPIC + "DENIED for session " + id, r -> fromEventAdmin(r, "DENIED", id));
        assertEquals("rule of " + deniedEvent, "deny-local-destinations", deniedEvent.get("rule"));
        assertEquals("destination of " + deniedEvent, destination, deniedEvent.get("destination"));
        assertEquals("client of " + deniedEvent, "127.0.0.1", deniedEvent.get("client"));
        assertEquals("listener of " + deniedEvent, "default", deniedEvent.get("listener"));

        assertTrue(
                "ListenerRegistry totals count the denial (was " + deniedBefore + ")",
                listeners.totals().denied() >= deniedBefore + 1);
        assertTrue(
                "the default listener's MBean counts the denial (was " + mbeanDeniedBefore + ")",
                mbeanDenied(defaultMBean) >= mbeanDeniedBefore + 1);
    }

    @Test
    public void aConsumerClosesASessionThroughTheSessionRegistry() throws Exception {
        try (EchoServer echo = new EchoServer();
                Socks5Tunnel tunnel = Socks5Tunnel.open(socksPort(), echo.address(), READ_TIMEOUT_MILLIS)) {
            tunnel.assertEchoes(new byte[] {1, 2, 3});
            long clientPort = tunnel.localPort();
            long id = id(awaitRecord(
                    "the SessionListener's opened for the client port " + clientPort,
                    r -> fromListener(r, "opened") && Objects.equals(r.get("client.port"), clientPort)));

            assertTrue("SessionRegistry.kill(" + id + ") called by the consumer", kill.test(id));
            tunnel.assertClosedByProxy("after the consumer killed session " + id);
            Map<String, Object> closed = awaitRecord(
                    "the SessionListener's closed for session " + id, r -> fromListener(r, "closed") && id(r) == id);
            assertEquals("bytes from the client: " + closed, 3L, closed.get("bytes.from.client"));
            assertEquals("a second kill finds nothing", false, kill.test(id));
        }
    }

    /**
     * The assembly starts Event Admin, and with it the feature's events bundle; wait until that
     * bundle passes sessions on ({@link LateEventAdminIT} installs Event Admin later instead).
     */
    private void eventAdminUp() {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> bundleContext.getServiceReferences(SessionListener.class, null).stream()
                        .anyMatch(r -> EVENTS_BUNDLE.equals(r.getBundle().getSymbolicName())));
    }

    private Map<String, Object> awaitRecord(String what, Predicate<Map<String, Object>> matches) {
        AtomicReference<Map<String, Object>> found = new AtomicReference<>();
        await().atMost(WAIT).untilAsserted(() -> {
            List<Map<String, Object>> records = seen.get();
            Map<String, Object> match =
                    records.stream().filter(matches).findFirst().orElse(null);
            assertNotNull(
                    "the consumer bundle has not seen " + what + "; it saw:\n  "
                            + records.stream().map(String::valueOf).collect(Collectors.joining("\n  ")),
                    match);
            found.set(match);
        });
        return found.get();
    }

    private static boolean fromListener(Map<String, Object> record, String event) {
        return Records.FROM_LISTENER.equals(record.get(Records.SOURCE)) && event.equals(record.get(Records.EVENT));
    }

    private static boolean fromEventAdmin(Map<String, Object> record, String event, long id) {
        return Records.FROM_EVENT_ADMIN.equals(record.get(Records.SOURCE))
                && (TOPIC + event).equals(record.get(Records.TOPIC))
                && id(record) == id;
    }

    private static long id(Map<String, Object> record) {
        Object id = record.get("id");
        return id instanceof Number number ? number.longValue() : -1;
    }

    private static String text(Map<String, Object> record, String key) {
        return String.valueOf(record.get(key));
    }

    private static long mbeanDenied(ObjectName name) throws Exception {
        return ((Number) ManagementFactory.getPlatformMBeanServer().getAttribute(name, "Denied")).longValue();
    }

    /** The consumer bundle's service of {@code type}, found by its marker property. */
    @SuppressWarnings("unchecked")
    private <T> T service(Class<?> type) throws Exception {
        Collection<? extends ServiceReference<?>> references =
                bundleContext.getServiceReferences((Class<Object>) type, ConsumerActivator.FILTER);
        assertEquals("the consumer's " + type.getName() + " services", 1, references.size());
        ServiceReference<?> reference = references.iterator().next();
        assertEquals(
                "registered by the consumer bundle",
                ConsumerBundle.SYMBOLIC_NAME,
                reference.getBundle().getSymbolicName());
        return (T) bundleContext.getService(reference);
    }
}
