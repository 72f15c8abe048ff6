package io.socksgate.itests;

import static io.socksgate.itests.HttpConnectClient.basicCredentials;
import static io.socksgate.itests.HttpConnectClient.connectRequest;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import io.socksgate.api.Command;
import io.socksgate.api.Protocol;
import io.socksgate.api.SessionInfo;
import io.socksgate.api.SessionRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.inject.Inject;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The HTTP CONNECT front-end's answers on the wire, against the assembly: each status provoked
 * with a raw socket client and checked byte for byte (status line, Content-Length and its body,
 * {@code Connection: close}, then the close), that nothing sent after a rejected request is
 * parsed or relayed (the echo server behind it sees no connection), the access log line each
 * leaves, and the same status as curl reports it. Listeners, on one Karaf:
 *
 * <ul>
 *   <li>default: {@code socks5, http}, {@code timeout.connect = 2} (for 504);
 *   <li>{@code itest-password}: {@code auth = password} (see {@link HttpProxyTestSupport});
 *   <li>{@code itest-tuned}: {@code auth = password}, {@code http.realm = Itest Realm},
 *       {@code http.max.header.bytes = 2048};
 *   <li>{@code itest-capped}: {@code max.sessions.per.client = 1} (for 503), {@code
 *       timeout.handshake = 2};
 *   <li>{@code itest-full}: {@code http} alone, {@code max.sessions = 1} (for 503; no SOCKS5
 *       probe waits for it, since a probe would take its one session).
 * </ul>
 *
 * <p>Each test connects from a loopback address of its own (127.0.0.0/8 is all this host's on
 * Linux), so that its access log lines, rules and session caps are told apart by client address.
 * 504 needs a connect that never completes: a network namespace the test creates ({@link
 * SilentNamespace}, root). Logging of {@code io.socksgate} is at DEBUG here, so that the check that
 * no credentials are logged covers every level.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HttpConnectStatusIT extends HttpProxyTestSupport {

    private static final String TUNED_PORT = "socksgate.itest.tuned.port";
    private static final String CAPPED_PORT = "socksgate.itest.capped.port";
    private static final String FULL_PORT = "socksgate.itest.full.port";

    private static final String TUNED_REALM = "Itest Realm";
    private static final int TUNED_MAX_HEADER_BYTES = 2048;
    private static final int DEFAULT_MAX_HEADER_BYTES = 16384;
    private static final int CONNECT_TIMEOUT_SECONDS = 2;
    private static final int CAPPED_HANDSHAKE_TIMEOUT_SECONDS = 2;

    private static final String DENY_HTTP_RULE = "itest-deny-http-from-3";
    private static final String DENY_SOCKS5_RULE = "itest-deny-socks5-from-4";

    @Inject
    private SessionRegistry sessions;

    @Override
    protected Option[] extraOptions() {
        String tunedPort;
        String cappedPort;
        String fullPort;
        try {
            tunedPort = String.valueOf(freePort());
            cappedPort = String.valueOf(freePort());
            fullPort = String.valueOf(freePort());
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
        String tuned = "etc/io.socksgate.listener-itest-tuned.cfg";
        String capped = "etc/io.socksgate.listener-itest-capped.cfg";
        String full = "etc/io.socksgate.listener-itest-full.cfg";
        String denyHttp = "etc/io.socksgate.rule-" + DENY_HTTP_RULE + ".cfg";
        String denySocks5 = "etc/io.socksgate.rule-" + DENY_SOCKS5_RULE + ".cfg";
        return OptionUtils.combine(
                super.extraOptions(),
                editConfigurationFilePut(
                        DEFAULT_LISTENER_CFG, "timeout.connect", String.valueOf(CONNECT_TIMEOUT_SECONDS)),
                editConfigurationFilePut(tuned, "port", tunedPort),
                editConfigurationFilePut(tuned, "protocols", "socks5, http"),
                editConfigurationFilePut(tuned, "auth", "password"),
                editConfigurationFilePut(tuned, "http.realm", TUNED_REALM),
                editConfigurationFilePut(tuned, "http.max.header.bytes", String.valueOf(TUNED_MAX_HEADER_BYTES)),
                systemProperty(TUNED_PORT).value(tunedPort),
                editConfigurationFilePut(capped, "port", cappedPort),
                editConfigurationFilePut(capped, "protocols", "socks5, http"),
                editConfigurationFilePut(capped, "max.sessions.per.client", "1"),
                editConfigurationFilePut(capped, "timeout.handshake", String.valueOf(CAPPED_HANDSHAKE_TIMEOUT_SECONDS)),
                systemProperty(CAPPED_PORT).value(cappedPort),
                editConfigurationFilePut(full, "port", fullPort),
                editConfigurationFilePut(full, "protocols", "http"),
                editConfigurationFilePut(full, "max.sessions", "1"),
                systemProperty(FULL_PORT).value(fullPort),
                // before the itests' loopback rule (order 2): one source denied HTTP, one SOCKS5
                editConfigurationFilePut(denyHttp, "order", "-3"),
                editConfigurationFilePut(denyHttp, "action", "deny"),
                editConfigurationFilePut(denyHttp, "protocols", "http"),
                editConfigurationFilePut(denyHttp, "source", "127.0.0.3"),
                editConfigurationFilePut(denySocks5, "order", "-2"),
                editConfigurationFilePut(denySocks5, "action", "deny"),
                editConfigurationFilePut(denySocks5, "protocols", "socks5"),
                editConfigurationFilePut(denySocks5, "source", "127.0.0.4"),
                editConfigurationFilePut(
                        "etc/org.ops4j.pax.logging.cfg", "log4j2.logger.itestsocksgate.name", "io.socksgate"),
                editConfigurationFilePut(
                        "etc/org.ops4j.pax.logging.cfg", "log4j2.logger.itestsocksgate.level", "DEBUG"));
    }

    @Before
    public void tunedAndCappedListenersUp() {
        awaitListening(tunedPort());
        awaitListening(cappedPort());
    }

    // 200

    @Test
    public void aGrantedConnectRelaysTheBytesSentWithItAndIsLogged() throws Exception {
        InetAddress source = loopback(11);
        byte[] early = "bytes sent right behind the request".getBytes(StandardCharsets.US_ASCII);
        byte[] later = new byte[4000];
        Arrays.fill(later, (byte) 'x');
        try (EchoServer echo = new EchoServer()) {
            String target = "127.0.0.1:" + echo.address().getPort();
            try (HttpConnectClient client = HttpConnectClient.open(source, socksPort(), READ_TIMEOUT_MILLIS)) {
                client.send(
                        "CONNECT with early data",
                        connectRequest(target) + new String(early, StandardCharsets.ISO_8859_1));
                client.assertEstablished();
                assertArrayEquals(
                        "the early bytes, echoed" + client.describe(),
                        early,
                        client.receive("echo of the early bytes", early.length));
                client.assertEchoes(later);
            }
            List<String> line = AccessLogFile.awaitLine(
                    "TCP_TUNNEL/200 from " + source.getHostAddress(),
                    f -> f.get(AccessLogFile.CLIENT).equals(source.getHostAddress())
                            && f.get(AccessLogFile.RESULT).equals("TCP_TUNNEL/200"));
            assertEquals(
                    "bytes (both directions), method, url, user, hierarchy, rule of " + line,
                    List.of(
                            String.valueOf(2 * (early.length + later.length)),
                            "CONNECT",
                            target,
                            "-",
                            "DIRECT/127.0.0.1",
                            LOOPBACK_RULE),
                    line.subList(AccessLogFile.BYTES, AccessLogFile.RULE + 1));
        }
    }

    @Test
    public void anHttp10ConnectToANameWithoutHostIsGranted() throws Exception {
        try (EchoServer echo = new EchoServer();
                HttpConnectClient client = HttpConnectClient.open(loopback(12), socksPort(), READ_TIMEOUT_MILLIS)) {
            client.send(
                    "CONNECT, HTTP/1.0", "CONNECT localhost:" + echo.address().getPort() + " HTTP/1.0\r\n\r\n");
            client.assertEstablished();
            client.assertEchoes("through a tunnel asked for in HTTP/1.0".getBytes(StandardCharsets.US_ASCII));
        }
    }

    // 400, and the first byte

    @Test
    public void malformedRequestsGet400AndNothingAfterThemIsRelayed() throws Exception {
        InetAddress source = loopback(13);
        try (EchoServer echo = new EchoServer()) {
            String target = "127.0.0.1:" + echo.address().getPort();
            String followUp = connectRequest(target) + "data for the echo server";
            List<String> malformed = List.of(
                    "CONNECT bad\r\n\r\n",
                    "CONNECT 127.0.0.1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                    "CONNECT 127.0.0.1:70000 HTTP/1.1\r\nHost: 127.0.0.1:70000\r\n\r\n",
                    "CONNECT " + target + " HTTP/1.1\r\nHost: " + target
                            + "\r\na line that is no header field\r\n\r\n");
            for (String request : malformed) {
                try (HttpConnectClient client = HttpConnectClient.open(source, socksPort(), READ_TIMEOUT_MILLIS)) {
                    client.send("malformed request, then a valid one and data", request + followUp);
                    client.assertRejected("HTTP/1.1 400 Bad Request");
                }
            }
            assertEquals("connections the echo server had", 0, echo.accepted());
        }
        AccessLogFile.awaitLine(
                "NONE_NONE/400 from " + source.getHostAddress(),
                f -> f.get(AccessLogFile.CLIENT).equals(source.getHostAddress())
                        && f.get(AccessLogFile.RESULT).equals("NONE_NONE/400"));
    }

    @Test
    public void aRequestStartingWithALowercaseLetterIsClosedWithoutAnAnswer() throws Exception {
        try (EchoServer echo = new EchoServer();
                HttpConnectClient client = HttpConnectClient.open(loopback(14), socksPort(), READ_TIMEOUT_MILLIS)) {
            client.send(
                    "lowercase request", "connect 127.0.0.1:" + echo.address().getPort() + " HTTP/1.1\r\n\r\n");
            client.assertClosedByProxy("after a first byte that is neither SOCKS nor A-Z");
            assertEquals("connections the echo server had", 0, echo.accepted());
        }
    }

    // 405

    @Test
    public void anotherMethodGets405AllowingConnectAndIsNeverForwarded() throws Exception {
        InetAddress source = loopback(15);
        try (FileServer server = new FileServer("never served".getBytes(StandardCharsets.US_ASCII));
                EchoServer echo = new EchoServer();
                HttpConnectClient client = HttpConnectClient.open(source, socksPort(), READ_TIMEOUT_MILLIS)) {
            String url = "http://127.0.0.1:" + server.port() + "/file";
            client.send(
                    "GET for a proxy, then a CONNECT",
                    "GET " + url + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n\r\n"
                            + connectRequest("127.0.0.1:" + echo.address().getPort()));
            HttpConnectClient.Response response = client.assertRejected("HTTP/1.1 405 Method Not Allowed");
            assertEquals("Allow" + client.describe(), Optional.of("CONNECT"), response.header("Allow"));
            assertEquals("requests the file server had", 0, server.requests());
            assertEquals("connections the echo server had", 0, echo.accepted());
        }
        AccessLogFile.awaitLine(
                "NONE_NONE/405 from " + source.getHostAddress(),
                f -> f.get(AccessLogFile.CLIENT).equals(source.getHostAddress())
                        && f.get(AccessLogFile.RESULT).equals("NONE_NONE/405"));
    }

    // 407

    @Test
    public void missingOrWrongCredentialsGet407AndNothingAfterIsParsed() throws Exception {
        InetAddress source = loopback(16);
        try (EchoServer echo = new EchoServer()) {
            String target = "127.0.0.1:" + echo.address().getPort();
            String authorized = connectRequest(target, basicCredentials(USER, PASSWORD)) + "data";
            for (String credentials : new String[] {null, basicCredentials(USER, WRONG_PASSWORD)}) {
                try (HttpConnectClient client = HttpConnectClient.open(source, passwordPort(), READ_TIMEOUT_MILLIS)) {
                    String first = credentials == null ? connectRequest(target) : connectRequest(target, credentials);
                    client.send(
                            "CONNECT " + (credentials == null ? "without" : "with wrong")
                                    + " credentials, then one with the right ones",
                            first + authorized);
                    HttpConnectClient.Response response =
                            client.assertRejected("HTTP/1.1 407 Proxy Authentication Required");
                    assertEquals(
                            "Proxy-Authenticate" + client.describe(),
                            Optional.of("Basic realm=\"Socksgate\", charset=\"UTF-8\""),
                            response.header("Proxy-Authenticate"));
                }
            }
            assertEquals("connections the echo server had", 0, echo.accepted());
            AccessLogFile.awaitLine(
                    "TCP_DENIED/407 ... CONNECT " + target + " from " + source.getHostAddress(),
                    f -> f.get(AccessLogFile.CLIENT).equals(source.getHostAddress())
                            && f.get(AccessLogFile.RESULT).equals("TCP_DENIED/407")
                            && f.get(AccessLogFile.METHOD).equals("CONNECT")
                            && f.get(AccessLogFile.URL).equals(target));
        }
    }

    @Test
    public void theRightCredentialsOpenATunnelLoggedWithTheUser() throws Exception {
        InetAddress source = loopback(17);
        try (EchoServer echo = new EchoServer()) {
            String target = "127.0.0.1:" + echo.address().getPort();
            try (HttpConnectClient client = HttpConnectClient.open(source, passwordPort(), READ_TIMEOUT_MILLIS)) {
                client.send("CONNECT with credentials", connectRequest(target, basicCredentials(USER, PASSWORD)));
                client.assertEstablished();
                client.assertEchoes("hugo's bytes".getBytes(StandardCharsets.US_ASCII));
                // the session registry (shell, JMX, events read it) shows it as an HTTP session
                SessionInfo session = await("the session of " + client.localAddress())
                        .atMost(Duration.ofSeconds(30))
                        .until(
                                () -> sessions.sessions().stream()
                                        .filter(s -> s.client().equals(client.localAddress()))
                                        .findFirst(),
                                Optional::isPresent)
                        .get();
                assertEquals(
                        "listener, protocol, command, user, destination of " + session,
                        List.of("itest-password", Protocol.HTTP, Command.CONNECT, USER, target),
                        List.of(
                                session.listener(),
                                session.protocol(),
                                session.command(),
                                session.user(),
                                session.destination().toString()));
            }
            AccessLogFile.awaitLine(
                    "TCP_TUNNEL/200 ... CONNECT " + target + " " + USER + " from " + source.getHostAddress(),
                    f -> f.get(AccessLogFile.CLIENT).equals(source.getHostAddress())
                            && f.get(AccessLogFile.RESULT).equals("TCP_TUNNEL/200")
                            && f.get(AccessLogFile.URL).equals(target)
                            && f.get(AccessLogFile.USER).equals(USER));
        }
    }

    @Test
    public void theChallengeNamesTheListenersHttpRealm() throws Exception {
        try (HttpConnectClient client = HttpConnectClient.open(loopback(18), tunedPort(), READ_TIMEOUT_MILLIS)) {
            client.send("CONNECT without credentials", connectRequest("127.0.0.1:" + freePort()));
            HttpConnectClient.Response response = client.assertRejected("HTTP/1.1 407 Proxy Authentication Required");
            assertEquals(
                    "Proxy-Authenticate with http.realm = " + TUNED_REALM + client.describe(),
                    Optional.of("Basic realm=\"" + TUNED_REALM + "\", charset=\"UTF-8\""),
                    response.header("Proxy-Authenticate"));
        }
    }

    // the handshake deadline

    @Test
    public void aRequestHeadUnfinishedAtTheHandshakeTimeoutIsClosed() throws Exception {
        try (EchoServer echo = new EchoServer();
                HttpConnectClient client = HttpConnectClient.open(loopback(25), cappedPort(), READ_TIMEOUT_MILLIS)) {
            String target = "127.0.0.1:" + echo.address().getPort();
            long start = System.nanoTime();
            client.send(
                    "a request head without its empty line",
                    "CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n");
            String answer =
                    new String(client.receiveToEnd("answer, if any, and the close"), StandardCharsets.ISO_8859_1);
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(
                    "closed after " + elapsedMillis + " ms, before timeout.handshake ("
                            + CAPPED_HANDSHAKE_TIMEOUT_SECONDS + " s)" + client.describe(),
                    elapsedMillis >= CAPPED_HANDSHAKE_TIMEOUT_SECONDS * 1000L - 200);
            assertTrue("no tunnel for an unfinished request" + client.describe(), !answer.startsWith("HTTP/1.1 200"));
            assertEquals("connections the echo server had", 0, echo.accepted());
        }
    }

    // 403: rules see protocol http

    @Test
    public void aRuleForHttpDeniesWith403AndLeavesSocks5Alone() throws Exception {
        InetAddress denied = InetAddress.getByName("127.0.0.3"); // rule itest-deny-http-from-3
        try (EchoServer echo = new EchoServer();
                FileServer server = new FileServer("over SOCKS5".getBytes(StandardCharsets.US_ASCII))) {
            String target = "127.0.0.1:" + echo.address().getPort();
            try (HttpConnectClient client = HttpConnectClient.open(denied, socksPort(), READ_TIMEOUT_MILLIS)) {
                client.send("CONNECT and data", connectRequest(target) + "data");
                client.assertRejected("HTTP/1.1 403 Forbidden");
            }
            assertEquals("connections the echo server had", 0, echo.accepted());
            List<String> line = AccessLogFile.awaitLine(
                    "TCP_DENIED/403 ... CONNECT " + target + " from 127.0.0.3",
                    f -> f.get(AccessLogFile.CLIENT).equals("127.0.0.3")
                            && f.get(AccessLogFile.RESULT).equals("TCP_DENIED/403")
                            && f.get(AccessLogFile.URL).equals(target));
            assertEquals(
                    "method and rule of " + line,
                    List.of("CONNECT", DENY_HTTP_RULE),
                    List.of(line.get(AccessLogFile.METHOD), line.get(AccessLogFile.RULE)));

            ClientProcess.Finished curl = ClientProcess.run(
                            work, curlFrom(denied, "--socks5", "http://127.0.0.1:" + server.port() + "/"))
                    .assertExitCode(0);
            assertEquals("curl over SOCKS5 from 127.0.0.3" + curl, "200 11", curl.stdout.strip());
        }
    }

    @Test
    public void aRuleForSocks5DeniesSocks5AndLeavesHttpAlone() throws Exception {
        InetAddress source = InetAddress.getByName("127.0.0.4"); // rule itest-deny-socks5-from-4
        try (EchoServer echo = new EchoServer();
                FileServer server = new FileServer("never served".getBytes(StandardCharsets.US_ASCII))) {
            try (HttpConnectClient client = HttpConnectClient.open(source, socksPort(), READ_TIMEOUT_MILLIS)) {
                client.send(
                        "CONNECT", connectRequest("127.0.0.1:" + echo.address().getPort()));
                client.assertEstablished();
                client.assertEchoes("http from 127.0.0.4".getBytes(StandardCharsets.US_ASCII));
            }
            ClientProcess.Finished curl =
                    ClientProcess.run(work, curlFrom(source, "--socks5", "http://127.0.0.1:" + server.port() + "/"));
            if (curl.exitCode != CURLE_PROXY) {
                fail("curl over SOCKS5 from 127.0.0.4 should be refused (exit code " + CURLE_PROXY + ")" + curl);
            }
        }
    }

    // 431

    @Test
    public void headersOverTheDefaultLimitGet431() throws Exception {
        InetAddress source = loopback(19);
        try (EchoServer echo = new EchoServer()) {
            String target = "127.0.0.1:" + echo.address().getPort();
            try (HttpConnectClient client = HttpConnectClient.open(source, socksPort(), READ_TIMEOUT_MILLIS)) {
                client.send("CONNECT within the limit", requestOfSize(target, DEFAULT_MAX_HEADER_BYTES - 1024));
                client.assertEstablished();
                client.assertEchoes("within the limit".getBytes(StandardCharsets.US_ASCII));
            }
            try (HttpConnectClient client = HttpConnectClient.open(source, socksPort(), READ_TIMEOUT_MILLIS)) {
                client.send("CONNECT over the limit", requestOfSize(target, DEFAULT_MAX_HEADER_BYTES + 1024));
                client.assertRejected("HTTP/1.1 431 Request Header Fields Too Large");
            }
            assertEquals("connections the echo server had (the request within the limit only)", 1, echo.accepted());
            ClientProcess.Finished curl = ClientProcess.run(
                    work,
                    curlTunnel(
                            socksPort(),
                            null,
                            "http://" + target + "/",
                            work.resolve("none"),
                            "--proxy-header",
                            "X-Filler: " + "f".repeat(DEFAULT_MAX_HEADER_BYTES)));
            assertCurlTunnelRefused(curl, 431);
        }
        AccessLogFile.awaitLine(
                "NONE_NONE/431 from " + source.getHostAddress(),
                f -> f.get(AccessLogFile.CLIENT).equals(source.getHostAddress())
                        && f.get(AccessLogFile.RESULT).equals("NONE_NONE/431"));
    }

    @Test
    public void theListenersHeaderLimitApplies() throws Exception {
        try (EchoServer echo = new EchoServer()) {
            String target = "127.0.0.1:" + echo.address().getPort();
            String credentials = basicCredentials(USER, PASSWORD);
            try (HttpConnectClient client = HttpConnectClient.open(loopback(20), tunedPort(), READ_TIMEOUT_MILLIS)) {
                client.send(
                        "CONNECT within http.max.header.bytes",
                        requestOfSize(target, TUNED_MAX_HEADER_BYTES - 256, credentials));
                client.assertEstablished();
                client.assertEchoes("within the listener's limit".getBytes(StandardCharsets.US_ASCII));
            }
            try (HttpConnectClient client = HttpConnectClient.open(loopback(20), tunedPort(), READ_TIMEOUT_MILLIS)) {
                client.send(
                        "CONNECT over http.max.header.bytes",
                        requestOfSize(target, TUNED_MAX_HEADER_BYTES + 256, credentials));
                client.assertRejected("HTTP/1.1 431 Request Header Fields Too Large");
            }
        }
    }

    /**
     * A CONNECT request of exactly {@code size} bytes (request line, header fields, the empty
     * line), padded by one filler field.
     */
    private static String requestOfSize(String target, int size, String... headerLines) {
        String bare = connectRequest(target, headerLines);
        String filler = "X-Filler: ";
        int padding = size - bare.length() - filler.length() - 2;
        String request = connectRequest(target, concat(headerLines, filler + "f".repeat(padding)));
        assertEquals("request size", size, request.length());
        return request;
    }

    private static String[] concat(String[] lines, String line) {
        String[] all = Arrays.copyOf(lines, lines.length + 1);
        all[lines.length] = line;
        return all;
    }

    // 502

    @Test
    public void aRefusedConnectGets502() throws Exception {
        InetAddress source = loopback(21);
        String target = "127.0.0.1:" + freePort(); // nothing listens there
        try (HttpConnectClient client = HttpConnectClient.open(source, socksPort(), READ_TIMEOUT_MILLIS)) {
            client.send("CONNECT to a closed port", connectRequest(target));
            client.assertRejected("HTTP/1.1 502 Bad Gateway");
        }
        AccessLogFile.awaitLine(
                "NONE_NONE/502 ... CONNECT " + target,
                f -> f.get(AccessLogFile.CLIENT).equals(source.getHostAddress())
                        && f.get(AccessLogFile.RESULT).equals("NONE_NONE/502")
                        && f.get(AccessLogFile.URL).equals(target));
    }

    // 503

    @Test
    public void aClientOverItsSessionCapGets503() throws Exception {
        InetAddress source = loopback(22);
        try (EchoServer echo = new EchoServer()) {
            String target = "127.0.0.1:" + echo.address().getPort();
            try (HttpConnectClient first = HttpConnectClient.open(source, cappedPort(), READ_TIMEOUT_MILLIS)) {
                first.send("CONNECT (the client's one session)", connectRequest(target));
                first.assertEstablished();
                first.assertEchoes("the first session".getBytes(StandardCharsets.US_ASCII));
                try (HttpConnectClient second = HttpConnectClient.open(source, cappedPort(), READ_TIMEOUT_MILLIS)) {
                    second.send("CONNECT (a second session) and data", connectRequest(target) + "data");
                    second.assertRejected("HTTP/1.1 503 Service Unavailable");
                }
                assertCurlTunnelRefused(
                        ClientProcess.run(
                                work,
                                curlTunnel(
                                        cappedPort(),
                                        null,
                                        "http://" + target + "/",
                                        work.resolve("none"),
                                        "--interface",
                                        source.getHostAddress())),
                        503);
                assertEquals("connections the echo server had (the first session's)", 1, echo.accepted());
                first.assertEchoes("the first session is still up".getBytes(StandardCharsets.US_ASCII));
            }
            // once the first session has ended, the client gets a session again
            awaitTunnel(source, cappedPort(), target).close();
        }
        AccessLogFile.awaitLine(
                "NONE_NONE/503 from " + source.getHostAddress(),
                f -> f.get(AccessLogFile.CLIENT).equals(source.getHostAddress())
                        && f.get(AccessLogFile.RESULT).equals("NONE_NONE/503"));
    }

    @Test
    public void aListenerAtItsSessionCapAnswers503() throws Exception {
        InetAddress other = loopback(27);
        try (EchoServer echo = new EchoServer()) {
            String target = "127.0.0.1:" + echo.address().getPort();
            try (HttpConnectClient first = awaitTunnel(loopback(26), fullPort(), target)) {
                first.assertEchoes("the listener's one session".getBytes(StandardCharsets.US_ASCII));
                try (HttpConnectClient second = HttpConnectClient.open(other, fullPort(), READ_TIMEOUT_MILLIS)) {
                    second.send("CONNECT (over max.sessions) and data", connectRequest(target) + "data");
                    second.assertRejected("HTTP/1.1 503 Service Unavailable");
                }
                assertEquals("connections the echo server had (the first session's)", 1, echo.accepted());
            }
            awaitTunnel(other, fullPort(), target).close();
        }
        AccessLogFile.awaitLine(
                "NONE_NONE/503 from " + other.getHostAddress(),
                f -> f.get(AccessLogFile.CLIENT).equals(other.getHostAddress())
                        && f.get(AccessLogFile.RESULT).equals("NONE_NONE/503"));
    }

    /**
     * A tunnel to {@code target} through the listener on {@code port}, tried again until one is
     * granted (at most 60 s): for a listener just started, or a session cap just released, whose
     * state the test cannot observe otherwise.
     */
    private static HttpConnectClient awaitTunnel(InetAddress source, int port, String target) {
        AtomicReference<HttpConnectClient> tunnel = new AtomicReference<>();
        await("a tunnel to " + target + " through port " + port)
                .atMost(Duration.ofSeconds(60))
                .until(() -> {
                    HttpConnectClient client = null;
                    try {
                        client = HttpConnectClient.open(source, port, READ_TIMEOUT_MILLIS);
                        client.send("CONNECT", connectRequest(target));
                        if (client.receiveResponse("response")
                                .statusLine()
                                .equals("HTTP/1.1 200 Connection established")) {
                            tunnel.set(client);
                            return true;
                        }
                    } catch (IOException | AssertionError notYet) {
                        // not listening yet, or refused: try again
                    }
                    if (client != null) {
                        client.close();
                    }
                    return false;
                });
        return tunnel.get();
    }

    // 504

    @Test
    public void aConnectThatTimesOutGets504() throws Exception {
        InetAddress source = loopback(23);
        try (SilentNamespace silent = SilentNamespace.create(work)) {
            InetSocketAddress destination = silent.destination();
            // allowed by the shipped allow-loopback-clients rule (any destination but this host's)
            String target = destination.getAddress().getHostAddress() + ":" + destination.getPort();
            long start = System.nanoTime();
            try (HttpConnectClient client = HttpConnectClient.open(source, socksPort(), READ_TIMEOUT_MILLIS)) {
                client.send("CONNECT to a destination that never answers", connectRequest(target));
                client.assertRejected("HTTP/1.1 504 Gateway Timeout");
            }
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(
                    "the 504 came after " + elapsedMillis + " ms, before timeout.connect (" + CONNECT_TIMEOUT_SECONDS
                            + " s)",
                    elapsedMillis >= CONNECT_TIMEOUT_SECONDS * 1000L - 200);
            assertCurlTunnelRefused(
                    ClientProcess.run(
                            work, curlTunnel(socksPort(), null, "http://" + target + "/", work.resolve("none"))),
                    504);
            AccessLogFile.awaitLine(
                    "NONE_NONE/504 ... CONNECT " + target,
                    f -> f.get(AccessLogFile.CLIENT).equals(source.getHostAddress())
                            && f.get(AccessLogFile.RESULT).equals("NONE_NONE/504")
                            && f.get(AccessLogFile.URL).equals(target));
        }
    }

    // credentials

    @Test
    public void credentialsNeverAppearInAnyLog() throws Exception {
        InetAddress source = loopback(24);
        try (EchoServer echo = new EchoServer()) {
            String target = "127.0.0.1:" + echo.address().getPort();
            try (HttpConnectClient client = HttpConnectClient.open(source, passwordPort(), READ_TIMEOUT_MILLIS)) {
                client.send(
                        "CONNECT with a wrong password",
                        connectRequest(target, basicCredentials(USER, WRONG_PASSWORD)));
                client.assertRejected("HTTP/1.1 407 Proxy Authentication Required");
            }
            try (HttpConnectClient client = HttpConnectClient.open(source, passwordPort(), READ_TIMEOUT_MILLIS)) {
                client.send("CONNECT with the password", connectRequest(target, basicCredentials(USER, PASSWORD)));
                client.assertEstablished();
                client.assertEchoes("logged in".getBytes(StandardCharsets.US_ASCII));
            }
            AccessLogFile.awaitLine(
                    "TCP_TUNNEL/200 from " + source.getHostAddress(),
                    f -> f.get(AccessLogFile.CLIENT).equals(source.getHostAddress())
                            && f.get(AccessLogFile.RESULT).equals("TCP_TUNNEL/200"));
        }
        assertNotLogged(PASSWORD, WRONG_PASSWORD, basicToken(USER, PASSWORD), basicToken(USER, WRONG_PASSWORD));
    }

    // helpers

    /** curl with {@code proxyOption} through the default listener, from {@code source}. */
    private List<String> curlFrom(InetAddress source, String proxyOption, String url) {
        List<String> command = curl(proxyOption, null, url, work.resolve("download.bin"));
        command.addAll(command.size() - 1, List.of("--interface", source.getHostAddress()));
        return command;
    }

    /** 127.0.0.{@code last}: a client address of the test's own. */
    private static InetAddress loopback(int last) throws IOException {
        return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
    }

    private static int tunedPort() {
        return Integer.getInteger(TUNED_PORT);
    }

    private static int cappedPort() {
        return Integer.getInteger(CAPPED_PORT);
    }

    private static int fullPort() {
        return Integer.getInteger(FULL_PORT);
    }
}
