package io.socksgate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Transparent mode end to end (issue 17, seed 004): in a network namespace the test creates
 * (root; {@code iproute2}, {@code iptables}), iptables/ip6tables {@code REDIRECT} in the OUTPUT
 * chain send the TCP connections of user {@code nobody} to 10.77.0.1 and fd77::1 to Socksgate's
 * transparent listener. The built assembly runs as a real Karaf inside the namespace (Pax Exam's
 * Karaf would run in this host's namespace, where no redirected connection could reach it), with
 * {@code socksgate-transparent} booted and its {@code bin/setenv}; the clients (curl, and a plain
 * Python socket client) run there as {@code nobody} through {@code setpriv}, from 10.77.0.2 and
 * fd77::2, while Socksgate and Squid (root, {@code proxy}) are not redirected. A target in the
 * namespace records who connected to it.
 *
 * <p>Port 8000 is allowed direct, 8001 through a Squid with Basic authentication (seed 004's exact
 * flow: REDIRECT, Socksgate, {@code CONNECT ip:port} to Squid, target), 8002 is left to the shipped
 * {@code deny-self} rule. The namespace is deleted (its iptables rules with it) after the tests,
 * however they ended: {@code ip netns list} is as before.
 */
public class TransparentNamespaceIT {

    private static final String TARGET4 = "10.77.0.1";
    private static final String CLIENT4 = "10.77.0.2";
    private static final String TARGET6 = "fd77::1";
    private static final String CLIENT6 = "fd77::2";
    /** Ports inside the namespace, which is new: nothing else listens there. */
    private static final int TRANSPARENT_PORT = 12345;

    private static final int SOCKS_PORT = 1080;
    private static final int SQUID_PORT = 3128;
    private static final int SSH_PORT = 8101;
    private static final int DIRECT = 8000;
    private static final int VIA_SQUID = 8001;
    private static final int DENIED = 8002;
    private static final String SQUID_USER = "sg";
    private static final String SQUID_PASSWORD = "sg-secret";

    private static final String NAMESPACE =
            "sg-tp-" + UUID.randomUUID().toString().substring(0, 8);
    private static Path work;
    private static Path karaf;
    private static Path squidDirectory;
    private static String ip;
    private static String setpriv;
    private static String curl;
    private static String python;
    private static String clientScript;
    private static boolean namespaceCreated;
    private static final List<ClientProcess.Started> servers = new ArrayList<>();
    private static Process karafProcess;

    @BeforeClass
    public static void namespaceWithRedirectsKarafSquidAndTarget() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            fail("this test creates a network namespace and must run as root (ip netns add)");
        }
        ip = ClientProcess.require("ip", "iproute2");
        String iptables = ClientProcess.require("iptables", "iptables");
        String ip6tables = ClientProcess.require("ip6tables", "iptables");
        setpriv = ClientProcess.require("setpriv", "util-linux");
        curl = ClientProcess.require("curl", "curl");
        python = ClientProcess.requireExecutable("/usr/bin/python3", "python3");
        String squid = ClientProcess.requireExecutable("/usr/sbin/squid", "squid");
        String ncsa = ClientProcess.requireExecutable("/usr/lib/squid/basic_ncsa_auth", "squid");
        String openssl = ClientProcess.require("openssl", "openssl");
        clientScript = resource("transparent_client.py");

        work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "transparent-");
        HostCommand.run(ip, "netns", "add", NAMESPACE);
        namespaceCreated = true;
        inNamespace(ip, "link", "set", "lo", "up");
        inNamespace(ip, "addr", "add", TARGET4 + "/32", "dev", "lo");
        inNamespace(ip, "addr", "add", CLIENT4 + "/32", "dev", "lo");
        inNamespace(ip, "-6", "addr", "add", TARGET6 + "/128", "dev", "lo", "nodad");
        inNamespace(ip, "-6", "addr", "add", CLIENT6 + "/128", "dev", "lo", "nodad");
        // Only nobody's connections: Socksgate (root) and Squid (proxy) reach the targets themselves.
        for (String[] family : List.of(new String[] {iptables, TARGET4}, new String[] {ip6tables, TARGET6})) {
            inNamespace(
                    family[0],
                    "-t",
                    "nat",
                    "-A",
                    "OUTPUT",
                    "-p",
                    "tcp",
                    "-d",
                    family[1],
                    "-m",
                    "owner",
                    "--uid-owner",
                    "nobody",
                    "-j",
                    "REDIRECT",
                    "--to-ports",
                    String.valueOf(TRANSPARENT_PORT));
        }

        startTarget();
        startSquid(squid, ncsa, openssl);
        startKaraf();
    }

    @AfterClass
    public static void stopEverythingAndDeleteTheNamespace() throws Exception {
        try {
            if (karafProcess != null) {
                stopTree(karafProcess.toHandle());
            }
            for (ClientProcess.Started server : servers) {
                server.kill();
            }
            if (namespaceCreated) {
                // Whatever else still runs in the namespace was started by this test: end it by pid.
                String pids = HostCommand.run(ip, "netns", "pids", NAMESPACE);
                for (String pid : pids.split("\\s+")) {
                    if (!pid.isBlank()) {
                        ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(TransparentNamespaceIT::stopTree);
                    }
                }
            }
        } finally {
            if (namespaceCreated) {
                HostCommand.run(ip, "netns", "delete", NAMESPACE);
                assertFalse(
                        "namespace " + NAMESPACE + " deleted",
                        HostCommand.run(ip, "netns", "list").contains(NAMESPACE));
            }
            if (work != null) {
                HostCommand.run("rm", "-rf", work.toString());
            }
        }
    }

    @Test
    public void curlReachesItsDestinationThroughSocksgateOverIpv4AndIpv6() throws Exception {
        for (String[] pair : List.of(new String[] {CLIENT4, TARGET4}, new String[] {CLIENT6, TARGET6})) {
            String page = curlAsNobody(pair[0], pair[1], DIRECT);
            // The target saw Socksgate connect (from the namespace's 10.77.0.1 / fd77::1), not the client.
            assertEquals("page", "hello from the target, peer " + pair[1], page.strip());
        }
        awaitAccessLog(
                CLIENT4 + " TCP_TUNNEL/200 ",
                " CONNECT " + TARGET4 + ":" + DIRECT + " - ORIGINAL_DST/" + TARGET4 + " tp-direct");
        awaitAccessLog("fd77::2 TCP_TUNNEL/200 ", " CONNECT [fd77::1]:" + DIRECT + " - ORIGINAL_DST/fd77::1 tp-direct");
    }

    @Test
    public void aPlainSocketClientsBytesArriveIntactBothWays() throws Exception {
        int size = 4 * 1024 * 1024;
        assertEquals("INTACT " + size, clientAsNobody(CLIENT4, TARGET4, DIRECT, size));
        assertEquals("INTACT " + size, clientAsNobody(CLIENT6, TARGET6, DIRECT, size));
        awaitAccessLog(CLIENT4 + " TCP_TUNNEL/200 " + (2L * size) + " CONNECT " + TARGET4 + ":" + DIRECT);
        awaitAccessLog("fd77::2 TCP_TUNNEL/200 " + (2L * size) + " CONNECT");
    }

    /** Seed 004's flow: REDIRECT, Socksgate, {@code CONNECT original-ip:port} to Squid with Basic auth, target. */
    @Test
    public void throughSquidWithBasicAuthenticationAsSeed004Describes() throws Exception {
        assertEquals(
                "hello from the target, peer " + TARGET4,
                curlAsNobody(CLIENT4, TARGET4, VIA_SQUID).strip());
        assertEquals(
                "hello from the target, peer " + TARGET6,
                curlAsNobody(CLIENT6, TARGET6, VIA_SQUID).strip());
        int size = 1024 * 1024;
        assertEquals("INTACT " + size, clientAsNobody(CLIENT4, TARGET4, VIA_SQUID, size));

        awaitAccessLog(
                CLIENT4 + " TCP_TUNNEL/200 ",
                " CONNECT " + TARGET4 + ":" + VIA_SQUID + " - FIRSTUP_PARENT/127.0.0.1 tp-via-squid");
        awaitAccessLog("fd77::2 TCP_TUNNEL/200 ", " - FIRSTUP_PARENT/127.0.0.1 tp-via-squid");
        // Squid's side: Socksgate (127.0.0.1) asked it, authenticated, for the original ip:port.
        Awaitility.await("Squid's access.log shows the CONNECTs to the original destinations")
                .atMost(Duration.ofSeconds(30))
                .until(() -> squidLog()
                                .lines()
                                .filter(l -> l.contains(" 127.0.0.1 TCP_TUNNEL/200 ")
                                        && l.contains(" CONNECT " + TARGET4 + ":" + VIA_SQUID + " " + SQUID_USER + " "))
                                .count()
                        >= 2);
        assertTrue(squidLog(), squidLog().contains(" CONNECT [" + TARGET6 + "]:" + VIA_SQUID + " " + SQUID_USER + " "));
    }

    @Test
    public void aDeniedDestinationIsClosedWithoutAByteAndLogged() throws Exception {
        assertEquals("CLOSED 0", clientAsNobody(CLIENT4, TARGET4, DENIED, 1000));
        awaitAccessLog(CLIENT4 + " TCP_DENIED/403 0 CONNECT " + TARGET4 + ":" + DENIED + " - NONE/- deny-self");
        awaitKarafLog("CONNECT " + TARGET4 + ":" + DENIED + " refused: denied by rule deny-self");
        assertFalse("the target never saw the denied connection", targetLog().contains(DENIED + " "));
    }

    @Test
    public void theLoopGuardClosesConnectionsToSocksgatesOwnListeners() throws Exception {
        // Not redirected (root): the original destination is the transparent listener itself.
        assertEquals("CLOSED 0", client(List.of(), "127.0.0.1", "127.0.0.1", TRANSPARENT_PORT, 1000));
        awaitKarafLog(
                "CONNECT 127.0.0.1:" + TRANSPARENT_PORT + " refused: loop guard: the original destination 127.0.0.1:"
                        + TRANSPARENT_PORT + " is a listener of this Socksgate");
        awaitAccessLog(" TCP_DENIED/403 0 CONNECT 127.0.0.1:" + TRANSPARENT_PORT + " - NONE/- -");
        // Redirected to a destination where another listener (the SOCKS one) is bound.
        assertEquals("CLOSED 0", clientAsNobody(CLIENT4, TARGET4, SOCKS_PORT, 1000));
        awaitKarafLog("refused: loop guard: the original destination " + TARGET4 + ":" + SOCKS_PORT
                + " is a listener of this Socksgate");
        awaitAccessLog(CLIENT4 + " TCP_DENIED/403 0 CONNECT " + TARGET4 + ":" + SOCKS_PORT + " - NONE/- -");
    }

    @Test
    public void theShellShowsTheListenerAndItsSessionsAsTransparent() throws Exception {
        String listeners = shell("socks:listener-list --no-format");
        assertTrue(
                listeners,
                listeners
                        .lines()
                        .map(TransparentNamespaceIT::cells)
                        .anyMatch(cells -> cells.size() > 2
                                && cells.get(0).equals("tp")
                                && cells.get(2).equals("transparent")));
        ClientProcess.Started held = ClientProcess.start(
                work,
                asNobody(python, "-I", "-c", clientScript, CLIENT4, TARGET4, String.valueOf(DIRECT), "10", "hold"),
                true);
        try {
            assertEquals("HELD", held.exchangeLine("", 30_000));
            String sessions = shell("socks:session-list --no-format");
            assertTrue(
                    sessions,
                    sessions.lines()
                            .map(TransparentNamespaceIT::cells)
                            .anyMatch(cells -> cells.contains("transparent")
                                    && cells.stream().anyMatch(c -> c.startsWith(CLIENT4 + ":"))
                                    && cells.contains(TARGET4 + ":" + DIRECT)));
        } finally {
            held.closeStdin();
            held.await();
        }
    }

    /** The cells of a {@code --no-format} table line: tab-separated, padded with spaces. */
    private static List<String> cells(String line) {
        return Stream.of(line.split("\t")).map(String::strip).toList();
    }

    // --- the namespace's parts

    private static void startTarget() throws Exception {
        ClientProcess.Started target = ClientProcess.start(
                work,
                inNamespaceCommand(
                        python,
                        "-I",
                        "-c",
                        resource("transparent_target.py"),
                        work.resolve("target.log").toString(),
                        TARGET4 + "," + TARGET6,
                        DIRECT + "," + VIA_SQUID + "," + DENIED),
                true);
        servers.add(target);
        assertEquals("the target's first line", "READY", target.exchangeLine("", 30_000));
    }

    private static void startSquid(String squid, String ncsa, String openssl) throws Exception {
        squidDirectory = Files.createDirectories(work.resolve("squid"));
        // Squid drops to the user proxy: its directory must be writable by it.
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(squidDirectory, PosixFilePermissions.fromString("rwxrwxrwx"));
        ClientProcess.Finished hashed = ClientProcess.run(
                work,
                List.of(openssl, "passwd", "-6", "-stdin"),
                (SQUID_PASSWORD + "\n").getBytes(StandardCharsets.UTF_8));
        hashed.assertExitCode(0);
        Path passwords = squidDirectory.resolve("passwords");
        Files.writeString(passwords, SQUID_USER + ":" + hashed.stdout.strip() + "\n", StandardCharsets.US_ASCII);
        String conf = String.join(
                "\n",
                "http_port 127.0.0.1:" + SQUID_PORT,
                "acl socksgate src 127.0.0.1/32",
                "acl targets dst " + TARGET4 + "/32 " + TARGET6 + "/128",
                "acl CONNECT method CONNECT",
                "auth_param basic program " + ncsa + " " + passwords,
                "auth_param basic realm itest-squid",
                "acl authenticated proxy_auth REQUIRED",
                "http_access allow CONNECT socksgate targets authenticated",
                "http_access deny all",
                "cache deny all",
                "cache_mem 0 MB",
                "access_log stdio:" + squidDirectory.resolve("access.log") + " squid",
                "cache_log " + squidDirectory.resolve("cache.log"),
                "pid_filename " + squidDirectory.resolve("squid.pid"),
                "coredump_dir " + squidDirectory,
                "pinger_enable off",
                "shutdown_lifetime 0 seconds",
                "hosts_file /etc/hosts",
                "dns_nameservers 127.0.0.1",
                "");
        Path file = squidDirectory.resolve("squid.conf");
        Files.writeString(file, conf, StandardCharsets.US_ASCII);
        ClientProcess.Started started =
                ClientProcess.start(squidDirectory, inNamespaceCommand(squid, "-N", "-f", file.toString()), false);
        servers.add(started);
        Awaitility.await("Squid accepting on 127.0.0.1:" + SQUID_PORT + " in the namespace")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    if (!started.process.isAlive()) {
                        fail("squid ended at start: " + started.describe(started.process.exitValue(), "") + "\n"
                                + read(squidDirectory.resolve("cache.log")));
                    }
                    return accepts("127.0.0.1", SQUID_PORT);
                });
    }

    private static void startKaraf() throws Exception {
        karaf = Files.createDirectories(work.resolve("karaf"));
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
        // Booted with Socksgate, so JNA is wired from the start (installed later it refreshes bundles).
        Path features = etc.resolve("org.apache.karaf.features.cfg");
        String boot = Files.readString(features);
        String socksgate = boot.lines()
                .filter(l -> l.strip().startsWith("socksgate/"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no socksgate in featuresBoot:\n" + boot))
                .strip();
        Files.writeString(features, boot.replace(socksgate, socksgate + ", socksgate-transparent"));
        // The SOCKS listener also on the "LAN" address: a redirected connection there loops.
        Files.writeString(
                etc.resolve("io.socksgate.listener-default.cfg"),
                "bind = 127.0.0.1, " + TARGET4 + "\nport = " + SOCKS_PORT + "\nprotocols = socks5, http\n");
        Files.writeString(
                etc.resolve("io.socksgate.listener-tp.cfg"),
                "protocols = transparent\nbind = 127.0.0.1, ::1\nport = " + TRANSPARENT_PORT + "\n");
        Files.writeString(
                etc.resolve("io.socksgate.upstream-squid.cfg"),
                "type = http\nservers = 127.0.0.1:" + SQUID_PORT + "\nusername = " + SQUID_USER + "\npassword = "
                        + SQUID_PASSWORD + "\n");
        String clients = "source = " + CLIENT4 + ", " + CLIENT6 + "\n";
        String targets = "destination = " + TARGET4 + ", " + TARGET6 + "\n";
        Files.writeString(
                etc.resolve("io.socksgate.rule-tp-via-squid.cfg"),
                "order = 3\naction = allow\nprotocols = transparent\n" + clients + targets + "destination.ports = "
                        + VIA_SQUID + "\nupstream = squid\n");
        Files.writeString(
                etc.resolve("io.socksgate.rule-tp-direct.cfg"),
                "order = 4\naction = allow\nprotocols = transparent\n" + clients + targets + "destination.ports = "
                        + DIRECT + "\n");

        ProcessBuilder builder = new ProcessBuilder(
                        inNamespaceCommand(karaf.resolve("bin/karaf").toString(), "server"))
                .directory(karaf.toFile())
                .redirectErrorStream(true)
                .redirectOutput(karaf.resolve("console.txt").toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        karafProcess = builder.start();
        // Ready when the listener, its rules and the upstream are in force: a redirected curl is served.
        try {
            Awaitility.await("Socksgate serving redirected connections in namespace " + NAMESPACE)
                    .atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        if (!karafProcess.isAlive()) {
                            fail("Karaf ended: " + read(karaf.resolve("console.txt")));
                        }
                        return transparentListenerListening() && curlStatus(CLIENT4, TARGET4, DIRECT) == 0;
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            String log = read(karaf.resolve("data/log/karaf.log"));
            throw new AssertionError(
                    e.getMessage() + "\n  last curl:"
                            + ClientProcess.run(work, asNobody(curlArguments(CLIENT4, TARGET4, DIRECT)))
                            + "\n  karaf.log (end): "
                            + log.substring(Math.max(0, log.length() - 6000)),
                    e);
        }
    }

    private static boolean transparentListenerListening() throws IOException {
        return read(karaf.resolve("data/log/karaf.log")).contains("listener [tp] listening on");
    }

    // --- clients, as nobody so that the REDIRECT catches them

    private static List<String> asNobody(String... command) {
        List<String> full = inNamespaceCommand(setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups");
        full.addAll(List.of(command));
        return full;
    }

    private static String curlAsNobody(String source, String destination, int port) throws Exception {
        ClientProcess.Finished done = ClientProcess.run(work, asNobody(curlArguments(source, destination, port)));
        done.assertExitCode(0);
        return done.stdout;
    }

    private static int curlStatus(String source, String destination, int port) throws Exception {
        return ClientProcess.run(work, asNobody(curlArguments(source, destination, port))).exitCode;
    }

    private static String[] curlArguments(String source, String destination, int port) {
        String host = destination.contains(":") ? "[" + destination + "]" : destination;
        return new String[] {curl, "-sS", "-m", "20", "--interface", source, "http://" + host + ":" + port + "/"};
    }

    private static String clientAsNobody(String source, String destination, int port, int bytes) throws Exception {
        return client(asNobody(), source, destination, port, bytes);
    }

    /** Runs the socket client in the namespace, as nobody when {@code prefix} says so; returns its one line. */
    private static String client(List<String> prefix, String source, String destination, int port, int bytes)
            throws Exception {
        List<String> command = new ArrayList<>(prefix.isEmpty() ? inNamespaceCommand() : prefix);
        command.addAll(List.of(
                python, "-I", "-c", clientScript, source, destination, String.valueOf(port), String.valueOf(bytes)));
        ClientProcess.Finished done = ClientProcess.run(work, command);
        done.assertExitCode(0);
        return done.stdout.strip();
    }

    private static String shell(String command) throws Exception {
        ClientProcess.Finished done = ClientProcess.run(
                work,
                inNamespaceCommand(
                        karaf.resolve("bin/client").toString(),
                        "-a",
                        String.valueOf(SSH_PORT),
                        "-u",
                        "karaf",
                        "-p",
                        "karaf",
                        "-b"),
                (command + "\n").getBytes(StandardCharsets.UTF_8));
        done.assertExitCode(0);
        return done.stdout;
    }

    private static boolean accepts(String host, int port) throws Exception {
        String probe = "import socket; socket.create_connection(('" + host + "', " + port + "), 1).close()";
        return ClientProcess.run(work, inNamespaceCommand(python, "-I", "-c", probe)).exitCode == 0;
    }

    // --- logs

    private static void awaitAccessLog(String... parts) {
        Path log = karaf.resolve("data/log/socks-access.log");
        Awaitility.await("a line of socks-access.log with " + List.of(parts))
                .atMost(Duration.ofSeconds(30))
                .until(() -> read(log).lines().anyMatch(l -> Stream.of(parts).allMatch(l::contains)));
    }

    private static void awaitKarafLog(String text) {
        Awaitility.await("karaf.log saying " + text)
                .atMost(Duration.ofSeconds(30))
                .until(() -> read(karaf.resolve("data/log/karaf.log")).contains(text));
    }

    private static String squidLog() throws IOException {
        return read(squidDirectory.resolve("access.log"));
    }

    private static String targetLog() throws IOException {
        return read(work.resolve("target.log"));
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
    }

    // --- plumbing

    private static String resource(String name) throws IOException {
        try (InputStream in = TransparentNamespaceIT.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> inNamespaceCommand(String... command) {
        List<String> full = new ArrayList<>(List.of(ip, "netns", "exec", NAMESPACE));
        full.addAll(List.of(command));
        return full;
    }

    private static void inNamespace(String... command) throws Exception {
        ClientProcess.run(work, inNamespaceCommand(command)).assertExitCode(0);
    }

    private static void append(Path file, String line) throws IOException {
        Files.writeString(file, "\n" + line + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    }

    /** Stops a process and its descendants, waiting (bounded) for each. */
    private static void stopTree(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.add(root);
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle process : tree) {
            try {
                process.onExit().get(30, TimeUnit.SECONDS);
            } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                process.destroyForcibly();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
