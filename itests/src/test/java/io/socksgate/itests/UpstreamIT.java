package io.socksgate.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import io.socksgate.api.UpstreamInfo;
import io.socksgate.api.UpstreamRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Upstream proxies for real: Squid (Basic auth), Dante (username method and none), microsocks
 * (RFC 1929) started by the test as the servers of {@code io.socksgate.upstream} configurations,
 * a rule per test that routes one echo server's port through them, and SOCKS5 and HTTP CONNECT
 * clients in front. Checks the bytes, the upstream's own log, Socksgate's access log hierarchy,
 * failover from a dead server, all servers down, refused upstream credentials (never logged) and
 * the loop guard.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class UpstreamIT extends SocksgateTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final byte[] LINE = "through the upstream\n".getBytes(StandardCharsets.US_ASCII);
    private static final String USER = "sgup";
    private static final String PASSWORD = "up-s3cret-pw";

    @Inject
    private ConfigurationAdmin configAdmin;

    @Override
    protected Option[] extraOptions() {
        return new Option[] {editConfigurationFilePut(DEFAULT_LISTENER_CFG, "protocols", "socks5, http")};
    }

    @Inject
    private UpstreamRegistry upstreams;

    @Inject
    private SessionFactory shell;

    private final List<AutoCloseable> started = new ArrayList<>();
    private final List<Configuration> configurations = new ArrayList<>();

    @After
    public void stopEverything() throws Exception {
        for (Configuration configuration : configurations) {
            configuration.delete();
        }
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    @Test
    public void squidWithBasicAuthCarriesSocks5AndHttpClients() throws Exception {
        EchoServer echo = started(new EchoServer());
        PeerProxy squid = started(PeerProxy.squid(directory("squid"), freePort(), USER, PASSWORD));
        upstream("corp-squid", "type", "http", "servers", squid.server(), "username", USER, "password", PASSWORD);
        route("via-squid", echo.address().getPort(), "corp-squid");

        try (Socks5Tunnel tunnel = Socks5Tunnel.open(socksPort(), echo.address(), READ_TIMEOUT_MILLIS)) {
            tunnel.assertEchoes(LINE);
        }
        try (HttpConnectClient client = HttpConnectClient.open(socksPort(), READ_TIMEOUT_MILLIS)) {
            client.send(
                    "CONNECT",
                    HttpConnectClient.connectRequest(
                            "127.0.0.1:" + echo.address().getPort()));
            client.assertEstablished();
            client.assertEchoes(LINE);
        }
        await("two CONNECTs in Squid's access log").atMost(WAIT).until(() -> squidConnects(squid) >= 2);
        AccessLogFile.awaitLine(
                "a FIRSTUP_PARENT line for the echo server",
                fields -> fields.get(AccessLogFile.URL)
                                .contains(":" + echo.address().getPort())
                        && fields.get(AccessLogFile.HIERARCHY).equals("FIRSTUP_PARENT/127.0.0.1")
                        && fields.get(AccessLogFile.RULE).equals("via-squid"));
        assertFalse("the upstream's password is never logged", karafLog().contains(PASSWORD));
    }

    @Test
    public void danteAndMicrosocksWithCredentialsAndFailoverFromADeadServer() throws Exception {
        EchoServer echo = started(new EchoServer());
        PeerProxy dante = started(PeerProxy.dante(directory("dante"), freePort(), PASSWORD));
        PeerProxy microsocks = started(PeerProxy.microsocks(directory("microsocks"), freePort(), USER, PASSWORD));
        int dead = freePort();
        upstream(
                "partner",
                "type",
                "socks5",
                "servers",
                "127.0.0.1:" + dead + ", " + dante.server(),
                "username",
                PeerProxy.DANTE_USER,
                "password",
                PASSWORD);
        upstream("backup", "servers", microsocks.server(), "username", USER, "password", PASSWORD);
        route("via-partner", echo.address().getPort(), "partner, backup");

        try (Socks5Tunnel tunnel = Socks5Tunnel.open(socksPort(), echo.address(), READ_TIMEOUT_MILLIS)) {
            tunnel.assertEchoes(LINE);
        }
        UpstreamInfo partner = info("partner");
        assertFalse(
                "the dead server is marked down: " + partner,
                partner.servers().get(0).up());
        assertTrue("Dante is up: " + partner, partner.servers().get(1).up());
        Object down = java.lang.management.ManagementFactory.getPlatformMBeanServer()
                .getAttribute(
                        new javax.management.ObjectName("io.socksgate:type=Upstream,name=partner"), "ServersDown");
        assertEquals("JMX io.socksgate:type=Upstream,name=partner ServersDown", 1, down);
        String list = KarafShell.execute(shell, "socks:upstream-list --no-format");
        assertTrue(
                list,
                ShellOutput.row(list, 3, "127.0.0.1:" + dead).map(r -> r.get(4)).equals(Optional.of("down")));

        // Dante stopped: the route goes on to the next upstream, microsocks with RFC 1929.
        dante.close();
        try (Socks5Tunnel tunnel = Socks5Tunnel.open(socksPort(), echo.address(), READ_TIMEOUT_MILLIS)) {
            tunnel.assertEchoes(LINE);
        }
        String test = KarafShell.execute(
                shell,
                "socks:upstream-test --destination 127.0.0.1:" + echo.address().getPort() + " backup");
        assertTrue(test, test.contains("ok"));
    }

    @Test
    public void allServersDownIsRefusedAndWrongCredentialsAreNamedButNeverLogged() throws Exception {
        EchoServer echo = started(new EchoServer());
        PeerProxy microsocks = started(PeerProxy.microsocks(directory("microsocks"), freePort(), USER, PASSWORD));
        upstream("nowhere", "servers", "127.0.0.1:" + freePort() + ", 127.0.0.1:" + freePort());
        route("via-nowhere", echo.address().getPort(), "nowhere");
        assertEquals(
                "SOCKS5 01 when every server is down",
                1,
                Socks5Tunnel.connectReply(socksPort(), echo.address(), READ_TIMEOUT_MILLIS));
        try (HttpConnectClient client = HttpConnectClient.open(socksPort(), READ_TIMEOUT_MILLIS)) {
            client.send(
                    "CONNECT",
                    HttpConnectClient.connectRequest(
                            "127.0.0.1:" + echo.address().getPort()));
            client.assertRejected("HTTP/1.1 503 Service Unavailable");
        }
        assertEquals("nothing reached the echo server", 0, echo.accepted());

        String wrong = "wrong-" + PASSWORD;
        upstream("badcreds", "servers", microsocks.server(), "username", USER, "password", wrong);
        route("via-badcreds", echo.address().getPort(), "badcreds");
        try (HttpConnectClient client = HttpConnectClient.open(socksPort(), READ_TIMEOUT_MILLIS)) {
            client.send(
                    "CONNECT",
                    HttpConnectClient.connectRequest(
                            "127.0.0.1:" + echo.address().getPort()));
            client.assertRejected("HTTP/1.1 502 Bad Gateway"); // the one server refused the credentials
        }
        assertEquals(
                "SOCKS5 01 once the server is down",
                1,
                Socks5Tunnel.connectReply(socksPort(), echo.address(), READ_TIMEOUT_MILLIS));
        await("an ERROR line naming the upstream")
                .atMost(WAIT)
                .until(() -> karafLog().lines().anyMatch(l -> l.contains("ERROR") && l.contains("badcreds")));
        assertFalse("the password is never logged", karafLog().contains(wrong));
    }

    @Test
    public void anUpstreamPointingAtOwnListenerIsInvalid() throws Exception {
        Configuration loop = configAdmin.getFactoryConfiguration("io.socksgate.upstream", "loop", "?");
        configurations.add(loop);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("servers", "127.0.0.1:" + socksPort());
        loop.update(properties);
        await("upstream loop listed as invalid")
                .atMost(WAIT)
                .until(() -> find("loop").map(u -> u.problem() != null).orElse(false));
        assertTrue(
                find("loop").orElseThrow().problem(),
                find("loop").orElseThrow().problem().contains("loop"));
    }

    private void upstream(String name, Object... keyValues) throws Exception {
        Configuration configuration = configAdmin.getFactoryConfiguration("io.socksgate.upstream", name, "?");
        configurations.add(configuration);
        Hashtable<String, Object> properties = new Hashtable<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put((String) keyValues[i], keyValues[i + 1]);
        }
        properties.put("timeout.connect", "5");
        configuration.update(properties);
        await("upstream " + name + " in use").atMost(WAIT).until(() -> find(name)
                .map(u -> u.problem() == null && !u.servers().isEmpty())
                .orElse(false));
    }

    /** An allow rule before the itests' loopback rule that routes one destination port. */
    private void route(String name, int port, String route) throws Exception {
        Configuration configuration = configAdmin.getFactoryConfiguration("io.socksgate.rule", name, "?");
        configurations.add(configuration);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("order", "0");
        properties.put("action", "allow");
        properties.put("destination.ports", String.valueOf(port));
        properties.put("upstream", route);
        configuration.update(properties);
        await("rule " + name + " active").atMost(WAIT).until(() -> KarafShell.execute(
                        shell, "socks:rule-list --no-format")
                .contains(name));
    }

    private Optional<UpstreamInfo> find(String name) {
        return upstreams.upstreams().stream().filter(u -> u.name().equals(name)).findFirst();
    }

    private UpstreamInfo info(String name) {
        return find(name).orElseThrow(() -> new AssertionError("no upstream " + name));
    }

    private <T extends AutoCloseable> T started(T closeable) {
        started.add(closeable);
        return closeable;
    }

    private static Path directory(String name) throws Exception {
        return Files.createTempDirectory(Path.of(System.getProperty("karaf.data")), "peer-" + name + "-");
    }

    private static long squidConnects(PeerProxy squid) throws Exception {
        Path log = squid.directory.resolve("access.log");
        return Files.exists(log)
                ? Files.readAllLines(log).stream()
                        .filter(l -> l.contains("CONNECT"))
                        .count()
                : 0;
    }

    private static String karafLog() throws Exception {
        return Files.readString(Path.of(System.getProperty("karaf.data"), "log", "karaf.log"), StandardCharsets.UTF_8);
    }
}
