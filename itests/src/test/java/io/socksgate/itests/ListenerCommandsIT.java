package io.socksgate.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Listeners are validated like rules: a bad value is one log line per bad key and a Problem in
 * {@code socks:listener-list}, never a stack trace or a listener that silently vanished; and
 * {@code socks:listener-add}/{@code socks:listener-remove} manage listeners as Config Admin
 * configurations backed by {@code etc/} files.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ListenerCommandsIT extends SocksgateTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(60);

    // socks:listener-list columns
    private static final int NAME = 0;
    private static final int BOUND = 1;
    private static final int STATE = 4;
    private static final int PROBLEM = 7;

    @Inject
    private SessionFactory shell;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Before
    public void commandsUp() {
        awaitListening(socksPort());
        await().atMost(WAIT).ignoreExceptions().until(() -> ShellOutput.row(
                        KarafShell.execute(shell, "socks:listener-list --no-format"), NAME, "default")
                .isPresent());
    }

    @After
    public void removeFiles() throws IOException {
        for (String name : List.of("itest-typo", "itest-added", "itest-transparent")) {
            Files.deleteIfExists(file(name));
        }
    }

    @Test
    public void aBadValueIsOneLogLinePerKeyAndAProblemInTheListUntilTheFileIsFixed() throws Exception {
        write("itest-typo", "bind = 10.0.0.256", "port = 10x8", "protocols = socks5, socks6");

        List<String> row = awaitRow("itest-typo", r -> r.get(STATE).equals("invalid"));
        String problem = row.get(PROBLEM);
        assertTrue(problem, problem.contains("port = '10x8': expected a whole number from 1 to 65535"));
        assertTrue(problem, problem.contains("bind = '10.0.0.256': 10.0.0.256 is not an IP address"));
        assertTrue(
                problem,
                problem.contains(
                        "protocols = 'socks5, socks6': unknown protocol 'socks6'; expected socks4, socks5, http or transparent"));
        assertEquals("Bound of " + row, "-", row.get(BOUND));

        Path log = KarafLog.path();
        String marker = "listener [itest-typo] (";
        await().atMost(WAIT).until(() -> KarafLog.linesWith(marker).size() >= 3);
        List<String> lines = KarafLog.linesWith(marker);
        assertEquals("one line per bad key:\n" + String.join("\n", lines), 3, lines.size());
        for (String key : List.of("port = '10x8'", "bind = '10.0.0.256'", "protocols = 'socks5, socks6'")) {
            assertEquals(
                    key + " in:\n" + String.join("\n", lines),
                    1,
                    lines.stream()
                            .filter(l -> l.contains("ERROR") && l.contains("is invalid and not started: " + key))
                            .count());
        }
        String whole = Files.readString(log, StandardCharsets.UTF_8);
        assertFalse("no stack trace in " + log, whole.contains("NumberFormatException"));

        int port = freePort();
        write("itest-typo", "bind = 127.0.0.1", "port = " + port);
        awaitListening(port);
        List<String> fixed = awaitRow("itest-typo", r -> r.get(STATE).equals("listening"));
        assertEquals("Problem of " + fixed, "", fixed.get(PROBLEM));
        Files.delete(file("itest-typo"));
        awaitClosed(port);
    }

    @Test
    public void listenerAddStartsAWorkingListenerWithItsFileAndListenerRemoveUndoesIt() throws Exception {
        int port = freePort();
        String added = KarafShell.execute(shell, "socks:listener-add --port " + port + " itest-added");
        assertTrue(
                added,
                added.contains("Added listener itest-added (") && added.contains("listening on 127.0.0.1:" + port));

        // working at once: the command returned once it listened
        assertTrue("a SOCKS5 answer on " + port, Socks5Tunnel.greets(port, READ_TIMEOUT_MILLIS));
        try (EchoServer echo = new EchoServer();
                Socks5Tunnel tunnel = Socks5Tunnel.open(port, echo.address(), READ_TIMEOUT_MILLIS)) {
            tunnel.assertEchoes("through the added listener".getBytes(StandardCharsets.UTF_8));
        }
        Path file = file("itest-added");
        assertTrue(file + " written", Files.isRegularFile(file));
        assertTrue(Files.readString(file, StandardCharsets.ISO_8859_1).contains("port = " + port));
        Configuration[] configurations = configurationAdmin.listConfigurations(
                "(&(service.factoryPid=io.socksgate.listener)(name=itest-added))");
        assertNotNull("a configuration for itest-added", configurations);
        assertEquals(1, configurations.length);
        String list = KarafShell.execute(shell, "config:list '(service.factoryPid=io.socksgate.listener)'");
        assertTrue(list, list.contains("io.socksgate.listener-itest-added.cfg"));

        // an invalid change keeps the listener serving and shows the problem
        Dictionary<String, Object> properties = configurations[0].getProperties();
        Dictionary<String, Object> changed = new Hashtable<>();
        for (String key : java.util.Collections.list(properties.keys())) {
            changed.put(key, properties.get(key));
        }
        changed.put("port", "10x8");
        configurations[0].update(changed);
        List<String> row = awaitRow("itest-added", r -> !r.get(PROBLEM).isEmpty());
        assertEquals("State of " + row, "listening", row.get(STATE));
        assertEquals("Bound of " + row, "127.0.0.1:" + port, row.get(BOUND));
        assertEquals("Problem of " + row, "port = '10x8': expected a whole number from 1 to 65535", row.get(PROBLEM));
        assertTrue("still serving on " + port, Socks5Tunnel.greets(port, READ_TIMEOUT_MILLIS));

        // the same name twice, or a bad value: refused, nothing written
        String twice = KarafShell.executeFailing(shell, "socks:listener-add --port " + freePort() + " itest-added");
        assertTrue(twice, twice.contains("already exists"));
        String bad = KarafShell.executeFailing(shell, "socks:listener-add --port 10x8 --bind 10.0.0.256 itest-bad");
        assertTrue(bad, bad.contains("port = '10x8'") && bad.contains("bind = '10.0.0.256'"));
        assertFalse(Files.exists(file("itest-bad")));

        String removed = KarafShell.execute(shell, "socks:listener-remove itest-added");
        assertTrue(removed, removed.contains("Removed listener itest-added"));
        assertFalse("port " + port + " closed when listener-remove returned", accepts(port));
        await().atMost(WAIT).until(() -> !Files.exists(file));
        assertFalse(ShellOutput.row(KarafShell.execute(shell, "socks:listener-list --no-format"), NAME, "itest-added")
                .isPresent());
        String gone = KarafShell.executeFailing(shell, "socks:listener-remove itest-added");
        assertTrue(gone, gone.contains("Listener itest-added not found"));
    }

    /**
     * This Karaf runs the feature socksgate without socksgate-transparent, so without JNA: a
     * transparent listener is invalid with a problem that says what to install, listener-add
     * refuses it, and every other listener serves as before.
     */
    @Test
    public void withoutJnaATransparentListenerIsInvalidAndSaysWhatToInstall() throws Exception {
        assertFalse(
                "this test needs a Karaf without JNA",
                KarafShell.execute(shell, "bundle:list -s -t 0 --no-format").contains("com.sun.jna"));
        String expected =
                "protocols = 'transparent': transparent mode needs JNA: feature:install" + " socksgate-transparent";
        int port = freePort();
        write("itest-transparent", "protocols = transparent", "port = " + port);
        List<String> row = awaitRow("itest-transparent", r -> r.get(STATE).equals("invalid"));
        assertTrue(row.get(PROBLEM), row.get(PROBLEM).startsWith(expected));
        assertFalse("nothing listens on " + port, accepts(port));

        String refused = KarafShell.executeFailing(
                shell, "socks:listener-add --port " + freePort() + " --protocols transparent itest-tp-added");
        assertTrue(refused, refused.contains(expected));
        assertFalse(Files.exists(file("itest-tp-added")));
        assertTrue("the default listener still serves", Socks5Tunnel.greets(socksPort(), READ_TIMEOUT_MILLIS));
    }

    private static Path file(String name) {
        return Path.of(System.getProperty("karaf.etc"), "io.socksgate.listener-" + name + ".cfg");
    }

    /** Writes the listener's file at once (under another name, then moved), as an operator's editor would. */
    private static void write(String name, String... lines) throws IOException {
        Path file = file(name);
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, String.join("\n", lines) + "\n", StandardCharsets.ISO_8859_1);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private List<String> awaitRow(String name, java.util.function.Predicate<List<String>> condition) {
        return await().atMost(WAIT)
                .until(
                        () -> ShellOutput.row(KarafShell.execute(shell, "socks:listener-list --no-format"), NAME, name)
                                .map(ListenerCommandsIT::padded)
                                .filter(condition)
                                .orElse(null),
                        r -> r != null);
    }

    /** The row with every column: --no-format may leave out an empty last cell. */
    private static List<String> padded(List<String> row) {
        List<String> cells = new java.util.ArrayList<>(row);
        while (cells.size() <= PROBLEM) {
            cells.add("");
        }
        return cells;
    }
}
