package io.socksgate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import io.socksgate.api.Authenticator;
import io.socksgate.api.SessionInfo;
import io.socksgate.api.SessionRegistry;
import io.socksgate.itests.plugin.PluginActivator;
import io.socksgate.itests.plugin.PluginAuthenticator;
import io.socksgate.itests.plugin.PluginBundle;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * The default listener with {@code auth = password}, driven byte by byte (RFC 1929): users managed
 * from the Karaf shell count at once, a bundle that registers an {@link Authenticator} decides for
 * its users, and a client address that keeps failing is blocked.
 *
 * <p>The login throttle ({@code etc/io.socksgate.auth.cfg}, here {@code failures.max = 3}) counts
 * per client address and lasts for the whole class, so each test logs in from loopback addresses
 * of its own (127.0.0.0/8 is all loopback on Linux) and never fails three times from one of
 * them; only the throttle test uses 127.0.0.1, and blocks it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AuthenticationIT extends SocksgateTestSupport {

    private static final String AUTH_CFG = "etc/io.socksgate.auth.cfg";

    /** System property, set inside the container, holding the plug-in bundle's file. */
    private static final String PLUGIN_BUNDLE = "socksgate.itest.plugin.bundle";

    private static final int FAILURES_MAX = 3;

    /** The admin user the assembly ships in etc/users.properties. */
    private static final String KARAF_USER = "karaf";

    private static final String KARAF_PASSWORD = "karaf";

    @Inject
    private SessionRegistry sessions;

    @Inject
    private SessionFactory shell;

    @Inject
    private BundleContext bundleContext;

    @Override
    protected Option[] extraOptions() {
        File pluginBundle;
        try {
            pluginBundle = PluginBundle.writeTo(
                    new File("target/test-bundles/socksgate-itest-authenticator.jar").getAbsoluteFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot build the plug-in bundle", e);
        }
        return new Option[] {
            editConfigurationFilePut(DEFAULT_LISTENER_CFG, "auth", "password"),
            editConfigurationFilePut(AUTH_CFG, "failures.max", String.valueOf(FAILURES_MAX)),
            editConfigurationFilePut(AUTH_CFG, "failures.window", "300"),
            editConfigurationFilePut(AUTH_CFG, "block.time", "600"),
            systemProperty(PLUGIN_BUNDLE).value(pluginBundle.getPath()),
        };
    }

    @Before
    public void listenerUp() {
        awaitListening(socksPort());
    }

    @Test
    public void aUserAddedInTheShellLogsInAtOnceWithItsRolesAndIsRefusedOnceDeleted() throws Exception {
        InetAddress client = loopback(2);
        String added = KarafShell.execute(
                shell,
                "jaas:realm-manage --realm karaf",
                "jaas:user-add alice s3cret-alice",
                "jaas:role-add alice socks-users",
                "jaas:group-add alice admingroup",
                "jaas:update");
        boolean deleted = false;
        try (EchoServer echo = new EchoServer();
                PasswordSocksClient alice = open(client)) {
            int status = alice.login("alice", "s3cret-alice");
            if (status != PasswordSocksClient.AUTH_SUCCESS) {
                fail("alice, just added in the shell, should be let in (01 00), got 01 " + String.format("%02x", status)
                        + alice.describe() + "\n  shell:\n" + added);
            }
            alice.connect(echo.address());
            alice.assertEchoes("alice tunnels right after jaas:update, no restart");

            SessionInfo session = awaitSessionOf(alice.localAddress());
            String seen = "\n  session: " + session + "\n  shell:\n" + added;
            assertEquals("the session's user" + seen, "alice", session.user());
            assertTrue(
                    "the role added with jaas:role-add" + seen, session.roles().contains("socks-users"));
            assertTrue(
                    "the group added with jaas:group-add" + seen,
                    session.roles().contains("admingroup"));
            assertTrue("a role of admingroup (admin)" + seen, session.roles().contains("admin"));

            String removed = KarafShell.execute(
                    shell, "jaas:realm-manage --realm karaf", "jaas:user-delete alice", "jaas:update");
            deleted = true;
            try (PasswordSocksClient again = open(client)) {
                int refusal = again.login("alice", "s3cret-alice");
                if (refusal != PasswordSocksClient.AUTH_FAILURE) {
                    fail("alice logged in again after jaas:user-delete + jaas:update (status " + refusal + ")"
                            + again.describe() + "\n  shell:\n" + removed);
                }
                again.assertClosedByProxy("after refusing the deleted alice");
            }
        } finally {
            if (!deleted) {
                KarafShell.execute(shell, "jaas:realm-manage --realm karaf", "jaas:user-delete alice", "jaas:update");
            }
        }
    }

    @Test
    public void aWrongPasswordIsRefusedAndTheRightOneLetsTheShippedUserIn() throws Exception {
        InetAddress client = loopback(3);
        try (PasswordSocksClient wrong = open(client)) {
            wrong.assertRefused(KARAF_USER, "not-" + KARAF_PASSWORD);
        }
        try (EchoServer echo = new EchoServer();
                PasswordSocksClient right = open(client)) {
            right.assertLogsIn(KARAF_USER, KARAF_PASSWORD);
            right.connect(echo.address());
            right.assertEchoes("karaf/karaf from etc/users.properties");
            SessionInfo session = awaitSessionOf(right.localAddress());
            assertEquals("the session's user: " + session, KARAF_USER, session.user());
            assertTrue("karaf's group admingroup: " + session, session.roles().contains("admingroup"));
        }
    }

    @Test
    public void aRequestPipelinedWithTheCredentialsIsServedOnlyAfterASuccessfulLogin() throws Exception {
        InetAddress client = loopback(9);
        try (EchoServer echo = new EchoServer()) {
            try (PasswordSocksClient wrong = open(client)) {
                int status = wrong.pipelineLoginAndConnect(KARAF_USER, "not-" + KARAF_PASSWORD, echo.address());
                if (status != PasswordSocksClient.AUTH_FAILURE) {
                    fail("a wrong password should be refused (01 01), got 01 " + String.format("%02x", status)
                            + wrong.describe());
                }
                wrong.assertClosedByProxy("after refusing credentials sent together with a CONNECT");
            }
            assertEquals(
                    "connections the proxy made to the destination for a client whose login failed",
                    0,
                    echo.accepted());
            try (PasswordSocksClient right = open(client)) {
                int status = right.pipelineLoginAndConnect(KARAF_USER, KARAF_PASSWORD, echo.address());
                if (status != PasswordSocksClient.AUTH_SUCCESS) {
                    fail("karaf/karaf should be let in (01 00), got 01 " + String.format("%02x", status)
                            + right.describe());
                }
                right.receiveConnectReply(echo.address());
                right.assertEchoes("the CONNECT sent with the credentials is served after 01 00");
            }
        }
    }

    @Test
    public void aClientWithoutCredentialsIsOfferedNoMethod() throws Exception {
        InetAddress client = loopback(4);
        try (PasswordSocksClient anonymous = open(client)) {
            int method = anonymous.greet(0x00);
            if (method != 0xFF) {
                fail("a password listener must answer FF (no acceptable method) to a client offering only 00,"
                        + " chose 0x" + Integer.toHexString(method) + anonymous.describe());
            }
            anonymous.assertClosedByProxy("after FF");
        }
        try (PasswordSocksClient both = open(client)) {
            int method = both.greet(0x00, 0x02);
            if (method != 0x02) {
                fail("a password listener must choose 02 from a client offering 00 and 02, chose 0x"
                        + Integer.toHexString(method) + both.describe());
            }
        }
    }

    @Test
    public void aBundleRegisteringAnAuthenticatorDecidesForItsUserUntilItStops() throws Exception {
        InetAddress before = loopback(5);
        InetAddress during = loopback(6);
        InetAddress after = loopback(7);
        try (PasswordSocksClient unknown = open(before)) {
            unknown.assertRefused(PluginAuthenticator.USER, PluginAuthenticator.PASSWORD); // JAAS does not know it
        }

        Path file = Path.of(System.getProperty(PLUGIN_BUNDLE));
        Bundle plugin = bundleContext.installBundle(file.toUri().toString());
        try {
            assertEquals("the plug-in bundle's symbolic name", PluginBundle.SYMBOLIC_NAME, plugin.getSymbolicName());
            plugin.start();
            assertEquals("state of the plug-in bundle (32 = ACTIVE)", Bundle.ACTIVE, plugin.getState());
            ServiceReference<?>[] registered = plugin.getRegisteredServices();
            assertNotNull("the plug-in bundle registered no service", registered);
            assertEquals("services of the plug-in bundle", 1, registered.length);
            assertEquals(
                    "service.ranking of the plug-in's Authenticator",
                    PluginActivator.RANKING,
                    registered[0].getProperty(Constants.SERVICE_RANKING));
            assertTrue(
                    "the plug-in's service is an Authenticator: " + registered[0],
                    List.of((String[]) registered[0].getProperty(Constants.OBJECTCLASS))
                            .contains(Authenticator.class.getName()));

            try (EchoServer echo = new EchoServer()) {
                try (PasswordSocksClient pluginUser = open(during)) {
                    pluginUser.assertLogsIn(PluginAuthenticator.USER, PluginAuthenticator.PASSWORD);
                    pluginUser.connect(echo.address());
                    pluginUser.assertEchoes("a user only the plug-in knows");
                    SessionInfo session = awaitSessionOf(pluginUser.localAddress());
                    assertEquals("the session's user: " + session, PluginAuthenticator.USER, session.user());
                    assertEquals(
                            "the session's roles, as the plug-in gave them: " + session,
                            Set.of(PluginAuthenticator.ROLE),
                            session.roles());
                }
                try (PasswordSocksClient wrong = open(during)) {
                    wrong.assertRefused(PluginAuthenticator.USER, "not-" + PluginAuthenticator.PASSWORD);
                }
                try (PasswordSocksClient jaasUser = open(during)) {
                    // the plug-in abstains for karaf: the JAAS authenticator (ranking 0) decides
                    jaasUser.assertLogsIn(KARAF_USER, KARAF_PASSWORD);
                    jaasUser.connect(echo.address());
                    jaasUser.assertEchoes("a JAAS user while the plug-in is active");
                    SessionInfo session = awaitSessionOf(jaasUser.localAddress());
                    assertEquals("the session's user: " + session, KARAF_USER, session.user());
                    assertTrue(
                            "JAAS roles of karaf: " + session, session.roles().contains("admingroup"));
                }

                plugin.stop();
                assertNull("the stopped plug-in still has services", plugin.getRegisteredServices());
                try (PasswordSocksClient gone = open(after)) {
                    gone.assertRefused(PluginAuthenticator.USER, PluginAuthenticator.PASSWORD);
                }
                try (PasswordSocksClient jaasUser = open(after)) {
                    jaasUser.assertLogsIn(KARAF_USER, KARAF_PASSWORD);
                    jaasUser.connect(echo.address());
                    jaasUser.assertEchoes("a JAAS user after the plug-in stopped");
                }
            }
        } finally {
            plugin.uninstall();
        }
    }

    @Test
    public void threeWrongPasswordsBlockTheAddressEvenForTheRightOne() throws Exception {
        InetAddress attacker = InetAddress.getByName("127.0.0.1");
        String wrongPassword = "wrong-guess-";
        for (int attempt = 1; attempt <= FAILURES_MAX; attempt++) {
            try (PasswordSocksClient guess = open(attacker)) {
                guess.assertRefused(KARAF_USER, wrongPassword + attempt);
            }
        }
        try (PasswordSocksClient right = open(attacker)) {
            int status = right.login(KARAF_USER, KARAF_PASSWORD);
            if (status != PasswordSocksClient.AUTH_FAILURE) {
                fail("after " + FAILURES_MAX + " failures 127.0.0.1 should be blocked, yet the right password got 01 "
                        + String.format("%02x", status) + right.describe() + "\n  log:\n"
                        + String.join("\n", authLog()));
            }
            right.assertClosedByProxy("after refusing the blocked address");
        }
        try (EchoServer echo = new EchoServer();
                PasswordSocksClient elsewhere = open(loopback(8))) {
            // the block is per address: the same credentials from another address get in
            elsewhere.assertLogsIn(KARAF_USER, KARAF_PASSWORD);
            elsewhere.connect(echo.address());
            elsewhere.assertEchoes("another address is not blocked");
        }

        String failed = "authentication failed: client=127.0.0.1 user=\"karaf\" listener=default"
                + " reason=\"wrong user name or password\"";
        String blocked =
                "authentication refused: client=127.0.0.1 user=\"karaf\" listener=default reason=\"client blocked";
        List<String> lines = awaitLogLines(log -> count(log, failed) >= FAILURES_MAX && count(log, blocked) >= 2);
        assertEquals(
                "failed logins logged for 127.0.0.1:\n" + String.join("\n", lines), FAILURES_MAX, count(lines, failed));
        assertEquals(
                "refusals logged for 127.0.0.1 (the block, then the right password):\n" + String.join("\n", lines),
                2,
                count(lines, blocked));
        for (String line : lines) {
            assertFalse("a password in the log: " + line, line.contains(wrongPassword));
        }
    }

    @Test
    public void aBlockIsListedAndLiftedFromTheShellAndTheLiftIsLogged() throws Exception {
        InetAddress attacker = loopback(10);
        String address = attacker.getHostAddress();
        for (int attempt = 1; attempt <= FAILURES_MAX; attempt++) {
            try (PasswordSocksClient guess = open(attacker)) {
                guess.assertRefused(KARAF_USER, "wrong-" + attempt);
            }
        }
        try (PasswordSocksClient right = open(attacker)) {
            assertEquals(
                    "the right password from the blocked " + address + right.describe(),
                    PasswordSocksClient.AUTH_FAILURE,
                    right.login(KARAF_USER, KARAF_PASSWORD));
        }

        String listed = KarafShell.execute(shell, "socks:auth-blocks --no-format");
        List<String> row = ShellOutput.row(listed, 0, address)
                .orElseThrow(() -> new AssertionError("no block of " + address + " in:\n" + listed));
        assertEquals("Failures of " + row, String.valueOf(FAILURES_MAX), row.get(1));
        assertTrue("Left of " + row + " (block.time = 600 s)", row.get(3).matches("(9|10)m\\d\\ds"));

        String lifted = KarafShell.execute(shell, "socks:auth-unblock " + address);
        assertTrue(lifted, lifted.contains("Lifted the block on " + address));
        String after = KarafShell.execute(shell, "socks:auth-blocks --no-format");
        assertFalse(after, ShellOutput.row(after, 0, address).isPresent());

        try (EchoServer echo = new EchoServer();
                PasswordSocksClient again = open(attacker)) {
            again.assertLogsIn(KARAF_USER, KARAF_PASSWORD);
            again.connect(echo.address());
            again.assertEchoes("the address is let in right after socks:auth-unblock");
        }

        // lifting a block that is not there fails, as a failed command does: it throws
        try {
            String printed = KarafShell.execute(shell, "socks:auth-unblock " + address);
            fail("socks:auth-unblock of an address that is not blocked should fail, printed:\n" + printed);
        } catch (IllegalArgumentException | AssertionError expected) {
            // in-process the command's own exception reaches the caller as it was thrown
            assertTrue(
                    String.valueOf(expected.getMessage()), expected.getMessage().contains(address + " is not blocked"));
        }

        String unblocked = "authentication unblocked: client=" + address + " by=\"itest\"";
        List<String> lines = awaitLogLines(log -> count(log, unblocked) >= 1);
        assertEquals("lifts logged for " + address + ":\n" + String.join("\n", lines), 1, count(lines, unblocked));
    }

    private PasswordSocksClient open(InetAddress client) throws IOException {
        return PasswordSocksClient.open(client, socksPort(), READ_TIMEOUT_MILLIS);
    }

    private static InetAddress loopback(int lastByte) throws UnknownHostException {
        return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) lastByte});
    }

    /** The live session of the client at {@code client}, waiting (bounded) for it to show. */
    private SessionInfo awaitSessionOf(InetSocketAddress client) {
        AtomicReference<SessionInfo> found = new AtomicReference<>();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
                Optional<SessionInfo> session = sessions.sessions().stream()
                        .filter(s -> client.equals(s.client()) && s.user() != null)
                        .findFirst();
                session.ifPresent(found::set);
                return session.isPresent();
            });
        } catch (ConditionTimeoutException e) {
            fail("no authenticated session from " + client + " in the SessionRegistry; live sessions: "
                    + sessions.sessions());
        }
        return found.get();
    }

    /** The lines on logger io.socksgate.auth in karaf.log so far. */
    private static List<String> authLog() throws IOException {
        Path log = KarafLog.path();
        if (!Files.isRegularFile(log)) {
            return List.of("(no " + log + ")");
        }
        return KarafLog.linesWith("authentication ");
    }

    /** Lines of {@link #authLog()} once {@code complete} holds for them, waiting bounded. */
    private static List<String> awaitLogLines(Predicate<List<String>> complete) throws IOException {
        AtomicReference<List<String>> lines = new AtomicReference<>(List.of());
        try {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                lines.set(authLog());
                return complete.test(lines.get());
            });
        } catch (ConditionTimeoutException e) {
            fail("karaf.log lacks the expected io.socksgate.auth lines; it has:\n" + String.join("\n", authLog()));
        }
        return lines.get();
    }

    private static long count(Collection<String> lines, String text) {
        return lines.stream().filter(line -> line.contains(text)).count();
    }
}
