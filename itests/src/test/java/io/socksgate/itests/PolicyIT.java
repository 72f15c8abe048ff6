package io.socksgate.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.socksgate.api.PolicyService;
import io.socksgate.api.RuleInfo;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The shipped access rules on a fresh assembly, and the socks:rule-* commands: what they write is
 * what Config Admin and etc/ hold, it counts from the next request, and rule-test explains.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PolicyIT extends SocksgateTestSupport {

    @Inject
    private SessionFactory shell;

    @Inject
    private PolicyService policy;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Override
    protected boolean allowLoopbackDestinations() {
        return false; // this class is about the shipped rules
    }

    /** The socks:* commands are registered a moment after the shell bundle starts. */
    @org.junit.Before
    public void awaitCommands() {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> KarafShell.execute(
                        shell, "socks:rule-list --no-format")
                .contains("allow-loopback-clients"));
    }

    @Test
    public void aFreshInstallDeniesLoopbackDestinationsAlsoByName() throws IOException {
        awaitListening(socksPort());
        try (EchoServer echo = new EchoServer()) {
            assertEquals(0x02, connectReply(ipv4Request(echo.address().getPort())));
            assertEquals(
                    0x02, connectReply(nameRequest("localhost", echo.address().getPort())));
        }
        RuleInfo deny = rule("deny-local-destinations");
        assertTrue("hits counted: " + deny, deny.hits() >= 2);
    }

    @Test
    public void ruleAddLetsExactlyWhatItNamesThroughAndRuleRemoveUndoesIt() throws Exception {
        awaitListening(socksPort());
        try (EchoServer echo = new EchoServer();
                EchoServer other = new EchoServer()) {
            int port = echo.address().getPort();
            String printed = KarafShell.execute(
                    shell,
                    "socks:rule-add --action allow --order 5 --source 127.0.0.1 --destination 127.0.0.1 --ports " + port
                            + " itest-echo");
            await().atMost(Duration.ofSeconds(30)).until(() -> connectReply(ipv4Request(port)) == 0x00);
            assertEquals(
                    "a port the rule does not name stays denied",
                    0x02,
                    connectReply(ipv4Request(other.address().getPort())));

            File file = new File(System.getProperty("karaf.etc"), "io.socksgate.rule-itest-echo.cfg");
            assertTrue("rule-add wrote " + file + "; the shell printed:\n" + printed, file.isFile());
            Configuration[] configurations =
                    configurationAdmin.listConfigurations("(&(service.factoryPid=io.socksgate.rule)(name=itest-echo))");
            assertEquals(1, configurations.length);
            String list = KarafShell.execute(shell, "socks:rule-list --no-format");
            assertTrue(list, list.contains("itest-echo"));

            KarafShell.execute(shell, "socks:rule-remove itest-echo");
            await().atMost(Duration.ofSeconds(30)).until(() -> connectReply(ipv4Request(port)) == 0x02);
            await().atMost(Duration.ofSeconds(30)).until(() -> !file.exists());
        }
    }

    @Test
    public void ruleTestExplainsEachDecision() throws Exception {
        String loopback = KarafShell.execute(shell, "socks:rule-test --source 127.0.0.1 --destination localhost:80");
        assertTrue(loopback, loopback.contains("=> deny by rule deny-local-destinations"));

        String outside = KarafShell.execute(shell, "socks:rule-test --source 10.1.2.3 --destination 203.0.113.5:443");
        assertTrue(outside, outside.contains("source 10.1.2.3 not in 127.0.0.0/8,::1/128"));
        assertTrue(outside, outside.contains("=> deny by the default action"));

        String local = KarafShell.execute(shell, "socks:rule-test --source 127.0.0.1 --destination 203.0.113.5:443");
        assertTrue(local, local.contains("destination 203.0.113.5 not in 127.0.0.0/8"));
        assertTrue(local, local.contains("=> allow by rule allow-loopback-clients"));

        // The ssh port this Karaf runs on (a free one here, not 8101) is a management port.
        String host = firstNonLoopbackAddress();
        String management =
                KarafShell.execute(shell, "socks:rule-test --source 127.0.0.1 --destination " + host + ":" + sshPort());
        assertTrue(management, management.contains("=> deny by rule deny-management-ports"));
        if (!host.startsWith("127.")) {
            String self =
                    KarafShell.execute(shell, "socks:rule-test --source 127.0.0.1 --destination " + host + ":5432");
            assertTrue(self, self.contains("=> deny by rule deny-self"));
        }
    }

    @Test
    public void aUdpAssociateIsDecidedByWhoAsksNotByTheAddressItAnnounces() throws Exception {
        awaitListening(socksPort());
        Configuration noUdp = configurationAdmin.getFactoryConfiguration("io.socksgate.rule", "itest-no-udp", "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("order", "500");
        properties.put("action", "deny");
        properties.put("commands", "udp");
        properties.put("source", "127.0.0.2");
        noUdp.update(properties);
        try {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> policy.rules().stream().anyMatch(r -> "itest-no-udp".equals(r.name())));
            assertEquals("a client a rule denies UDP", 0x02, associateReply("127.0.0.2"));
            // 127.0.0.1 is a loopback address the shipped rules deny as a destination; announced
            // as the client's own UDP address it is not one.
            assertEquals("a client the shipped rules allow", 0x00, associateReply("127.0.0.1"));
            Path accessLog = Path.of(System.getProperty("karaf.data"), "log", "socks-access.log");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> Files.isRegularFile(accessLog)
                            && Files.readString(accessLog).contains(" 127.0.0.2 SOCKS_UDP_DENIED/403 "));
        } finally {
            noUdp.delete();
        }
    }

    @Test
    public void twoRulesWithTheSameOrderAreListedWithTheirTie() throws Exception {
        Configuration first = configurationAdmin.getFactoryConfiguration("io.socksgate.rule", "itest-tie-a", "?");
        Configuration second = configurationAdmin.getFactoryConfiguration("io.socksgate.rule", "itest-tie-b", "?");
        try {
            for (Configuration rule : new Configuration[] {first, second}) {
                Dictionary<String, Object> properties = new Hashtable<>();
                properties.put("order", "700");
                properties.put("action", "deny");
                properties.put("source", "192.0.2.0/24");
                rule.update(properties);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> KarafShell.execute(shell, "socks:rule-list --no-format")
                    .contains("same order 700 as itest-tie-b"));
            String list = KarafShell.execute(shell, "socks:rule-list --no-format");
            assertTrue(list, list.contains("same order 700 as itest-tie-a"));

            // A changed order reaches the policy (rules are sorted per change, not per request).
            Dictionary<String, Object> moved = second.getProperties();
            moved.put("order", "701");
            second.update(moved);
            await().atMost(Duration.ofSeconds(30)).until(() -> !KarafShell.execute(shell, "socks:rule-list --no-format")
                    .contains("same order 700"));
        } finally {
            first.delete();
            second.delete();
        }
    }

    private int sshPort() throws Exception {
        Configuration shellConfig = configurationAdmin.getConfiguration("org.apache.karaf.shell", null);
        return Integer.parseInt(String.valueOf(shellConfig.getProperties().get("sshPort")));
    }

    /** The SOCKS5 reply code to UDP ASSOCIATE from {@code source}, announcing {@code source}:9. */
    private static int associateReply(String source) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new java.net.InetSocketAddress(source, 0));
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", socksPort()), READ_TIMEOUT_MILLIS);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            byte[] announced = InetAddress.getByName(source).getAddress();
            socket.getOutputStream().write(new byte[] {5, 1, 0});
            socket.getOutputStream()
                    .write(ByteBuffer.allocate(10)
                            .put(new byte[] {5, 3, 0, 1})
                            .put(announced)
                            .putShort((short) 9)
                            .array());
            InputStream in = socket.getInputStream();
            assertArrayEquals(new byte[] {5, 0}, in.readNBytes(2));
            byte[] reply = in.readNBytes(10);
            assertEquals(10, reply.length);
            return reply[1] & 0xff;
        }
    }

    @Test
    public void anInvalidRuleIsListedWithItsProblemAndNeverAllows() throws Exception {
        awaitListening(socksPort());
        try (EchoServer echo = new EchoServer()) {
            Configuration broken = configurationAdmin.getFactoryConfiguration("io.socksgate.rule", "itest-broken", "?");
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put("order", "1");
            properties.put("action", "allow");
            properties.put("destination", "127.0.0.1/33");
            broken.update(properties);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> policy.rules().stream().anyMatch(r -> "itest-broken".equals(r.name())));
            RuleInfo info = rule("itest-broken");
            assertTrue(
                    String.valueOf(info),
                    info.problem() != null && info.problem().startsWith("destination:"));
            assertEquals(0x02, connectReply(ipv4Request(echo.address().getPort())));
            String added = KarafShell.executeFailing(shell, "socks:rule-add --action allow --source 10.0.0.0/33 bad");
            assertFalse(
                    "an invalid rule-add writes nothing",
                    policy.rules().stream().anyMatch(r -> "bad".equals(r.name())));
            assertTrue(added, added.contains("source"));
            broken.delete();
        }
    }

    private RuleInfo rule(String name) {
        return policy.rules().stream()
                .filter(r -> name.equals(r.name()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no rule " + name + " in " + policy.rules()));
    }

    private static String firstNonLoopbackAddress() {
        try {
            for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : java.util.Collections.list(nic.getInetAddresses())) {
                    if (!address.isLoopbackAddress() && address instanceof java.net.Inet4Address) {
                        return address.getHostAddress();
                    }
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return "127.0.0.1"; // loopback is denied by the first rule anyway
    }

    /** The SOCKS5 reply code to a CONNECT request (greeting offering `none` first). */
    private static int connectReply(byte[] request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), socksPort())) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            socket.getOutputStream().write(new byte[] {5, 1, 0});
            socket.getOutputStream().write(request);
            InputStream in = socket.getInputStream();
            assertArrayEquals(new byte[] {5, 0}, in.readNBytes(2));
            byte[] reply = in.readNBytes(10);
            assertEquals(10, reply.length);
            return reply[1] & 0xff;
        }
    }

    private static byte[] ipv4Request(int port) {
        return ByteBuffer.allocate(10)
                .put(new byte[] {5, 1, 0, 1, 127, 0, 0, 1})
                .putShort((short) port)
                .array();
    }

    private static byte[] nameRequest(String name, int port) {
        byte[] host = name.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(7 + host.length)
                .put(new byte[] {5, 1, 0, 3, (byte) host.length})
                .put(host)
                .putShort((short) port)
                .array();
    }
}
