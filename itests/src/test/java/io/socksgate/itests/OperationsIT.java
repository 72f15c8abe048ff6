package io.socksgate.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.socksgate.api.ListenerInfo;
import io.socksgate.api.ListenerRegistry;
import io.socksgate.api.SessionInfo;
import io.socksgate.api.SessionRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.inject.Inject;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Operating a live tunnel from the outside, against the assembly: the socks:* shell commands list,
 * inspect, count and kill it, the access log holds its line, and the JMX MBeans count it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OperationsIT extends SocksgateTestSupport {

    /** The loopback rule of {@link SocksgateTestSupport}: its instance name, from its file name. */
    private static final String ITEST_RULE = "itest-loopback";

    private static final String DEFAULT_MBEAN = "io.socksgate:type=Listener,name=default";
    private static final String TOTALS_MBEAN = "io.socksgate:type=Totals";

    private static final Duration WAIT = Duration.ofSeconds(30);

    // socks:session-list columns
    private static final int SESSION_ID = 0;
    private static final int SESSION_LISTENER = 1;
    private static final int SESSION_PROTOCOL = 2;
    private static final int SESSION_COMMAND = 3;
    private static final int SESSION_CLIENT = 4;
    private static final int SESSION_USER = 5;
    private static final int SESSION_DESTINATION = 6;
    private static final int SESSION_CONNECTED = 7;
    private static final int SESSION_STATE = 8;
    private static final int SESSION_UP = 9;
    private static final int SESSION_DOWN = 10;

    // socks:listener-list columns
    private static final int LISTENER_BOUND = 1;
    private static final int LISTENER_PROTOCOLS = 2;
    private static final int LISTENER_AUTH = 3;
    private static final int LISTENER_STATE = 4;
    private static final int LISTENER_SESSIONS = 5;
    private static final int LISTENER_ACCEPTED = 6;

    // socks:stats columns
    private static final int STATS_ACCEPTED = 1;
    private static final int STATS_ACTIVE = 2;
    private static final int STATS_BYTES_IN = 5;
    private static final int STATS_BYTES_OUT = 6;

    @Inject
    private SessionFactory shell;

    @Inject
    private SessionRegistry sessions;

    @Inject
    private ListenerRegistry listeners;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    /** The default listener accepts, and the socks:* commands are registered (a moment after start). */
    @Before
    public void listenerAndCommandsUp() {
        awaitListening(socksPort());
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> ShellOutput.row(
                        KarafShell.execute(shell, "socks:listener-list --no-format"), 0, "default")
                .isPresent());
    }

    @Test
    public void aLiveTunnelIsListedInspectedCountedKilledAndLogged() throws Exception {
        ObjectName defaultMBean = new ObjectName(DEFAULT_MBEAN);
        ObjectName totalsMBean = new ObjectName(TOTALS_MBEAN);
        await().atMost(WAIT).ignoreExceptions().until(() -> attribute(defaultMBean, "Accepted") >= 0);
        long acceptedBefore = attribute(defaultMBean, "Accepted");
        long fromClientsBefore = attribute(defaultMBean, "BytesFromClients");
        long toClientsBefore = attribute(defaultMBean, "BytesToClients");
        long totalAcceptedBefore = attribute(totalsMBean, "Accepted");
        List<String> statsBefore = statsRow("default");

        byte[] message = new byte[1000];
        Arrays.fill(message, (byte) 'x');
        String size = String.valueOf(message.length);
        String destination;
        try (EchoServer echo = new EchoServer();
                Socks5Tunnel tunnel = Socks5Tunnel.open(socksPort(), echo.address(), READ_TIMEOUT_MILLIS)) {
            tunnel.assertEchoes(message);
            String client = "127.0.0.1:" + tunnel.localPort();
            destination = "127.0.0.1:" + echo.address().getPort();

            // socks:session-list shows it, with the bytes of the echo both ways
            AtomicReference<List<String>> listed = new AtomicReference<>();
            await().atMost(WAIT).untilAsserted(() -> {
                String printed = KarafShell.execute(shell, "socks:session-list --no-format");
                List<String> row = ShellOutput.row(printed, SESSION_CLIENT, client)
                        .orElseThrow(() -> new AssertionError("no session from " + client + " in:\n" + printed));
                assertEquals("Up of " + row, size, row.get(SESSION_UP));
                assertEquals("Down of " + row, size, row.get(SESSION_DOWN));
                listed.set(row);
            });
            List<String> row = listed.get();
            String seen = "\n  row: " + row;
            assertEquals("Listener" + seen, "default", row.get(SESSION_LISTENER));
            assertEquals("Protocol" + seen, "socks5", row.get(SESSION_PROTOCOL));
            assertEquals("Command" + seen, "connect", row.get(SESSION_COMMAND));
            assertEquals("User" + seen, "-", row.get(SESSION_USER));
            assertEquals("Destination" + seen, destination, row.get(SESSION_DESTINATION));
            assertEquals("Connected" + seen, destination, row.get(SESSION_CONNECTED));
            assertEquals("State" + seen, "relaying", row.get(SESSION_STATE));
            long id = Long.parseLong(row.get(SESSION_ID));
            SessionInfo session = sessions.session(id).orElseThrow(() -> new AssertionError("no session " + id));
            assertEquals(
                    "the registry's client port of session " + id,
                    tunnel.localPort(),
                    session.client().getPort());

            String filtered =
                    KarafShell.execute(shell, "socks:session-list --no-format --listener default --client 127.0.0.1");
            assertTrue(
                    filtered,
                    ShellOutput.row(filtered, SESSION_ID, String.valueOf(id)).isPresent());
            String otherListener = KarafShell.execute(shell, "socks:session-list --no-format -l no-such-listener");
            assertFalse(
                    otherListener,
                    ShellOutput.row(otherListener, SESSION_ID, String.valueOf(id))
                            .isPresent());

            // socks:session-info ID
            String info = KarafShell.execute(shell, "socks:session-info " + id);
            assertField(info, "Id", String.valueOf(id));
            assertField(info, "Listener", "default");
            assertField(info, "Protocol", "socks5");
            assertField(info, "Command", "connect");
            assertField(info, "Client", client);
            assertField(info, "User", "-");
            assertField(info, "Destination", destination);
            assertField(info, "Connected", destination);
            assertField(info, "State", "relaying");
            assertField(info, "Bytes from client", size);
            assertField(info, "Bytes to client", size);

            // socks:listener-list shows the default listener with the tunnel among its sessions
            String listenerList = KarafShell.execute(shell, "socks:listener-list --no-format");
            List<String> listener = ShellOutput.row(listenerList, 0, "default")
                    .orElseThrow(() -> new AssertionError("no default listener in:\n" + listenerList));
            seen = "\n  listener-list:\n" + listenerList;
            assertEquals("Bound" + seen, "127.0.0.1:" + socksPort(), listener.get(LISTENER_BOUND));
            assertEquals("Protocols" + seen, "socks5", listener.get(LISTENER_PROTOCOLS));
            assertEquals("Auth" + seen, "none", listener.get(LISTENER_AUTH));
            assertEquals("State" + seen, "listening", listener.get(LISTENER_STATE));
            assertTrue("Sessions" + seen, Long.parseLong(listener.get(LISTENER_SESSIONS)) >= 1);
            assertTrue("Accepted" + seen, Long.parseLong(listener.get(LISTENER_ACCEPTED)) >= acceptedBefore + 1);

            // socks:stats counts it: per listener, in the TOTAL row, and alone with --listener
            String stats = KarafShell.execute(shell, "socks:stats --no-format");
            List<String> defaultStats = ShellOutput.row(stats, 0, "default")
                    .orElseThrow(() -> new AssertionError("no default row in:\n" + stats));
            List<String> total = ShellOutput.row(stats, 0, "TOTAL")
                    .orElseThrow(() -> new AssertionError("no TOTAL row in:\n" + stats));
            seen = "\n  before: " + statsBefore + "\n  stats:\n" + stats;
            assertTrue(
                    "Accepted grew" + seen,
                    number(defaultStats, STATS_ACCEPTED) >= number(statsBefore, STATS_ACCEPTED) + 1);
            assertTrue("Active" + seen, number(defaultStats, STATS_ACTIVE) >= 1);
            assertTrue(
                    "TOTAL Accepted counts the default listener" + seen,
                    number(total, STATS_ACCEPTED) >= number(defaultStats, STATS_ACCEPTED));
            String onlyDefault = KarafShell.execute(shell, "socks:stats --no-format --listener default");
            assertTrue(onlyDefault, ShellOutput.row(onlyDefault, 0, "default").isPresent());
            assertFalse(onlyDefault, ShellOutput.row(onlyDefault, 0, "TOTAL").isPresent());

            // the listener's MBean counts it
            assertTrue(
                    "MBean Accepted grew from " + acceptedBefore,
                    attribute(defaultMBean, "Accepted") >= acceptedBefore + 1);
            assertTrue("MBean Active", attribute(defaultMBean, "Active") >= 1);
            assertTrue(
                    "Totals MBean Accepted grew from " + totalAcceptedBefore,
                    attribute(totalsMBean, "Accepted") >= totalAcceptedBefore + 1);
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            assertEquals("MBean Name", "default", server.getAttribute(defaultMBean, "Name"));
            assertEquals("MBean Port", socksPort(), ((Number) server.getAttribute(defaultMBean, "Port")).intValue());
            assertEquals("MBean State", "LISTENING", String.valueOf(server.getAttribute(defaultMBean, "State")));

            // socks:session-kill ID ends it at once
            String killed = KarafShell.execute(shell, "socks:session-kill " + id);
            assertTrue(killed, killed.contains("Closed 1 session"));
            tunnel.assertClosedByProxy("after socks:session-kill " + id);
            await().atMost(WAIT).until(() -> sessions.session(id).isEmpty());
            String afterKill = KarafShell.execute(shell, "socks:session-list --no-format");
            assertFalse(
                    afterKill,
                    ShellOutput.row(afterKill, SESSION_CLIENT, client).isPresent());
        }

        // its bytes are counted by the MBean and socks:stats (at the latest once it closed)
        await().atMost(WAIT).untilAsserted(() -> {
            assertTrue(
                    "MBean BytesFromClients grew by " + size + " from " + fromClientsBefore,
                    attribute(defaultMBean, "BytesFromClients") >= fromClientsBefore + message.length);
            assertTrue(
                    "MBean BytesToClients grew by " + size + " from " + toClientsBefore,
                    attribute(defaultMBean, "BytesToClients") >= toClientsBefore + message.length);
        });
        List<String> statsAfter = statsRow("default");
        assertTrue(
                "Bytes in grew: " + statsBefore + " -> " + statsAfter,
                number(statsAfter, STATS_BYTES_IN) >= number(statsBefore, STATS_BYTES_IN) + message.length);
        assertTrue(
                "Bytes out grew: " + statsBefore + " -> " + statsAfter,
                number(statsAfter, STATS_BYTES_OUT) >= number(statsBefore, STATS_BYTES_OUT) + message.length);

        // the access log holds its line: granted, both directions' bytes, the rule that allowed it
        Path accessLog = Path.of(System.getProperty("karaf.data"), "log", "socks-access.log");
        String expected = " 127.0.0.1 SOCKS_TCP_MISS/200 " + 2 * message.length + " SOCKS_CONNECT tunnel://"
                + destination + "/ - DIRECT/127.0.0.1 " + ITEST_RULE;
        await().atMost(WAIT).untilAsserted(() -> {
            String log = read(accessLog);
            assertTrue(
                    "no line ending with '" + expected + "' in " + accessLog + ":\n" + log,
                    log.lines().anyMatch(line -> line.endsWith(expected)));
        });
    }

    @Test
    public void aListenerThatCannotBindIsListedAsFailedWithItsConfiguredAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Configuration configuration =
                    configurationAdmin.getFactoryConfiguration("io.socksgate.listener", "itest-busy", "?");
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put("bind", "127.0.0.1");
            properties.put("port", port);
            configuration.update(properties);
            try {
                await().atMost(WAIT).untilAsserted(() -> {
                    String printed = KarafShell.execute(shell, "socks:listener-list --no-format");
                    List<String> row = ShellOutput.row(printed, 0, "itest-busy")
                            .orElseThrow(() -> new AssertionError("no itest-busy in:\n" + printed));
                    assertEquals("State: " + row, "failed", row.get(LISTENER_STATE));
                    assertEquals("Bound: " + row, "127.0.0.1:" + port + " (not bound)", row.get(LISTENER_BOUND));
                });
                ListenerInfo busy = listeners.listeners().stream()
                        .filter(l -> "itest-busy".equals(l.name()))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no itest-busy in " + listeners.listeners()));
                assertEquals(ListenerInfo.State.FAILED, busy.state());
                assertEquals(List.of(), busy.bound());
                assertEquals(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)), busy.configured());
                String stats = KarafShell.execute(shell, "socks:stats --no-format --listener itest-busy");
                List<String> row = ShellOutput.row(stats, 0, "itest-busy")
                        .orElseThrow(() -> new AssertionError("no itest-busy in:\n" + stats));
                assertEquals("Accepted of a listener that never bound: " + row, 0, number(row, STATS_ACCEPTED));
            } finally {
                configuration.delete();
            }
            await().atMost(WAIT).until(() -> ShellOutput.row(
                            KarafShell.execute(shell, "socks:listener-list --no-format"), 0, "itest-busy")
                    .isEmpty());
        }
    }

    /** etc/org.apache.karaf.command.acl.socks.cfg: reading commands for viewer, changing ones for admin. */
    @Test
    public void aViewerReadsListenersAndStatsButCannotKillAndOtherRolesCannotRead() {
        String listenerList = executeAs("viewer", "socks:listener-list --no-format");
        assertTrue(listenerList, ShellOutput.row(listenerList, 0, "default").isPresent());
        String stats = executeAs("viewer", "socks:stats --no-format");
        assertTrue(stats, ShellOutput.row(stats, 0, "TOTAL").isPresent());
        assertRefused("viewer", "socks:session-kill --all");
        assertRefused("viewer", "socks:listener-add --port 1 itest-viewer");
        assertRefused("viewer", "socks:listener-remove default");
        // Karaf lets every role run a command its ACL does not name: these are named
        assertRefused("itest-other-role", "socks:listener-list");
        assertRefused("itest-other-role", "socks:stats");
    }

    private List<String> statsRow(String listener) {
        String stats = KarafShell.execute(shell, "socks:stats --no-format");
        return ShellOutput.row(stats, 0, listener)
                .orElseThrow(() -> new AssertionError("no " + listener + " row in:\n" + stats));
    }

    private static long number(List<String> row, int column) {
        return Long.parseLong(row.get(column));
    }

    private static long attribute(ObjectName name, String attribute) throws Exception {
        Object value = ManagementFactory.getPlatformMBeanServer().getAttribute(name, attribute);
        assertNotNull(name + " " + attribute, value);
        return ((Number) value).longValue();
    }

    private static void assertField(String info, String label, String expected) {
        Optional<String> value = ShellOutput.field(info, label);
        assertEquals(label + " in:\n" + info, Optional.of(expected), value);
    }

    private static String read(Path file) throws IOException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException notYet) {
            return "";
        }
    }

    /** Runs one command as a user with only {@code role}; what it printed, or the failure. */
    private String executeAs(String role, String command) {
        AtomicReference<Object> outcome = run(role, command);
        if (outcome.get() instanceof Exception e) {
            throw new AssertionError("as " + role + ": " + command + " failed", e);
        }
        return (String) outcome.get();
    }

    private void assertRefused(String role, String command) {
        AtomicReference<Object> outcome = run(role, command);
        if (!(outcome.get() instanceof Exception)) {
            fail("a user with only role " + role + " ran " + command + "; it printed:\n" + outcome.get());
        }
    }

    private AtomicReference<Object> run(String role, String command) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal("itest-" + role));
        subject.getPrincipals().add(new RolePrincipal(role));
        AtomicReference<Object> outcome = new AtomicReference<>();
        try {
            Subject.doAs(subject, (PrivilegedExceptionAction<Void>) () -> {
                Session session = shell.create(new ByteArrayInputStream(new byte[0]), out, out);
                try {
                    session.execute(command);
                    outcome.set(printed.toString(StandardCharsets.UTF_8));
                } catch (Exception e) {
                    outcome.set(e);
                } finally {
                    session.close();
                }
                return null;
            });
        } catch (PrivilegedActionException e) {
            outcome.set(e.getException());
        }
        return outcome;
    }
}
