package io.socksgate.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.socksgate.api.UpstreamInfo;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;

/**
 * Upstream proxies for real: Squid (Basic auth), Dante (username method and none), microsocks
 * (RFC 1929) started by the test as the servers of {@code io.socksgate.upstream} configurations,
 * a rule per test that routes one echo server's port through them, and SOCKS5 and HTTP CONNECT
 * clients in front; tinyproxy and Dante without authentication too. Checks the bytes, the
 * upstream's own log, Socksgate's access log hierarchy, a destination refused behind the upstream,
 * failover from a dead server, all servers down, refused upstream credentials (never logged) and
 * the loop guard.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class UpstreamIT extends UpstreamTestSupport {

    private static final String USER = "sgup";
    private static final String PASSWORD = "up-s3cret-pw";

    @Test
    public void squidWithBasicAuthCarriesSocks5AndHttpClients() throws Exception {
        EchoServer echo = started(new EchoServer());
        PeerProxy squid = started(PeerProxy.squid(directory("squid"), freePort(), USER, PASSWORD));
        upstream("corp-squid", "type", "http", "servers", squid.server(), "username", USER, "password", PASSWORD);
        assertCarriesBothClients(echo, squid, "corp-squid", "access.log", "CONNECT 127.0.0.1:" + port(echo) + " ");
        assertFalse("the upstream's password is never logged", karafLog().contains(PASSWORD));

        // Squid's 503 for a destination it cannot connect to is a refusal: SOCKS 05, HTTP 502.
        assertRefusedBehind(squid, "corp-squid", 5);
    }

    @Test
    public void tinyproxyWithoutAuthenticationCarriesSocks5AndHttpClients() throws Exception {
        EchoServer echo = started(new EchoServer());
        PeerProxy tinyproxy = started(PeerProxy.tinyproxy(directory("tinyproxy"), freePort(), null, null));
        upstream("tiny", "type", "http", "servers", tinyproxy.server());
        assertCarriesBothClients(echo, tinyproxy, "tiny", "tinyproxy.log", "CONNECT 127.0.0.1:" + port(echo) + " ");

        // tinyproxy answers "500 Unable to connect" whatever the cause: no refusal is named, so
        // the client gets the general failure (SOCKS 01), which HTTP renders 502 as well.
        assertRefusedBehind(tinyproxy, "tiny", 1);
    }

    @Test
    public void danteWithoutAuthenticationCarriesSocks5AndHttpClients() throws Exception {
        EchoServer echo = started(new EchoServer());
        PeerProxy dante = started(PeerProxy.dante(directory("dante-none"), freePort(), null));
        upstream("open-dante", "servers", dante.server());
        assertCarriesBothClients(echo, dante, "open-dante", "danted.log", "tcp/connect [", "127.0.0.1." + port(echo));

        // Dante's own reply 05 (connection refused) reaches the client: SOCKS 05, HTTP 502.
        assertRefusedBehind(dante, "open-dante", 5);
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
        Configuration self = factoryConfiguration("io.socksgate.upstream", "self");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("servers", "127.0.0.1:" + socksPort());
        self.update(properties);
        await("upstream self listed as invalid")
                .atMost(WAIT)
                .until(() -> find("self").map(u -> u.problem() != null).orElse(false));
        // the loop guard's own words and the server it refused, not any problem with this upstream
        String problem = find("self").orElseThrow().problem();
        assertTrue(problem, problem.contains("a listener of this Socksgate"));
        assertTrue(problem, problem.contains("127.0.0.1:" + socksPort()));
    }

    /**
     * Routes the echo server's port through {@code upstream} (rule {@code via-UPSTREAM}); a
     * SOCKS5 and an HTTP CONNECT client then echo through it, the peer logs both (two lines of its
     * {@code logFile} holding every one of {@code logged}) and the access log names the route.
     */
    private void assertCarriesBothClients(
            EchoServer echo, PeerProxy peer, String upstream, String logFile, String... logged) throws Exception {
        String rule = "via-" + upstream;
        route(rule, port(echo), upstream);
        try (Socks5Tunnel tunnel = Socks5Tunnel.open(socksPort(), echo.address(), READ_TIMEOUT_MILLIS)) {
            tunnel.assertEchoes(LINE);
        }
        try (HttpConnectClient client = HttpConnectClient.open(socksPort(), READ_TIMEOUT_MILLIS)) {
            client.send("CONNECT", HttpConnectClient.connectRequest("127.0.0.1:" + port(echo)));
            client.assertEstablished();
            client.assertEchoes(LINE);
        }
        await("both tunnels in " + peer.name + "'s " + logFile)
                .atMost(WAIT)
                .until(() -> peer.logLines(logFile, logged) >= 2);
        for (String method : List.of("SOCKS_CONNECT", "CONNECT")) {
            List<String> line = AccessLogFile.awaitLine(
                    "a FIRSTUP_PARENT " + method + " line for the echo server by rule " + rule,
                    fields -> fields.get(AccessLogFile.METHOD).equals(method)
                            && fields.get(AccessLogFile.URL).contains(":" + port(echo))
                            && fields.get(AccessLogFile.HIERARCHY).equals("FIRSTUP_PARENT/127.0.0.1")
                            && fields.get(AccessLogFile.RULE).equals(rule));
            assertEquals(
                    "bytes of " + line + ": the line each way, not the upstream's handshake",
                    String.valueOf(2 * LINE.length),
                    line.get(AccessLogFile.BYTES));
        }
    }

    /**
     * A port nothing listens on, routed through the upstream by a new rule: the upstream's
     * connect is refused, and the SOCKS5 client gets {@code socksReply}, the HTTP client 502. The
     * refusal is the destination's, so the server stays up.
     */
    private void assertRefusedBehind(PeerProxy peer, String upstream, int socksReply) throws Exception {
        int closed = freePort();
        route("via-" + upstream + "-to-a-closed-port", closed, upstream);
        InetSocketAddress destination = new InetSocketAddress(InetAddress.getLoopbackAddress(), closed);
        assertEquals(
                "SOCKS5 reply for a refused destination behind " + peer.name,
                socksReply,
                Socks5Tunnel.connectReply(socksPort(), destination, READ_TIMEOUT_MILLIS));
        try (HttpConnectClient client = HttpConnectClient.open(socksPort(), READ_TIMEOUT_MILLIS)) {
            client.send("CONNECT", HttpConnectClient.connectRequest("127.0.0.1:" + closed));
            client.assertRejected("HTTP/1.1 502 Bad Gateway");
        }
        assertTrue(
                peer.name + " is still up after the destination's refusal: " + info(upstream),
                info(upstream).servers().get(0).up());
    }

    private static int port(EchoServer echo) {
        return echo.address().getPort();
    }
}
