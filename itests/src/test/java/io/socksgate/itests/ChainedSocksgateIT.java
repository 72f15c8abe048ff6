package io.socksgate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Socksgate chained to a second Socksgate: another Karaf from the same assembly, started by the
 * test with a SOCKS5 and HTTP CONNECT listener that wants a password (a JAAS user added to its
 * {@code etc/users.properties}) and a rule that lets only that user reach loopback. This Karaf
 * gets an upstream of type {@code socks5} (RFC 1929) and one of type {@code http} (Basic) pointing
 * at that listener, each routing one echo server. SOCKS5 and HTTP CONNECT clients from 127.0.0.3
 * reach both echo servers through both proxies; the second's access log shows this Socksgate
 * (127.0.0.1, with the configured user) as its client and never the clients' address, this one's
 * shows FIRSTUP_PARENT with the second's address. One test method: a second Karaf boot is costly.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ChainedSocksgateIT extends UpstreamTestSupport {

    private static final String WORK = "socksgate.itest.work";
    private static final String USER = "chain";
    private static final String PASSWORD = "chain-s3cret";
    private static final Duration SECOND_BOOT = Duration.ofSeconds(180);

    /** The assembly and the build's target directory, for the second Karaf run from inside this one. */
    @Override
    protected Option[] extraOptions() {
        return OptionUtils.combine(
                super.extraOptions(),
                systemProperty("socksgate.assembly").value(System.getProperty("socksgate.assembly")),
                systemProperty(WORK).value(new File("target").getAbsolutePath()));
    }

    @Test
    public void socks5AndHttpClientsReachEchoServersThroughBothSocksgates() throws Exception {
        InetAddress client = InetAddress.getByName("127.0.0.3");
        EchoServer viaSocks = started(new EchoServer());
        EchoServer viaHttp = started(new EchoServer());
        try (KarafProcess second = KarafProcess.unpack(Path.of(System.getProperty(WORK), "chained", "karaf"))) {
            second.append("etc/io.socksgate.listener-default.cfg", "protocols = socks5, http\nauth = password\n");
            second.append("etc/users.properties", "\n" + USER + " = " + PASSWORD + ",socks-users\n");
            second.append(
                    "etc/io.socksgate.rule-itest-chain.cfg",
                    "order = 1\naction = allow\nsource = 127.0.0.0/8\ndestination = 127.0.0.0/8\nusers = " + USER
                            + "\n");
            second.start();
            awaitListening(second.socksPort(), SECOND_BOOT);
            String server = "127.0.0.1:" + second.socksPort();

            upstream("second-socks", "type", "socks5", "servers", server, "username", USER, "password", PASSWORD);
            route("via-second-socks", viaSocks.address().getPort(), "second-socks");
            upstream("second-http", "type", "http", "servers", server, "username", USER, "password", PASSWORD);
            route("via-second-http", viaHttp.address().getPort(), "second-http");

            for (EchoServer echo : List.of(viaSocks, viaHttp)) {
                try (Socks5Tunnel tunnel =
                        Socks5Tunnel.open(client, socksPort(), echo.address(), READ_TIMEOUT_MILLIS)) {
                    tunnel.assertEchoes(LINE);
                }
                try (HttpConnectClient http = HttpConnectClient.open(client, socksPort(), READ_TIMEOUT_MILLIS)) {
                    http.send(
                            "CONNECT",
                            HttpConnectClient.connectRequest(
                                    "127.0.0.1:" + echo.address().getPort()));
                    http.assertEstablished();
                    http.assertEchoes(LINE);
                }
            }

            Path secondLog = second.home().resolve("data/log/socks-access.log");
            for (String method : List.of("SOCKS_CONNECT", "CONNECT")) {
                // This Socksgate: the client's address, the route through the second one.
                assertLine(AccessLogFile.path(), "127.0.0.3", method, viaSocks, "FIRSTUP_PARENT/127.0.0.1");
                assertLine(AccessLogFile.path(), "127.0.0.3", method, viaHttp, "FIRSTUP_PARENT/127.0.0.1");
            }
            // The second: this Socksgate as its client, logged in as USER; SOCKS5 from the socks5
            // upstream, CONNECT from the http one, whatever the first client spoke.
            assertLine(secondLog, "127.0.0.1", "SOCKS_CONNECT", viaSocks, "DIRECT/127.0.0.1");
            assertLine(secondLog, "127.0.0.1", "CONNECT", viaHttp, "DIRECT/127.0.0.1");
            String lines = AccessLogFile.read(secondLog);
            assertEquals(
                    "the second's lines for the socks5 upstream (two clients):\n" + lines,
                    2,
                    count(lines, "SOCKS_CONNECT", ":" + viaSocks.address().getPort() + "/", " " + USER + " "));
            assertEquals(
                    "the second's lines for the http upstream (two clients):\n" + lines,
                    2,
                    count(lines, " CONNECT 127.0.0.1:" + viaHttp.address().getPort() + " ", " " + USER + " "));
            assertFalse("the clients' own address never reaches the second:\n" + lines, lines.contains(" 127.0.0.3 "));
            assertFalse("the upstream password is never logged", karafLog().contains(PASSWORD));
        }
    }

    /** A line of {@code log} for this request, with the line each way as its bytes (no handshake). */
    private static void assertLine(Path log, String client, String method, EchoServer echo, String hierarchy) {
        List<String> line = AccessLogFile.awaitLine(
                log,
                "from " + client + " " + method + " to port " + echo.address().getPort() + " via " + hierarchy,
                fields -> fields.get(AccessLogFile.CLIENT).equals(client)
                        && fields.get(AccessLogFile.METHOD).equals(method)
                        && fields.get(AccessLogFile.URL)
                                .contains("127.0.0.1:" + echo.address().getPort())
                        && fields.get(AccessLogFile.HIERARCHY).equals(hierarchy)
                        && (!client.equals("127.0.0.1")
                                || fields.get(AccessLogFile.USER).equals(USER)));
        assertEquals("bytes of " + line, String.valueOf(2 * LINE.length), line.get(AccessLogFile.BYTES));
    }

    private static long count(String lines, String... parts) {
        return lines.lines()
                .filter(l -> java.util.Arrays.stream(parts).allMatch(l::contains))
                .count();
    }
}
