package io.socksgate.itests;

import static io.socksgate.itests.ClientProcess.command;
import static io.socksgate.itests.ClientProcess.require;
import static io.socksgate.itests.ClientProcess.requireExecutable;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Real HTTP CONNECT clients through the listener that serves SOCKS5 and HTTP on one port, and
 * through the {@code auth = password} listener with and without (right) credentials; each checks
 * that the data went through (a file server's body, or an echo), and each refusal is checked as
 * the client itself reports it (exit code and message). Debian packages: curl, wget, ncat,
 * socat, proxytunnel, python3, and the JDK (keytool, java).
 *
 * <ul>
 *   <li>curl {@code --proxy http://... --proxytunnel} (CONNECT even for http://), with
 *       {@code --proxy-user}, and with {@code --proxy-anyauth}, which sends credentials only
 *       after a 407 (a new connection, since a 407 closes the first);
 *   <li>wget, told the proxy by {@code https_proxy}: wget tunnels only https (plain http it sends
 *       to the proxy as {@code GET http://...}, which Socksgate answers 405, also checked), so
 *       it fetches from a local https server with a throw-away certificate it is told to trust;
 *   <li>python3's {@code http.client} {@code set_tunnel} (sends {@code CONNECT ... HTTP/1.0}
 *       without a Host header), credentials as a {@code Proxy-Authorization} tunnel header;
 *   <li>the JDK's {@code java.net.http.HttpClient} with a {@code ProxySelector} and an
 *       {@code Authenticator}, https too (it tunnels nothing else), in a JVM of its own with
 *       {@code -Djdk.http.auth.tunneling.disabledSchemes=} (else Basic is never sent to a
 *       tunnelling proxy);
 *   <li>ncat {@code --proxy-type http [--proxy-auth]}, socat {@code PROXY:...,proxyport=[,proxyauth=]},
 *       proxytunnel {@code -p -d [-P]} in stdin/stdout mode;
 *   <li>curl over SOCKS5 and curl over HTTP through the same port at the same time.
 * </ul>
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HttpClientsInteropIT extends HttpProxyTestSupport {

    /** wget: network failure (a refused tunnel is one). */
    private static final int WGET_NETWORK_FAILURE = 4;

    /** wget: the server (here the proxy) answered with an error status. */
    private static final int WGET_SERVER_ERROR = 8;

    private static final String PYTHON = "/usr/bin/python3";

    private static final byte[] BODY = randomBytes(256 * 1024, 41);

    /** See {@link #certificate()}. */
    private static SelfSignedCertificate sharedCertificate;

    // curl

    @Test
    public void curlDownloadsThroughATunnelAndTheTunnelIsLogged() throws Exception {
        try (FileServer server = new FileServer(BODY)) {
            assertCurlDownloads(socksPort(), null, "http://127.0.0.1:" + server.port() + "/file");
            AccessLogFile.awaitLine(
                    "TCP_TUNNEL/200 ... CONNECT 127.0.0.1:" + server.port() + " - DIRECT/127.0.0.1 " + LOOPBACK_RULE,
                    f -> f.get(AccessLogFile.RESULT).equals("TCP_TUNNEL/200")
                            && f.get(AccessLogFile.METHOD).equals("CONNECT")
                            && f.get(AccessLogFile.URL).equals("127.0.0.1:" + server.port())
                            && f.get(AccessLogFile.USER).equals("-")
                            && f.get(AccessLogFile.HIERARCHY).equals("DIRECT/127.0.0.1")
                            && f.get(AccessLogFile.RULE).equals(LOOPBACK_RULE));
        }
    }

    @Test
    public void curlLetsTheProxyResolveLocalhost() throws Exception {
        try (FileServer server = new FileServer(BODY)) {
            assertCurlDownloads(socksPort(), null, "http://localhost:" + server.port() + "/file");
        }
    }

    @Test
    public void curlReachesAnIpv6Destination() throws Exception {
        try (FileServer server = new FileServer(BODY, InetAddress.getByName("::1"))) {
            assertCurlDownloads(socksPort(), null, "http://[::1]:" + server.port() + "/file");
        }
    }

    @Test
    public void curlWithTheRightPasswordDownloadsAsItsUser() throws Exception {
        try (FileServer server = new FileServer(BODY)) {
            assertCurlDownloads(passwordPort(), USER + ":" + PASSWORD, "http://127.0.0.1:" + server.port() + "/file");
            AccessLogFile.awaitLine(
                    "TCP_TUNNEL/200 ... CONNECT 127.0.0.1:" + server.port() + " " + USER,
                    f -> f.get(AccessLogFile.RESULT).equals("TCP_TUNNEL/200")
                            && f.get(AccessLogFile.URL).equals("127.0.0.1:" + server.port())
                            && f.get(AccessLogFile.USER).equals(USER));
        }
    }

    @Test
    public void curlProxyAnyauthSendsItsCredentialsAfterThe407() throws Exception {
        try (FileServer server = new FileServer(BODY)) {
            ClientProcess.Finished curl = assertCurlDownloads(
                    passwordPort(),
                    USER + ":" + PASSWORD,
                    "http://127.0.0.1:" + server.port() + "/file",
                    "--proxy-anyauth",
                    "--verbose");
            // curl's --verbose shows its side of the exchange: first a CONNECT without credentials
            String[] expected = {
                "< HTTP/1.1 407 ",
                "< Proxy-Authenticate: Basic realm=\"Socksgate\", charset=\"UTF-8\"",
                "> Proxy-Authorization: Basic ",
                "< HTTP/1.1 200 Connection established"
            };
            int at = 0;
            for (String line : expected) {
                int found = curl.stderr.indexOf(line, at);
                if (found < 0) {
                    fail("curl --proxy-anyauth --verbose should show, in this order, " + List.of(expected)
                            + "; missing from offset " + at + ": " + line + curl);
                }
                at = found;
            }
        }
    }

    /**
     * {@code auth = none, password}, anonymous clients denied by a rule that users pass: curl
     * without credentials is asked for them (407, not 403), and {@code --proxy-anyauth}, which
     * sends them only after a 407, gets through.
     */
    @Test
    public void anAnonymousClientThatALoginMayAdmitIsAskedToLogIn() throws Exception {
        assertCurlRefused(mixedPort(), null, "http://127.0.0.1:" + freePort() + "/", 407);
        try (FileServer server = new FileServer(BODY)) {
            ClientProcess.Finished curl = assertCurlDownloads(
                    mixedPort(),
                    USER + ":" + PASSWORD,
                    "http://127.0.0.1:" + server.port() + "/file",
                    "--proxy-anyauth",
                    "--verbose");
            assertTrue("curl was asked to log in" + curl, curl.stderr.contains("< HTTP/1.1 407 "));
            assertTrue("curl got its tunnel" + curl, curl.stderr.contains("< HTTP/1.1 200 Connection established"));
        }
    }

    @Test
    public void curlWithoutCredentialsIsRefusedWith407() throws Exception {
        assertCurlRefused(passwordPort(), null, "http://127.0.0.1:" + freePort() + "/", 407);
    }

    @Test
    public void curlWithAWrongPasswordIsRefusedWith407() throws Exception {
        assertCurlRefused(passwordPort(), USER + ":" + WRONG_PASSWORD, "http://127.0.0.1:" + freePort() + "/", 407);
    }

    @Test
    public void curlToAPortARuleDeniesIsRefusedWith403() throws Exception {
        assertCurlRefused(socksPort(), null, "http://127.0.0.1:" + HTTP_DENIED_PORT + "/", 403);
    }

    @Test
    public void curlToAClosedPortGets502() throws Exception {
        assertCurlRefused(socksPort(), null, "http://127.0.0.1:" + freePort() + "/", 502);
    }

    @Test
    public void curlWithoutTunnelSendsGetAndGets405() throws Exception {
        try (FileServer server = new FileServer(BODY)) {
            List<String> command = curl(
                    "--proxy",
                    httpProxy(socksPort()),
                    null,
                    "http://127.0.0.1:" + server.port() + "/file",
                    work.resolve("405.html"));
            ClientProcess.Finished curl = ClientProcess.run(work, command).assertExitCode(0);
            assertTrue(
                    "curl sending 'GET http://...' to the proxy should report status 405" + curl,
                    curl.stdout.startsWith("405 "));
            assertEquals("requests the file server had" + curl, 0, server.requests());
        }
    }

    private ClientProcess.Finished assertCurlDownloads(int proxyPort, String proxyUser, String url, String... more)
            throws Exception {
        Path output = work.resolve("download.bin");
        ClientProcess.Finished curl = ClientProcess.run(work, curlTunnel(proxyPort, proxyUser, url, output, more))
                .assertExitCode(0);
        assertEquals("HTTP status and size curl reports" + curl, "200 " + BODY.length, curl.stdout.strip());
        assertArrayEquals("curl's output file" + curl, BODY, Files.readAllBytes(output));
        return curl;
    }

    private void assertCurlRefused(int proxyPort, String proxyUser, String url, int status) throws Exception {
        assertCurlTunnelRefused(
                ClientProcess.run(work, curlTunnel(proxyPort, proxyUser, url, work.resolve("none"))), status);
    }

    // wget

    @Test
    public void wgetFetchesHttpsThroughTheTunnel() throws Exception {
        assertWgetDownloads(socksPort());
    }

    @Test
    public void wgetWithTheRightPasswordFetchesHttps() throws Exception {
        assertWgetDownloads(passwordPort(), "--proxy-user=" + USER, "--proxy-password=" + PASSWORD);
    }

    @Test
    public void wgetWithoutCredentialsReportsTheProxys407() throws Exception {
        assertWgetRefused(passwordPort(), "Proxy Authentication Required");
    }

    @Test
    public void wgetWithAWrongPasswordReportsTheProxys407() throws Exception {
        assertWgetRefused(
                passwordPort(),
                "Proxy Authentication Required",
                "--proxy-user=" + USER,
                "--proxy-password=" + WRONG_PASSWORD);
    }

    @Test
    public void wgetPlainHttpThroughTheProxyIsRefusedWith405() throws Exception {
        try (FileServer server = new FileServer(BODY)) {
            ClientProcess.Finished wget = ClientProcess.run(
                    work,
                    wget("http://127.0.0.1:" + server.port() + "/file", work.resolve("405.html")),
                    Map.of("http_proxy", httpProxy(socksPort())));
            if (wget.exitCode != WGET_SERVER_ERROR || !wget.stderr.contains("ERROR 405: Method Not Allowed")) {
                fail("wget sends plain http to a proxy as 'GET http://...': it should report 'ERROR 405: Method Not"
                        + " Allowed' and exit with " + WGET_SERVER_ERROR + wget);
            }
            assertEquals("requests the file server had" + wget, 0, server.requests());
        }
    }

    private void assertWgetDownloads(int proxyPort, String... options) throws Exception {
        SelfSignedCertificate certificate = certificate();
        try (FileServer server = new FileServer(BODY, certificate.serverContext())) {
            Path output = work.resolve("download.bin");
            List<String> command = wget("https://127.0.0.1:" + server.port() + "/file", output);
            command.addAll(command.size() - 1, List.of(options));
            command.add(command.size() - 1, "--ca-certificate=" + certificate.pem());
            ClientProcess.Finished wget = ClientProcess.run(work, command, Map.of("https_proxy", httpProxy(proxyPort)))
                    .assertExitCode(0);
            assertArrayEquals("wget's output file" + wget, BODY, Files.readAllBytes(output));
        }
    }

    private void assertWgetRefused(int proxyPort, String reason, String... options) throws Exception {
        List<String> command = wget("https://127.0.0.1:" + freePort() + "/file", work.resolve("none"));
        command.addAll(command.size() - 1, List.of(options));
        ClientProcess.Finished wget = ClientProcess.run(work, command, Map.of("https_proxy", httpProxy(proxyPort)));
        if (wget.exitCode != WGET_NETWORK_FAILURE || !wget.stderr.contains("Proxy tunneling failed: " + reason)) {
            fail("wget should report 'Proxy tunneling failed: " + reason + "' and exit with " + WGET_NETWORK_FAILURE
                    + wget);
        }
    }

    /** wget without any configuration file (the proxy comes from the environment), to {@code output}. */
    private static List<String> wget(String url, Path output) {
        return command(
                require("wget", "wget"),
                "--no-config",
                "--no-hsts",
                "--tries=1",
                "--timeout=30",
                "--output-document=" + output,
                url);
    }

    // python3 http.client

    @Test
    public void pythonTunnelsAnHttp10Connect() throws Exception {
        try (FileServer server = new FileServer(BODY)) {
            assertPythonDownloads(socksPort(), "127.0.0.1", server.port());
        }
    }

    @Test
    public void pythonWithTheRightPasswordTunnelsToLocalhost() throws Exception {
        try (FileServer server = new FileServer(BODY)) {
            assertPythonDownloads(passwordPort(), "localhost", server.port(), USER, PASSWORD);
        }
    }

    @Test
    public void pythonWithoutCredentialsReportsThe407() throws Exception {
        assertPythonRefused(passwordPort(), freePort(), "407 Proxy Authentication Required");
    }

    @Test
    public void pythonWithAWrongPasswordReportsThe407() throws Exception {
        assertPythonRefused(passwordPort(), freePort(), "407 Proxy Authentication Required", USER, WRONG_PASSWORD);
    }

    @Test
    public void pythonToAPortARuleDeniesReportsThe403() throws Exception {
        assertPythonRefused(socksPort(), HTTP_DENIED_PORT, "403 Forbidden");
    }

    @Test
    public void pythonToAClosedPortReportsThe502() throws Exception {
        assertPythonRefused(socksPort(), freePort(), "502 Bad Gateway");
    }

    private void assertPythonDownloads(int proxyPort, String host, int port, String... credentials) throws Exception {
        Path output = work.resolve("download.bin");
        ClientProcess.Finished python = ClientProcess.run(work, python(proxyPort, host, port, output, credentials))
                .assertExitCode(0);
        assertEquals("what the script reports" + python, "status 200 bytes " + BODY.length, python.stdout.strip());
        assertArrayEquals("the body the script wrote" + python, BODY, Files.readAllBytes(output));
    }

    private void assertPythonRefused(int proxyPort, int port, String status, String... credentials) throws Exception {
        ClientProcess.Finished python =
                ClientProcess.run(work, python(proxyPort, "127.0.0.1", port, work.resolve("none"), credentials));
        if (python.exitCode != 2 || !python.stderr.contains("Tunnel connection failed: " + status)) {
            fail("http.client should raise 'Tunnel connection failed: " + status + "' (script exit code 2)" + python);
        }
    }

    private List<String> python(int proxyPort, String host, int port, Path output, String... credentials)
            throws Exception {
        requireExecutable(PYTHON, "python3");
        Path script = resource("http_tunnel_get.py");
        List<String> command = command(
                PYTHON,
                "-I",
                script.toString(),
                String.valueOf(proxyPort),
                host,
                String.valueOf(port),
                "/file",
                output.toString());
        command.addAll(List.of(credentials));
        return command;
    }

    // the JDK's HttpClient

    @Test
    public void jdkHttpClientFetchesHttpsThroughTheTunnel() throws Exception {
        SelfSignedCertificate certificate = certificate();
        try (FileServer server = new FileServer(BODY, certificate.serverContext())) {
            Path output = work.resolve("download.bin");
            ClientProcess.Finished client = jdkHttpClient(
                            socksPort(), "https://localhost:" + server.port() + "/file", certificate, output)
                    .assertExitCode(0);
            assertEquals("what the client reports" + client, "status 200 bytes " + BODY.length, client.stdout.strip());
            assertArrayEquals("the body the client wrote" + client, BODY, Files.readAllBytes(output));
        }
    }

    @Test
    public void jdkHttpClientAnswersThe407WithItsAuthenticator() throws Exception {
        SelfSignedCertificate certificate = certificate();
        try (FileServer server = new FileServer(BODY, certificate.serverContext())) {
            Path output = work.resolve("download.bin");
            ClientProcess.Finished client = jdkHttpClient(
                            passwordPort(),
                            "https://127.0.0.1:" + server.port() + "/file",
                            certificate,
                            output,
                            USER,
                            PASSWORD)
                    .assertExitCode(0);
            assertTrue(
                    "the JDK should ask its Authenticator once, for the proxy's realm Socksgate" + client,
                    client.stdout.contains(
                            "authenticator asked: type=PROXY scheme=basic prompt=Socksgate host=127.0.0.1"));
            assertTrue("what the client reports" + client, client.stdout.contains("status 200 bytes " + BODY.length));
            assertArrayEquals("the body the client wrote" + client, BODY, Files.readAllBytes(output));
        }
    }

    @Test
    public void jdkHttpClientWithoutAnAuthenticatorGetsThe407() throws Exception {
        SelfSignedCertificate certificate = certificate();
        ClientProcess.Finished client = jdkHttpClient(
                        passwordPort(),
                        "https://127.0.0.1:" + freePort() + "/file",
                        certificate,
                        work.resolve("407.html"))
                .assertExitCode(0);
        assertTrue(
                "without an Authenticator, HttpClient hands the proxy's 407 to the application" + client,
                client.stdout.startsWith("status 407 "));
    }

    @Test
    public void jdkHttpClientWithAWrongPasswordGivesUpAfterRepeated407s() throws Exception {
        SelfSignedCertificate certificate = certificate();
        ClientProcess.Finished client = jdkHttpClient(
                passwordPort(),
                "https://127.0.0.1:" + freePort() + "/file",
                certificate,
                work.resolve("none"),
                USER,
                WRONG_PASSWORD);
        if (client.exitCode != 2 || !client.stderr.contains("too many authentication attempts")) {
            fail("the JDK client should give up ('too many authentication attempts', exit code 2)" + client);
        }
    }

    @Test
    public void jdkHttpClientToAClosedPortReportsTheFailedTunnel() throws Exception {
        SelfSignedCertificate certificate = certificate();
        ClientProcess.Finished client = jdkHttpClient(
                socksPort(), "https://127.0.0.1:" + freePort() + "/file", certificate, work.resolve("none"));
        if (client.exitCode != 2 || !client.stderr.contains("Tunnel failed, got: 502")) {
            fail("the JDK client should report 'Tunnel failed, got: 502' (exit code 2)" + client);
        }
    }

    /** JdkHttpsClient in a JVM of its own (see there), trusting exactly {@code certificate}. */
    private ClientProcess.Finished jdkHttpClient(
            int proxyPort, String url, SelfSignedCertificate certificate, Path output, String... credentials)
            throws Exception {
        String java = requireExecutable(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "openjdk-17-jdk-headless");
        List<String> command = command(
                java,
                "-Xmx128m",
                "-Djdk.http.auth.tunneling.disabledSchemes=",
                "-Djdk.http.auth.proxying.disabledSchemes=",
                "-cp",
                jdkHttpClientClasses().toString(),
                "JdkHttpsClient",
                String.valueOf(proxyPort),
                url,
                certificate.pem().toString(),
                output.toString());
        command.addAll(List.of(credentials));
        return ClientProcess.run(work, command);
    }

    /**
     * JdkHttpsClient.java compiled once for the class (single-file source mode would compile it
     * again in every run, seconds each), into the container's data directory.
     */
    private Path jdkHttpClientClasses() throws Exception {
        Path classes = Path.of(System.getProperty("karaf.data"), "itest-jdk-http-client");
        if (!Files.isRegularFile(classes.resolve("JdkHttpsClient.class"))) {
            String javac = requireExecutable(
                    Path.of(System.getProperty("java.home"), "bin", "javac").toString(), "openjdk-17-jdk-headless");
            ClientProcess.run(
                            work,
                            command(
                                    javac,
                                    "-d",
                                    classes.toString(),
                                    resource("JdkHttpsClient.java").toString()))
                    .assertExitCode(0);
        }
        return classes;
    }

    /** The https servers' key and certificate, made once for the class in the container's data directory. */
    private SelfSignedCertificate certificate() throws Exception {
        Path directory = Path.of(System.getProperty("karaf.data"), "itest-tls");
        if (sharedCertificate == null) {
            Files.createDirectories(directory);
            sharedCertificate = SelfSignedCertificate.create(directory);
        }
        return sharedCertificate;
    }

    // ncat

    @Test
    public void ncatEchoesThroughAnHttpTunnel() throws Exception {
        assertEchoesInteractively("ncat --proxy-type http", port -> ncat(socksPort(), null, "127.0.0.1", port));
    }

    @Test
    public void ncatWithTheRightPasswordEchoes() throws Exception {
        assertEchoesInteractively(
                "ncat --proxy-auth", port -> ncat(passwordPort(), USER + ":" + PASSWORD, "127.0.0.1", port));
    }

    @Test
    public void ncatCarriesTheEchoBackAfterItsHalfClose() throws Exception {
        try (EchoServer echo = new EchoServer()) {
            String line = "socksgate tunnels ncat's line, whose stdin ends at once";
            List<String> command =
                    ncat(socksPort(), null, "localhost", echo.address().getPort());
            ClientProcess.Finished ncat =
                    ClientProcess.run(work, command, (line + "\n").getBytes(StandardCharsets.UTF_8));
            ncat.assertExitCode(0);
            assertEquals("ncat's stdout" + ncat, line + "\n", ncat.stdout);
        }
    }

    @Test
    public void ncatWithoutCredentialsReportsThe407() throws Exception {
        assertNcatRefused(passwordPort(), null, freePort(), 407);
    }

    @Test
    public void ncatWithAWrongPasswordReportsThe407() throws Exception {
        assertNcatRefused(passwordPort(), USER + ":" + WRONG_PASSWORD, freePort(), 407);
    }

    @Test
    public void ncatToAPortARuleDeniesReportsThe403() throws Exception {
        assertNcatRefused(socksPort(), null, HTTP_DENIED_PORT, 403);
    }

    @Test
    public void ncatToAClosedPortReportsThe502() throws Exception {
        assertNcatRefused(socksPort(), null, freePort(), 502);
    }

    private void assertNcatRefused(int proxyPort, String proxyAuth, int port, int status) throws Exception {
        List<String> command = ncat(proxyPort, proxyAuth, "127.0.0.1", port);
        String line = "never relayed";
        ClientProcess.Finished ncat = ClientProcess.run(work, command, (line + "\n").getBytes(StandardCharsets.UTF_8));
        if (ncat.exitCode != 1 || !ncat.stderr.contains("Proxy returned status code " + status + ".")) {
            fail("ncat should report 'Proxy returned status code " + status + ".' and exit with 1" + ncat);
        }
    }

    /** ncat through the HTTP proxy on {@code proxyPort} to {@code host}:{@code port}. */
    private static List<String> ncat(int proxyPort, String proxyAuth, String host, int port) {
        List<String> command = command(
                require("ncat", "ncat"), "--proxy", "127.0.0.1:" + proxyPort, "--proxy-type", "http", "--wait", "10");
        if (proxyAuth != null) {
            command.addAll(List.of("--proxy-auth", proxyAuth));
        }
        command.add(host);
        command.add(String.valueOf(port));
        return command;
    }

    // socat

    @Test
    public void socatEchoesThroughAnHttpTunnel() throws Exception {
        assertSocatEchoes(socksPort(), null);
    }

    @Test
    public void socatWithTheRightPasswordEchoes() throws Exception {
        assertSocatEchoes(passwordPort(), USER + ":" + PASSWORD);
    }

    @Test
    public void socatWithoutCredentialsReportsThe407() throws Exception {
        assertSocatRefused(passwordPort(), null, freePort(), "Proxy Authentication Required");
    }

    @Test
    public void socatWithAWrongPasswordReportsThe407() throws Exception {
        assertSocatRefused(passwordPort(), USER + ":" + WRONG_PASSWORD, freePort(), "Proxy Authentication Required");
    }

    @Test
    public void socatToAPortARuleDeniesReportsThe403() throws Exception {
        assertSocatRefused(socksPort(), null, HTTP_DENIED_PORT, "Forbidden");
    }

    private void assertSocatEchoes(int proxyPort, String proxyAuth) throws Exception {
        try (EchoServer echo = new EchoServer()) {
            String line = "socksgate tunnels socat's line (" + (proxyAuth == null ? "no" : "with") + " proxyauth)";
            ClientProcess.Finished socat = ClientProcess.run(
                    work,
                    socat(proxyPort, proxyAuth, echo.address().getPort()),
                    (line + "\n").getBytes(StandardCharsets.UTF_8));
            socat.assertExitCode(0);
            assertEquals("socat's stdout" + socat, line + "\n", socat.stdout);
        }
    }

    /** socat prints the reason phrase of the proxy's status line: "E CONNECT host:port: REASON". */
    private void assertSocatRefused(int proxyPort, String proxyAuth, int port, String reason) throws Exception {
        ClientProcess.Finished socat = ClientProcess.run(
                work, socat(proxyPort, proxyAuth, port), "never relayed\n".getBytes(StandardCharsets.UTF_8));
        if (socat.exitCode != 1 || !socat.stderr.contains("E CONNECT 127.0.0.1:" + port + ": " + reason)) {
            fail("socat should report 'E CONNECT 127.0.0.1:" + port + ": " + reason + "' and exit with 1" + socat);
        }
        assertEquals("socat's stdout" + socat, "", socat.stdout);
    }

    private static List<String> socat(int proxyPort, String proxyAuth, int port) {
        String address = "PROXY:127.0.0.1:127.0.0.1:" + port + ",proxyport=" + proxyPort + ",connect-timeout=10"
                + (proxyAuth == null ? "" : ",proxyauth=" + proxyAuth);
        return command(require("socat", "socat"), "-T", "30", "STDIO", address);
    }

    // proxytunnel

    @Test
    public void proxytunnelEchoesThroughAnHttpTunnel() throws Exception {
        assertEchoesInteractively("proxytunnel", port -> proxytunnel(socksPort(), null, port));
    }

    @Test
    public void proxytunnelWithTheRightPasswordEchoes() throws Exception {
        assertEchoesInteractively(
                "proxytunnel --proxyauth", port -> proxytunnel(passwordPort(), USER + ":" + PASSWORD, port));
    }

    @Test
    public void proxytunnelWithoutCredentialsReportsThe407() throws Exception {
        assertProxytunnelRefused(passwordPort(), null, freePort(), "407 Proxy Authentication Required");
    }

    @Test
    public void proxytunnelWithAWrongPasswordReportsThe407() throws Exception {
        assertProxytunnelRefused(
                passwordPort(), USER + ":" + WRONG_PASSWORD, freePort(), "407 Proxy Authentication Required");
    }

    @Test
    public void proxytunnelToAPortARuleDeniesReportsThe403() throws Exception {
        assertProxytunnelRefused(socksPort(), null, HTTP_DENIED_PORT, "403 Forbidden");
    }

    private void assertProxytunnelRefused(int proxyPort, String proxyAuth, int port, String status) throws Exception {
        List<String> command = proxytunnel(proxyPort, proxyAuth, port);
        ClientProcess.Finished proxytunnel = ClientProcess.run(work, command);
        if (proxytunnel.exitCode != 1 || !proxytunnel.stderr.contains("HTTP return code: " + status)) {
            fail("proxytunnel should report 'HTTP return code: " + status + "' and exit with 1" + proxytunnel);
        }
    }

    /** proxytunnel in stdin/stdout mode to 127.0.0.1:{@code port}. */
    private static List<String> proxytunnel(int proxyPort, String proxyAuth, int port) {
        List<String> command = command(require("proxytunnel", "proxytunnel"), "--proxy=127.0.0.1:" + proxyPort);
        if (proxyAuth != null) {
            command.add("--proxyauth=" + proxyAuth);
        }
        command.add("--dest=127.0.0.1:" + port);
        return command;
    }

    /**
     * Starts the command {@code client} gives for an echo server's port, writes a line, waits
     * (bounded) for the same line back, and only then closes stdin; the client must then exit
     * with 0.
     */
    private void assertEchoesInteractively(String client, IntFunction<List<String>> command) throws Exception {
        try (EchoServer echo = new EchoServer()) {
            String line = "socksgate tunnels a line of " + client;
            ClientProcess.Started started =
                    ClientProcess.start(work, command.apply(echo.address().getPort()), true);
            String answer = started.exchangeLine(line, READ_TIMEOUT_MILLIS);
            started.closeStdin();
            ClientProcess.Finished finished = started.await();
            if (!line.equals(answer)) {
                fail(client + " did not echo the line; stdout's first line was " + (answer == null ? "none" : answer)
                        + ":" + finished);
            }
            finished.assertExitCode(0);
        }
    }

    // SOCKS and HTTP on one port

    @Test
    public void aSocksAndAnHttpClientUseTheSamePortAtTheSameTime() throws Exception {
        try (FileServer server = FileServer.answeringTogether(BODY, 2)) {
            Path overSocks = work.resolve("over-socks.bin");
            Path overHttp = work.resolve("over-http.bin");
            String url = "http://localhost:" + server.port() + "/file";
            // The server answers neither until both requests are in: both tunnels are open at once.
            ClientProcess.Started socks =
                    ClientProcess.start(work, curl("--socks5-hostname", null, url, overSocks), false);
            ClientProcess.Started http = ClientProcess.start(work, curlTunnel(socksPort(), null, url, overHttp), false);
            ClientProcess.Finished socksDone = socks.await().assertExitCode(0);
            ClientProcess.Finished httpDone = http.await().assertExitCode(0);
            assertEquals("curl over SOCKS5" + socksDone, "200 " + BODY.length, socksDone.stdout.strip());
            assertEquals("curl over HTTP CONNECT" + httpDone, "200 " + BODY.length, httpDone.stdout.strip());
            assertArrayEquals("curl over SOCKS5's file", BODY, Files.readAllBytes(overSocks));
            assertArrayEquals("curl over HTTP CONNECT's file", BODY, Files.readAllBytes(overHttp));
        }
    }

    // credentials

    @Test
    public void noClientsCredentialsAppearInAnyLog() throws Exception {
        // a right and a wrong login of our own, so the check never passes for lack of logins
        curlWithoutCredentialsIsRefusedWith407();
        curlWithAWrongPasswordIsRefusedWith407();
        curlWithTheRightPasswordDownloadsAsItsUser();
        AccessLogFile.awaitLine(
                "TCP_DENIED/407", f -> f.get(AccessLogFile.RESULT).equals("TCP_DENIED/407"));
        assertNotLogged(PASSWORD, WRONG_PASSWORD, basicToken(USER, PASSWORD), basicToken(USER, WRONG_PASSWORD));
    }

    /** The test resource {@code name}, copied into the scratch directory once per test. */
    private Path resource(String name) throws Exception {
        Path copy = work.resolve(name);
        return Files.exists(copy) ? copy : ClientProcess.copyResource(name, copy);
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
