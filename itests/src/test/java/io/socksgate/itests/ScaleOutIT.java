package io.socksgate.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.Test;

/**
 * docs/SCALE-OUT.md for real: HAProxy from Debian, configured with the document's block, in front
 * of three Socksgate nodes, each a Karaf process of its own with the document's listener block,
 * all on loopback. HAProxy connects to the nodes from 127.0.0.2 ({@code source}, the only trusted
 * balancer), clients come from 127.0.0.1 (127.0.0.4 is denied by a rule), so the access logs
 * show whose address a node took for the client.
 *
 * <p>Clients are curl through SOCKS5 ({@code --socks5-hostname}) and HTTP CONNECT ({@code -p -x
 * http://}) to a file server on loopback. Then: a rule on the client's address works through the
 * balancer; a forged PROXY header sent straight to a node from an untrusted address is closed; one
 * node stopped, new sessions keep succeeding on the other two. Debian packages: haproxy, curl.
 */
public class ScaleOutIT {

    private static final String CLIENT = "127.0.0.1";
    private static final String BALANCER = "127.0.0.2";
    private static final String BANNED_CLIENT = "127.0.0.4";
    private static final int NODES = 3;

    @Test
    public void threeNodesBehindHaproxySeeTheRealClientsAndOutliveALostNode() throws Exception {
        String curl = ClientProcess.require("curl", "curl");
        ClientProcess.requireExecutable("/usr/sbin/haproxy", "haproxy");
        String doc = Files.readString(Path.of(System.getProperty("socksgate.scaleout.doc")), StandardCharsets.UTF_8);
        Path work = Path.of("target/scale-out").toAbsolutePath();
        KarafProcess.deleteTree(work);
        Files.createDirectories(work);

        byte[] body = new byte[256 * 1024];
        new Random(18).nextBytes(body);
        List<KarafProcess> nodes = new ArrayList<>();
        PeerProxy haproxy = null;
        try (FileServer target = new FileServer(body)) {
            int[] lbPorts = new int[NODES];
            for (int i = 0; i < NODES; i++) {
                KarafProcess node = KarafProcess.unpack(work.resolve("node" + (i + 1)));
                nodes.add(node);
                lbPorts[i] = SocksgateTestSupport.freePort();
                configure(node, block(doc, "<!-- io.socksgate.listener-lb.cfg"), lbPorts[i], target.port());
            }
            for (KarafProcess node : nodes) {
                node.start(); // all three boot at once
            }
            for (int i = 0; i < NODES; i++) {
                SocksgateTestSupport.awaitListening(nodes.get(i).socksPort()); // the node is up
                awaitAccepting(lbPorts[i], nodes.get(i));
            }

            int front = SocksgateTestSupport.freePort();
            Path haproxyDir = Files.createDirectories(work.resolve("haproxy"));
            Path adminSocket = haproxyDir.resolve("admin.sock");
            haproxy = PeerProxy.haproxy(
                    haproxyDir, front, haproxyConfig(block(doc, "<!-- haproxy.cfg"), front, lbPorts, adminSocket));
            awaitServers(adminSocket, Map.of("node1", "UP", "node2", "UP", "node3", "UP"));

            // Through the balancer, both protocols, enough connections for every node.
            for (int i = 0; i < 2 * NODES; i++) {
                download(work, curl, front, target, body, i % 2 == 0 ? "socks5" : "http");
            }
            // every session's line written before any is checked, so none can come late
            await("the first " + 2 * NODES + " sessions in the nodes' access logs")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> countAll(nodes, l -> true) == 2 * NODES);
            for (int i = 0; i < NODES; i++) {
                KarafProcess node = nodes.get(i);
                List<List<String>> lines = awaitAccessLog(node, l -> !l.isEmpty());
                System.out.println("node" + (i + 1) + " " + node.home().resolve("data/log/socks-access.log") + ":");
                lines.forEach(l -> System.out.println("  " + String.join(" ", l)));
                for (List<String> line : lines) {
                    assertEquals("the client, not the balancer, in node" + (i + 1) + "'s " + line, CLIENT, line.get(2));
                    assertTrue(line.toString(), line.get(3).matches("(SOCKS_TCP_MISS|TCP_TUNNEL)/200"));
                }
            }

            // A rule denying the client's own address works through the balancer.
            for (String protocol : List.of("socks5", "http")) {
                ClientProcess.Finished denied = ClientProcess.run(
                        work, curlCommand(curl, front, target, protocol, BANNED_CLIENT, work.resolve("denied")));
                assertNotEquals("denied by rule deny-banned: " + denied, 0, denied.exitCode);
            }
            await("both denials of " + BANNED_CLIENT + " in the nodes' access logs")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> countAll(
                                    nodes,
                                    l -> l.get(2).equals(BANNED_CLIENT)
                                            && l.get(3).matches("(SOCKS_TCP_DENIED|TCP_DENIED)/403")
                                            && l.get(9).equals("deny-banned"))
                            == 2);

