package io.socksgate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.awaitility.Awaitility;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * This host's own addresses through the shipped rules, with the built assembly running as a real
 * Karaf inside a network namespace the test creates (root; {@code iproute2}): the namespace's
 * loopback device also carries 10.77.0.1, the proxy host's "LAN" address, where a service of the
 * host listens. All traffic stays inside the namespace: the clients run there too ({@code ip
 * netns exec ... python3}). Not a Pax Exam test: Pax Exam cannot start its Karaf in a namespace.
 *
 * <p>Checked: every port of a host address is denied by default ({@code deny-self}); an
 * operator's allow rule for that address opens an ordinary port but not the ssh port this Karaf
 * was configured with ({@code deny-management-ports}, {@code destination.ports = management}); and
 * when {@code sshPort} changes, the new port is denied at once.
 */
public class SelfAddressNamespaceIT {

    private static final String LAN = "10.77.0.1";
    private static final int SOCKS_PORT = 1080; // the shipped listener; the namespace has its own ports
    private static final int SSH_PORT = 8222; // not Karaf's 8101: must come from the configuration
    private static final int MOVED_SSH_PORT = 8333;
    private static final int DATABASE_PORT = 5432;
    private static final int GRANTED = 0;
    private static final int NOT_ALLOWED = 2;

    private final String namespace = "sg-self-" + UUID.randomUUID().toString().substring(0, 8);
    private Path karaf;
    private Path probe;
    private Process karafProcess;

    @Before
    public void startKarafInANamespace() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            fail("this test creates a network namespace and must run as root (ip netns add)");
        }
        String ip = ClientProcess.require("ip", "iproute2");
        ClientProcess.requireExecutable("/usr/bin/python3", "python3");
        HostCommand.run(ip, "netns", "add", namespace);
        HostCommand.run(ip, "-n", namespace, "link", "set", "lo", "up");
        HostCommand.run(ip, "-n", namespace, "addr", "add", LAN + "/32", "dev", "lo");

        Path target = Path.of("target").toAbsolutePath();
        karaf = Files.createTempDirectory(target, "self-namespace-karaf-");
        HostCommand.run(
                "tar",
                "-xzf",
                System.getProperty("socksgate.assembly"),
                "-C",
                karaf.toString(),
                "--strip-components=1");
        Path etc = karaf.resolve("etc");
        append(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort = " + SSH_PORT);
        append(etc.resolve("config.properties"), "karaf.shutdown.port = -1");
        append(etc.resolve("org.ops4j.pax.url.mvn.cfg"), "org.ops4j.pax.url.mvn.repositories =");
        probe = ClientProcess.copyResource("socks_connect_probe.py", karaf.resolve("socks_connect_probe.py"));

        ProcessBuilder builder = new ProcessBuilder(
                        ip,
                        "netns",
                        "exec",
                        namespace,
                        karaf.resolve("bin/karaf").toString(),
                        "server")
                .directory(karaf.toFile())
                .redirectErrorStream(true)
                .redirectOutput(karaf.resolve("console.txt").toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        karafProcess = builder.start();
        Awaitility.await("Socksgate answering in namespace " + namespace)
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> !probe("127.0.0.1", 1, false).equals("NOPROXY"));
    }

    @After
    public void stopKarafAndRemoveTheNamespace() throws Exception {
        try {
            if (karafProcess != null) {
                // bin/karaf is a script running the JVM: stop both, and wait for each to be gone.
                List<ProcessHandle> processes =
                        new ArrayList<>(karafProcess.descendants().toList());
                processes.add(karafProcess.toHandle());
                processes.forEach(ProcessHandle::destroy);
                for (ProcessHandle process : processes) {
                    try {
                        process.onExit().get(30, TimeUnit.SECONDS);
                    } catch (TimeoutException e) {
                        process.destroyForcibly();
                        process.onExit().get(10, TimeUnit.SECONDS);
                    }
                }
            }
        } finally {
            HostCommand.run("ip", "netns", "delete", namespace);
            if (karaf != null) {
                HostCommand.run("rm", "-rf", karaf.toString());
            }
        }
    }

    @Test
    public void thisHostsAddressesAreDeniedAndItsManagementPortsStaySoWhenAllowed() throws Exception {
        assertEquals("a service on the host's LAN address, shipped rules", NOT_ALLOWED, reply(DATABASE_PORT, true));

        // The operator opens the host's LAN address (order 15 < deny-self's 20).
        Files.writeString(
                karaf.resolve("etc/io.socksgate.rule-allow-lan-self.cfg"),
                "order = 15\naction = allow\nsource = 127.0.0.1\ndestination = " + LAN + "\n");
        Awaitility.await("the allow rule counts")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> reply(DATABASE_PORT, true) == GRANTED);
        assertEquals("Karaf's ssh port from org.apache.karaf.shell", NOT_ALLOWED, reply(SSH_PORT, false));
        assertEquals("the JMX RMI registry", NOT_ALLOWED, reply(1099, false));

        // Moving ssh moves the guard with it.
        Path shell = karaf.resolve("etc/org.apache.karaf.shell.cfg");
        String moved = Files.readString(shell).replace("sshPort = " + SSH_PORT, "sshPort = " + MOVED_SSH_PORT);
        Files.writeString(shell, moved);
        Awaitility.await("the moved ssh port is a management port")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> reply(MOVED_SSH_PORT, false) == NOT_ALLOWED);
        assertNotEquals(
                "the old ssh port is an ordinary port of the LAN address now", NOT_ALLOWED, reply(SSH_PORT, false));
    }

    /** The SOCKS5 reply code to CONNECT LAN:port from inside the namespace. */
    private int reply(int port, boolean serve) throws Exception {
        String out = probe(LAN, port, serve);
        assertTrue("probe output: " + out + console(), out.startsWith("REPLY "));
        return Integer.parseInt(out.substring("REPLY ".length()).trim());
    }

    private String probe(String host, int port, boolean serve) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "ip",
                "netns",
                "exec",
                namespace,
                "/usr/bin/python3",
                "-I",
                probe.toString(),
                String.valueOf(SOCKS_PORT),
                host,
                String.valueOf(port)));
        if (serve) {
            command.add("--serve");
        }
        return HostCommand.run(command.toArray(String[]::new)).strip();
    }

    private String console() throws IOException {
        Path log = karaf.resolve("data/log/karaf.log");
        String text = Files.isRegularFile(log) ? Files.readString(log) : "(no karaf.log)";
        return "\n  karaf.log (end): " + text.substring(Math.max(0, text.length() - 4000));
    }

    private static void append(Path file, String line) throws IOException {
        Files.writeString(file, "\n" + line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
}
