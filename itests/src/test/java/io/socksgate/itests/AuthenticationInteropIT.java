package io.socksgate.itests;

import static io.socksgate.itests.ClientProcess.command;
import static io.socksgate.itests.ClientProcess.missing;
import static io.socksgate.itests.ClientProcess.require;
import static io.socksgate.itests.ClientProcess.requireExecutable;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Real clients log in with a user name and password (RFC 1929) to the default listener set to
 * {@code auth = password}, checked against the {@code karaf} realm (etc/users.properties, where
 * this class adds a user): curl ({@code --proxy-user}), ncat ({@code --proxy-auth}), PySocks
 * ({@code username}/{@code password}) and the JDK's SOCKS client (asking the default
 * {@link java.net.Authenticator}, in a JVM of its own). Each gets through with the right password
 * and is refused with a wrong one; curl and PySocks also without credentials, and curl over
 * SOCKS4, which carries no password.
 *
 * <p>The login throttle is off here ({@code failures.max = 0}): this class fails logins from
 * 127.0.0.1 on purpose, many times; {@link AuthenticationIT} tests the throttle.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AuthenticationInteropIT extends InteropTestSupport {

    private static final String USER = "bob";
    private static final String PASSWORD = "b0b-S3cret";
    private static final String WRONG_PASSWORD = "not-" + PASSWORD;

    private static final String PYTHON = "/usr/bin/python3";

    @Override
    protected Option[] extraOptions() {
        return OptionUtils.combine(
                super.extraOptions(),
                editConfigurationFilePut(DEFAULT_LISTENER_CFG, "auth", "password"),
                editConfigurationFilePut("etc/io.socksgate.auth.cfg", "failures.max", "0"),
                editConfigurationFilePut("etc/users.properties", USER, PASSWORD + ",socks-users"));
    }

    // curl

    @Test
    public void curlDownloadsWithTheRightPassword() throws Exception {
        byte[] body = new byte[128 * 1024];
        new Random(31).nextBytes(body);
        try (FileServer server = new FileServer(body)) {
            Path output = work.resolve("download.bin");
            ClientProcess.Finished curl = ClientProcess.run(
                            work,
                            curl(
                                    "--socks5-hostname",
                                    USER + ":" + PASSWORD,
                                    "http://localhost:" + server.port() + "/file",
                                    output))
                    .assertExitCode(0);
            assertEquals("HTTP status and size curl reports" + curl, "200 " + body.length, curl.stdout.strip());
            assertArrayEquals("curl's output file" + curl, body, Files.readAllBytes(output));
        }
    }

    @Test
    public void curlWithAWrongPasswordFailsWithItsSocksError() throws Exception {
        assertCurlRefused("--socks5-hostname", USER + ":" + WRONG_PASSWORD);
    }

    @Test
    public void curlWithoutCredentialsFailsWithItsSocksError() throws Exception {
        assertCurlRefused("--socks5-hostname", null);
    }

    @Test
    public void curlOverSocks4IsRefusedByAPasswordListener() throws Exception {
        assertCurlRefused("--socks4", null);
    }

    private void assertCurlRefused(String proxyOption, String credentials) throws Exception {
        try (FileServer server = new FileServer("never served".getBytes(StandardCharsets.US_ASCII))) {
            ClientProcess.Finished curl = ClientProcess.run(
                    work,
                    curl(proxyOption, credentials, "http://127.0.0.1:" + server.port() + "/", work.resolve("none")));
            if (curl.exitCode != CURLE_PROXY) {
                fail("curl " + proxyOption + (credentials == null ? " without credentials" : " with a wrong password")
                        + " should fail with its SOCKS error " + CURLE_PROXY + curl);
            }
        }
    }

    // ncat

    @Test
    public void ncatEchoesWithTheRightPassword() throws Exception {
        try (EchoServer echo = new EchoServer()) {
            String line = "socksgate lets bob in: ncat --proxy-auth";
            ClientProcess.Finished ncat = ClientProcess.run(
                    work,
                    ncat(USER + ":" + PASSWORD, echo.address().getPort()),
                    (line + "\n").getBytes(StandardCharsets.UTF_8));
            ncat.assertExitCode(0);
            assertEquals("ncat's stdout" + ncat, line + "\n", ncat.stdout);
        }
    }

    @Test
    public void ncatWithAWrongPasswordFails() throws Exception {
        try (EchoServer echo = new EchoServer()) {
            String line = "this line must not pass with a wrong password";
            ClientProcess.Finished ncat = ClientProcess.run(
                    work,
                    ncat(USER + ":" + WRONG_PASSWORD, echo.address().getPort()),
                    (line + "\n").getBytes(StandardCharsets.UTF_8));
            if (ncat.exitCode == 0 || !ncat.stderr.contains("authentication failed")) {
                fail("ncat with a wrong password should fail, saying \"authentication failed\"" + ncat);
            }
            assertFalse("ncat echoed although its login was refused" + ncat, ncat.stdout.contains(line));
        }
    }

    private static List<String> ncat(String proxyAuth, int port) {
        return command(
                require("ncat", "ncat"),
                "--proxy",
                proxy(),
                "--proxy-type",
                "socks5",
                "--proxy-auth",
                proxyAuth,
                "--proxy-dns",
                "remote",
                "--wait",
                "10",
                "127.0.0.1",
                String.valueOf(port));
    }

    // PySocks

    @Test
    public void pysocksEchoesWithTheRightPassword() throws Exception {
        try (EchoServer echo = new EchoServer()) {
            pysocks("localhost", echo.address().getPort(), "--user", USER, "--password", PASSWORD);
        }
    }

    @Test
    public void pysocksWithAWrongPasswordIsRefused() throws Exception {
        try (EchoServer echo = new EchoServer()) {
            pysocks(
                    "localhost",
                    echo.address().getPort(),
                    "--user",
                    USER,
                    "--password",
                    WRONG_PASSWORD,
                    "--expect-auth-error",
                    "SOCKS5 authentication failed");
        }
    }

    @Test
    public void pysocksWithoutCredentialsIsRefused() throws Exception {
        try (EchoServer echo = new EchoServer()) {
            pysocks(
                    "localhost",
                    echo.address().getPort(),
                    "--expect-auth-error",
                    "All offered SOCKS5 authentication methods were rejected");
        }
    }

    /** PySocks over SOCKS5 with rdns; the script's exit code 0 means it saw what was expected. */
    private void pysocks(String host, int port, String... options) throws Exception {
        requireExecutable(PYTHON, "python3");
        ClientProcess.Finished probe = ClientProcess.run(work, command(PYTHON, "-I", "-c", "import socks"));
        if (probe.exitCode != 0) {
            fail(missing(PYTHON + " cannot import the PySocks module 'socks'", "python3-socks") + probe);
        }
        Path script = resource("pysocks_echo.py");
        List<String> command = command(
                PYTHON,
                "-I",
                script.toString(),
                String.valueOf(socksPort()),
                "socks5",
                "rdns",
                host,
                String.valueOf(port));
        command.addAll(List.of(options));
        ClientProcess.run(work, command).assertExitCode(0);
    }

    // the JDK's SOCKS client

    @Test
    public void jdkClientEchoesWithTheDefaultAuthenticatorsCredentials() throws Exception {
        try (EchoServer echo = new EchoServer()) {
            ClientProcess.Finished client =
                    jdkClient(PASSWORD, echo.address().getPort()).assertExitCode(0);
            assertTrue(
                    "the JDK should have asked the default Authenticator for SOCKS5 credentials" + client,
                    client.stdout.contains("authenticator asked: protocol=SOCKS5"));
        }
    }

    @Test
    public void jdkClientWithAWrongPasswordIsRefused() throws Exception {
        try (EchoServer echo = new EchoServer()) {
            ClientProcess.Finished client =
                    jdkClient(WRONG_PASSWORD, echo.address().getPort());
            if (client.exitCode != 2 || !client.stderr.contains("authentication failed")) {
                fail("the JDK client with a wrong password should fail to connect (exit code 2, \"SOCKS :"
                        + " authentication failed\")" + client);
            }
            assertTrue(
                    "the JDK should have asked the default Authenticator for SOCKS5 credentials" + client,
                    client.stdout.contains("authenticator asked: protocol=SOCKS5"));
        }
    }

    /** JdkSocksClient.java in a JVM of its own, with the default Authenticator answering bob. */
    private ClientProcess.Finished jdkClient(String password, int port) throws Exception {
        String java = requireExecutable(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "openjdk-17-jdk-headless");
        Path client = resource("JdkSocksClient.java");
        return ClientProcess.run(
                work,
                command(
                        java,
                        "-Xmx128m",
                        "-DsocksProxyHost=127.0.0.1",
                        "-DsocksProxyPort=" + socksPort(),
                        // By default the JDK bypasses the proxy for localhost and 127.*: proxy everything.
                        "-DsocksNonProxyHosts=",
                        "-Ditest.socks.user=" + USER,
                        "-Ditest.socks.password=" + password,
                        client.toString(),
                        "127.0.0.1",
                        String.valueOf(port)));
    }

    /** The test resource {@code name}, copied into the scratch directory once per test. */
    private Path resource(String name) throws Exception {
        Path copy = work.resolve(name);
        return Files.exists(copy) ? copy : ClientProcess.copyResource(name, copy);
    }
}