            // A forged header straight to a node, from an address that is no trusted balancer.
            assertForgedHeaderClosed(lbPorts[0]);
            await("node1 logs the untrusted peer")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> karafLog(nodes.get(0)).contains("not in proxy.protocol.trusted"));
            assertEquals("no session of the forged client 10.9.9.9 anywhere", 0, countAll(nodes, l -> l.get(2)
                    .equals("10.9.9.9")));

            // One node stopped: new sessions go to the other two.
            nodes.get(1).close();
            awaitServers(adminSocket, Map.of("node1", "UP", "node2", "DOWN", "node3", "UP"));
            int before1 = accessLog(nodes.get(0)).size();
            int before3 = accessLog(nodes.get(2)).size();
            for (int i = 0; i < 2 * NODES; i++) {
                download(work, curl, front, target, body, i % 2 == 0 ? "socks5" : "http");
            }
            await("the six sessions after node2 stopped, on node1 and node3")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> accessLog(nodes.get(0)).size()
                                    - before1
                                    + accessLog(nodes.get(2)).size()
                                    - before3
                            == 2 * NODES);
        } finally {
            // each stopped even when another one fails to
            List<AutoCloseable> running = new ArrayList<>(nodes);
            if (haproxy != null) {
                running.add(0, haproxy);
            }
            RuntimeException failed = null;
            for (AutoCloseable process : running) {
                try {
                    process.close();
                } catch (Exception e) {
                    if (failed == null) {
                        failed = new IllegalStateException("stopping the scale-out processes", e);
                    } else {
                        failed.addSuppressed(e);
                    }
                }
            }
            if (failed != null) {
                throw failed;
            }
        }
    }

    /**
     * The document's listener block on this node, on loopback: its port, and 127.0.0.2 as the
     * trusted balancer; two rules for the test (the target's port allowed, 127.0.0.4 denied).
     */
    private static void configure(KarafProcess node, String listener, int port, int targetPort) throws IOException {
        node.append(
                "etc/io.socksgate.listener-lb.cfg",
                replaced(
                        listener,
                        Map.of(
                                "bind = 0.0.0.0", "bind = 127.0.0.1",
                                "port = 1080", "port = " + port,
                                "proxy.protocol.trusted = 10.0.0.2, 10.0.0.3",
                                        "proxy.protocol.trusted = " + BALANCER)));
        node.append(
                "etc/io.socksgate.rule-deny-banned.cfg",
                "name = deny-banned\norder = 1\naction = deny\nsource = " + BANNED_CLIENT + "\n");
        // The shipped rules deny loopback destinations; the file server is one.
        node.append(
                "etc/io.socksgate.rule-allow-target.cfg",
                "name = allow-target\norder = 5\naction = allow\ndestination = 127.0.0.1\ndestination.ports = "
                        + targetPort + "\n");
    }

    /**
     * HAProxy's configuration: a global section with an admin socket for the test, then the
     * document's block on loopback (its front port, the nodes' ports, connecting from 127.0.0.2)
     * with checks every 500 ms instead of 2 s.
     */
    private static String haproxyConfig(String block, int front, int[] lbPorts, Path adminSocket) {
        Map<String, String> replacements = new HashMap<>();
        replacements.put("bind :1080", "bind 127.0.0.1:" + front);
        replacements.put(
                "default-server send-proxy-v2 check inter 2s fall 2 rise 2",
                "default-server send-proxy-v2 check inter 500 fall 2 rise 2 source " + BALANCER);
        for (int i = 0; i < NODES; i++) {
            replacements.put(
                    "server node" + (i + 1) + " 10.0.0.1" + (i + 1) + ":1080",
                    "server node" + (i + 1) + " 127.0.0.1:" + lbPorts[i]);
        }
        return "global\n    stats socket " + adminSocket + " level admin\n\n" + replaced(block, replacements) + "\n";
    }

    private static String replaced(String text, Map<String, String> replacements) {
        String result = text;
        for (Map.Entry<String, String> r : replacements.entrySet()) {
            assertTrue("docs/SCALE-OUT.md's block has '" + r.getKey() + "':\n" + text, result.contains(r.getKey()));
            result = result.replace(r.getKey(), r.getValue());
        }
        return result;
    }

    /** The fenced block right after the document's marker comment. */
    static String block(String doc, String marker) {
        int at = doc.indexOf(marker);
        assertTrue("docs/SCALE-OUT.md marks a block with " + marker, at >= 0);
        int start = doc.indexOf('\n', doc.indexOf("```", at)) + 1;
        int end = doc.indexOf("```", start);
        return doc.substring(start, end);
    }

    /** One curl download of the file through the balancer, checked byte for byte. */
    private static void download(Path work, String curl, int front, FileServer target, byte[] body, String protocol)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile(work, "download-", ".bin");
        ClientProcess.Finished run = ClientProcess.run(work, curlCommand(curl, front, target, protocol, null, output));
        run.assertExitCode(0);
        assertEquals("HTTP status" + run, "200", run.stdout.strip());
        assertArrayEquals("the file through " + protocol + run, body, Files.readAllBytes(output));
    }

    private static List<String> curlCommand(
            String curl, int front, FileServer target, String protocol, String from, Path output) {
        List<String> command = new ArrayList<>(List.of(curl, "-sS", "--max-time", "30", "-o", output.toString()));
        command.addAll(List.of("-w", "%{http_code}"));
        if (from != null) {
            command.addAll(List.of("--interface", from));
        }
        if (protocol.equals("socks5")) {
            command.addAll(List.of("--socks5-hostname", "127.0.0.1:" + front));
        } else {
            command.addAll(List.of("-p", "-x", "http://127.0.0.1:" + front));
        }
        command.add("http://127.0.0.1:" + target.port() + "/file");
        return command;
    }

    /** A PROXY v2 header naming 10.9.9.9 and a SOCKS5 greeting, from 127.0.0.1: closed unanswered. */
    private static void assertForgedHeaderClosed(int lbPort) throws IOException {
        ByteBuffer forged = ByteBuffer.allocate(16 + 12 + 3);
        forged.put(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
        forged.put((byte) 0x21).put((byte) 0x11).putShort((short) 12); // v2 PROXY, TCP over IPv4
        forged.put(new byte[] {10, 9, 9, 9}).put(new byte[] {127, 0, 0, 1});
        forged.putShort((short) 40000).putShort((short) lbPort);
        forged.put(new byte[] {5, 1, 0});
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(CLIENT), 0));
            socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), lbPort), 5000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(forged.array());
            try {
                assertEquals(
                        "the node closes the forged connection without a byte",
                        -1,
                        socket.getInputStream().read());
            } catch (SocketTimeoutException stillOpen) {
                throw new AssertionError("the node kept the forged connection open for 10 s", stillOpen);
            } catch (IOException reset) {
                // closed (a reset is a close too): what matters is that nothing was answered
            }
        }
    }

    /**
     * Waits until the node's listener on {@code port} accepts TCP connections, connecting from the
     * trusted balancer's address (and closing at once, which the node does not log): an untrusted
     * address would be logged, and the forged-header check below looks for that line.
     */
    private static void awaitAccepting(int port, KarafProcess node) {
        await("listener lb on port " + port + " (see " + node.home().resolve("data/log/karaf.log") + ")")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    try (Socket socket = new Socket()) {
                        socket.bind(new InetSocketAddress(InetAddress.getByName(BALANCER), 0));
                        socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 1000);
                        return true;
                    } catch (IOException notYet) {
                        return false;
                    }
                });
    }

    /** Waits until HAProxy's backend shows each server in the expected state (UP, DOWN). */
    private static void awaitServers(Path adminSocket, Map<String, String> expected) {
        await("HAProxy servers " + expected)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .until(() -> serverStates(adminSocket), states -> states.entrySet()
                        .containsAll(expected.entrySet()));
    }

    /** Server name to status (UP, DOWN, ...) of backend socksgate, from {@code show stat}. */
    private static Map<String, String> serverStates(Path adminSocket) throws IOException {
        String csv;
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(adminSocket));
            channel.write(ByteBuffer.wrap("show stat\n".getBytes(StandardCharsets.US_ASCII)));
            try (InputStream in = Channels.newInputStream(channel)) {
                csv = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            }
        }
        String[] lines = csv.split("\n");
        List<String> header = Arrays.asList(lines[0].replaceFirst("^# ", "").split(","));
        int status = header.indexOf("status");
        Map<String, String> states = new HashMap<>();
        for (String line : lines) {
            String[] fields = line.split(",", -1);
            if (fields.length > status && fields[0].equals("socksgate")) {
                states.put(fields[1], fields[status].replaceFirst(" .*", "")); // "UP 1/2" while rising
            }
        }
        return states;
    }

    private static List<List<String>> awaitAccessLog(
            KarafProcess node, java.util.function.Predicate<List<List<String>>> done) {
        return await("access log of " + node.home())
                .atMost(Duration.ofSeconds(30))
                .until(() -> accessLog(node), done);
    }

    /** The node's access log lines, each split into its ten fields. */
    private static List<List<String>> accessLog(KarafProcess node) throws IOException {
        try {
            return Files.readAllLines(node.home().resolve("data/log/socks-access.log"), StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.isBlank())
                    .map(line -> List.of(line.trim().split(" +")))
                    .toList();
        } catch (NoSuchFileException notYet) {
            return List.of();
        }
    }

    private static long countAll(List<KarafProcess> nodes, java.util.function.Predicate<List<String>> which)
            throws IOException {
        long count = 0;
        for (KarafProcess node : nodes) {
            count += accessLog(node).stream().filter(which).count();
        }
        return count;
    }

    private static String karafLog(KarafProcess node) throws IOException {
        return Files.readString(node.home().resolve("data/log/karaf.log"), StandardCharsets.UTF_8);
    }
}
