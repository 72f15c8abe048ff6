package io.socksgate.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.socksgate.api.SessionInfo;
import io.socksgate.api.SessionRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import javax.inject.Inject;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * A listener is a file in etc/: File Install turns {@code etc/io.socksgate.listener-itest.cfg} into
 * a factory configuration, so writing the file starts a listener, rewriting it moves the listener
 * (tunnels opened before keep running) and deleting it stops the listener and closes its sessions.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ListenerReloadIT extends SocksgateTestSupport {

    private static final String NAME = "itest";

    /** File Install polls etc/ every second (Karaf's default); the listener then (re)binds. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    private SessionRegistry sessions;

    @Inject
    private SessionFactory shell;

    private Path file() {
        return Path.of(System.getProperty("karaf.etc"), "io.socksgate.listener-" + NAME + ".cfg");
    }

    @After
    public void removeFile() throws IOException {
        Files.deleteIfExists(file());
    }

    @Test
    public void writingRewritingAndDeletingTheFileStartsMovesAndStopsTheListener() throws Exception {
        int first = freePort();
        write(first);
        await().atMost(WAIT).until(() -> Socks5Tunnel.greets(first, READ_TIMEOUT_MILLIS));
        assertListed("127.0.0.1:" + first);
        assertMBeanPort(first);

        byte[] before = "opened before the change".getBytes(StandardCharsets.UTF_8);
        try (EchoServer echo = new EchoServer();
                Socks5Tunnel tunnel = Socks5Tunnel.open(first, echo.address(), READ_TIMEOUT_MILLIS)) {
            tunnel.assertEchoes(before);
            SessionInfo session = await().atMost(WAIT).until(() -> sessionOf(tunnel.localPort()), s -> s != null);
            assertEquals("listener of the tunnel's session", NAME, session.listener());

            int second = freePort();
            write(second);
            await().atMost(WAIT).until(() -> Socks5Tunnel.greets(second, READ_TIMEOUT_MILLIS));
            awaitClosed(first);
            assertListed("127.0.0.1:" + second);
            assertMBeanPort(second);
            tunnel.assertEchoes("still echoing after the listener moved".getBytes(StandardCharsets.UTF_8));
            assertTrue(
                    "the tunnel's session outlives the rebind",
                    sessions.session(session.id()).isPresent());
            try (Socks5Tunnel moved = Socks5Tunnel.open(second, echo.address(), READ_TIMEOUT_MILLIS)) {
                moved.assertEchoes("through the new port".getBytes(StandardCharsets.UTF_8));
            }

            Files.delete(file());
            awaitClosed(second);
            tunnel.assertClosedByProxy("after its listener's file was deleted");
            await().atMost(WAIT).until(() -> sessions.sessions().stream().noneMatch(s -> NAME.equals(s.listener())));
        }
        await().atMost(WAIT)
                .until(() -> ShellOutput.row(KarafShell.execute(shell, "socks:listener-list --no-format"), 0, NAME)
                        .isEmpty());
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName mbean = new ObjectName("io.socksgate:type=Listener,name=" + NAME);
        await().atMost(WAIT).until(() -> !server.isRegistered(mbean));
    }

    /**
     * Writes the listener's file at once: under a name File Install ignores, then moved into
     * place, so it never reads half a file.
     */
    private void write(int port) throws IOException {
        String text = String.join(
                "\n",
                "# written by " + getClass().getSimpleName(),
                "bind = 127.0.0.1",
                "port = " + port,
                "timeout.handshake = 5",
                "");
        Path temp = file().resolveSibling(file().getFileName() + ".tmp");
        Files.writeString(temp, text, StandardCharsets.ISO_8859_1);
        Files.move(temp, file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private SessionInfo sessionOf(int clientPort) {
        return sessions.sessions().stream()
                .filter(s -> s.client() != null && s.client().getPort() == clientPort)
                .findFirst()
                .orElse(null);
    }

    /** socks:listener-list shows the listener bound where the file says (a moment after the port opened). */
    private void assertListed(String bound) {
        await().atMost(WAIT).untilAsserted(() -> {
            String printed = KarafShell.execute(shell, "socks:listener-list --no-format");
            List<String> row = ShellOutput.row(printed, 0, NAME)
                    .orElseThrow(() -> new AssertionError("no listener " + NAME + " in:\n" + printed));
            assertEquals("Bound of " + row, bound, row.get(1));
            assertEquals("State of " + row, "listening", row.get(4));
        });
    }

    private void assertMBeanPort(int port) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName mbean = new ObjectName("io.socksgate:type=Listener,name=" + NAME);
        await().atMost(WAIT)
                .ignoreExceptions()
                .until(() -> ((Number) server.getAttribute(mbean, "Port")).intValue() == port);
        assertEquals("State of " + mbean, "LISTENING", String.valueOf(server.getAttribute(mbean, "State")));
    }
}
