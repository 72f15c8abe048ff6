package io.socksgate.itests;

import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.Before;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;

/**
 * Boots the assembly for HTTP CONNECT tests: the default listener serves {@code socks5, http} on
 * one port (the first byte picks the protocol), and a second listener, {@code itest-password},
 * serves the same with {@code auth = password} against the {@code karaf} JAAS realm, where this
 * class adds {@link #USER}. The login throttle is off ({@code failures.max = 0}): these tests
 * fail logins from loopback on purpose, many times ({@link AuthenticationIT} tests the throttle).
 *
 * <p>A rule denies HTTP CONNECT to port {@value #HTTP_DENIED_PORT} (nothing listens there), so a
 * client gets 403 for it from the rule, while SOCKS to that port gets through to a refused connect.
 */
public abstract class HttpProxyTestSupport extends InteropTestSupport {

    protected static final String USER = "hugo";
    protected static final String PASSWORD = "hUg0-t0nnel-S3cret";
    protected static final String WRONG_PASSWORD = "not-" + PASSWORD;

    /** Port whose HTTP CONNECTs rule {@value #HTTP_DENIED_RULE} denies (discard: nothing listens). */
    protected static final int HTTP_DENIED_PORT = 9;

    protected static final String HTTP_DENIED_RULE = "itest-deny-http-port-9";

    /** The loopback rule of {@link SocksgateTestSupport}: its instance name, from its file name. */
    protected static final String LOOPBACK_RULE = "itest-loopback";

    /** curl's exit code when the proxy refuses the tunnel ("CONNECT tunnel failed, response NNN"). */
    protected static final int CURLE_RECV_ERROR = 56;

    /** System property, set inside the container, holding the password listener's port. */
    private static final String PASSWORD_PORT = "socksgate.itest.password.port";

    private static final String PASSWORD_LISTENER_CFG = "etc/io.socksgate.listener-itest-password.cfg";

    /** System property, set inside the container, holding the mixed listener's port. */
    private static final String MIXED_PORT = "socksgate.itest.mixed.port";

    /** A listener with {@code auth = none, password} whose anonymous clients a rule denies. */
    private static final String MIXED_LISTENER = "itest-mixed";

    private static final String MIXED_LISTENER_CFG = "etc/io.socksgate.listener-" + MIXED_LISTENER + ".cfg";

    @Override
    protected Option[] extraOptions() {
        String passwordPort;
        String mixedPort;
        try {
            passwordPort = String.valueOf(freePort());
            mixedPort = String.valueOf(freePort());
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
        String denied = "etc/io.socksgate.rule-" + HTTP_DENIED_RULE + ".cfg";
        String anonymousDenied = "etc/io.socksgate.rule-itest-mixed-no-anonymous.cfg";
        return OptionUtils.combine(
                super.extraOptions(),
                editConfigurationFilePut(DEFAULT_LISTENER_CFG, "protocols", "socks5, http"),
                editConfigurationFilePut(PASSWORD_LISTENER_CFG, "bind", "127.0.0.1"),
                editConfigurationFilePut(PASSWORD_LISTENER_CFG, "port", passwordPort),
                editConfigurationFilePut(PASSWORD_LISTENER_CFG, "protocols", "socks5, http"),
                editConfigurationFilePut(PASSWORD_LISTENER_CFG, "auth", "password"),
                systemProperty(PASSWORD_PORT).value(passwordPort),
                editConfigurationFilePut("etc/io.socksgate.auth.cfg", "failures.max", "0"),
                editConfigurationFilePut("etc/users.properties", USER, PASSWORD + ",socks-users"),
                // before the itests' loopback rule (order 2), which allows every loopback port
                editConfigurationFilePut(denied, "order", "-1"),
                editConfigurationFilePut(denied, "action", "deny"),
                editConfigurationFilePut(denied, "protocols", "http"),
                editConfigurationFilePut(denied, "destination.ports", String.valueOf(HTTP_DENIED_PORT)),
                editConfigurationFilePut(MIXED_LISTENER_CFG, "bind", "127.0.0.1"),
                editConfigurationFilePut(MIXED_LISTENER_CFG, "port", mixedPort),
                editConfigurationFilePut(
                        MIXED_LISTENER_CFG, "protocols", "socks5, http"), // awaitListening speaks SOCKS5
                editConfigurationFilePut(MIXED_LISTENER_CFG, "auth", "none, password"),
                systemProperty(MIXED_PORT).value(mixedPort),
                // anonymous clients of the mixed listener are denied; users pass on to the loopback rule
                editConfigurationFilePut(anonymousDenied, "order", "-2"),
                editConfigurationFilePut(anonymousDenied, "action", "deny"),
                editConfigurationFilePut(anonymousDenied, "listeners", MIXED_LISTENER),
                editConfigurationFilePut(anonymousDenied, "users", "-"));
    }

    @Before
    public void passwordListenerUp() {
        awaitListening(passwordPort());
        awaitListening(mixedPort());
    }

    protected static int passwordPort() {
        return Integer.getInteger(PASSWORD_PORT);
    }

    /** The {@code auth = none, password} listener, where a rule denies anonymous clients. */
    protected static int mixedPort() {
        return Integer.getInteger(MIXED_PORT);
    }

    /** The proxy URL clients are given for the listener on {@code port}. */
    protected static String httpProxy(int port) {
        return "http://127.0.0.1:" + port;
    }

    /**
     * curl through a CONNECT tunnel ({@code --proxytunnel}, also for http:// URLs) of the HTTP
     * proxy on {@code proxyPort}, with {@code proxyUser} ("user:password", or null) and {@code
     * more} options; prints "STATUS SIZE" (status 000 when there was no tunnel).
     */
    protected static List<String> curlTunnel(int proxyPort, String proxyUser, String url, Path output, String... more) {
        List<String> command = curl("--proxy", httpProxy(proxyPort), proxyUser, url, output);
        List<String> options = new ArrayList<>(List.of("--proxytunnel"));
        options.addAll(List.of(more));
        command.addAll(command.size() - 1, options); // before the URL
        return command;
    }

    /** Fails unless curl reports that the proxy refused its tunnel with {@code status}. */
    protected static void assertCurlTunnelRefused(ClientProcess.Finished curl, int status) {
        if (curl.exitCode != CURLE_RECV_ERROR || !curl.stderr.contains("CONNECT tunnel failed, response " + status)) {
            fail("curl should fail with exit code " + CURLE_RECV_ERROR + " and 'CONNECT tunnel failed, response "
                    + status + "'" + curl);
        }
    }

    /** The value of the header line {@code Proxy-Authorization: Basic ...} for user and password. */
    protected static String basicToken(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Fails if any file under {@code data/log} (karaf.log, the access log, their rolled copies)
     * contains one of {@code secrets}: passwords, or the Basic tokens that carry them.
     */
    protected static void assertNotLogged(String... secrets) throws IOException {
        Path logs = Path.of(System.getProperty("karaf.data"), "log");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(logs)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        if (files.isEmpty()) {
            fail("no log files under " + logs);
        }
        for (Path file : files) {
            String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            for (String secret : secrets) {
                int at = text.indexOf(secret);
                if (at >= 0) {
                    int lineStart = text.lastIndexOf('\n', at) + 1;
                    int lineEnd = text.indexOf('\n', at);
                    fail(file + " holds a secret ('" + secret + "'):\n  "
                            + text.substring(lineStart, lineEnd < 0 ? text.length() : lineEnd));
                }
            }
        }
    }
}
