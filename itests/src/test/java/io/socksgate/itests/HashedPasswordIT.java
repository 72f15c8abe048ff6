package io.socksgate.itests;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Hashed passwords: with Karaf's JAAS password encryption switched on
 * ({@code etc/org.apache.karaf.jaas.cfg}: {@code encryption.enabled = true}, the {@code basic}
 * service, SHA-256, hexadecimal, {@code {CRYPT}} around the hash), a user added from the shell is
 * stored in {@code etc/users.properties} as a hash, never in clear text, and logs in to a
 * {@code auth = password} listener with the clear-text password (RFC 1929) and tunnels; a wrong
 * password is refused. A hash written into users.properties by hand counts the same way.
 *
 * <p>Each test logs in from loopback addresses of its own, so the login throttle (5 failures per
 * address) never interferes.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HashedPasswordIT extends SocksgateTestSupport {

    private static final String JAAS_CFG = "etc/org.apache.karaf.jaas.cfg";

    private static final String USERS = "etc/users.properties";

    private static final String PREFIX = "{CRYPT}";

    /** A user written into users.properties before boot, with only the hash of its password. */
    private static final String DAVE = "dave";

    private static final String DAVE_PASSWORD = "hashed-offline-d4ve";

    @Inject
    private SessionFactory shell;

    @Override
    protected Option[] extraOptions() {
        return new Option[] {
            editConfigurationFilePut(DEFAULT_LISTENER_CFG, "auth", "password"),
            editConfigurationFilePut(JAAS_CFG, "encryption.enabled", "true"),
            editConfigurationFilePut(JAAS_CFG, "encryption.name", "basic"),
            editConfigurationFilePut(JAAS_CFG, "encryption.prefix", PREFIX),
            editConfigurationFilePut(JAAS_CFG, "encryption.suffix", PREFIX),
            editConfigurationFilePut(JAAS_CFG, "encryption.algorithm", "SHA-256"),
            editConfigurationFilePut(JAAS_CFG, "encryption.encoding", "hexadecimal"),
            editConfigurationFilePut(USERS, DAVE, hashed(DAVE_PASSWORD) + ",socks-users"),
        };
    }

    @Before
    public void listenerUp() {
        awaitListening(socksPort());
    }

    @Test
    public void aUserAddedInTheShellIsStoredHashedLogsInAndAWrongPasswordIsRefused() throws Exception {
        String added = KarafShell.execute(
                shell, "jaas:realm-manage --realm karaf", "jaas:user-add carol s3cret", "jaas:update");
        try {
            String stored = storedPassword("carol")
                    .orElseThrow(() -> new AssertionError("no carol in " + usersFile() + " after jaas:user-add:\n"
                            + usersText() + "\n  shell:\n" + added));
            String seen = "\n  carol's entry: " + stored + "\n  shell:\n" + added;
            assertFalse("users.properties holds carol's password in clear text" + seen, stored.contains("s3cret"));
            assertTrue(
                    "carol's password is not stored as " + PREFIX + "SHA-256 hex" + PREFIX + " of s3cret (expected "
                            + hashed("s3cret") + ")" + seen,
                    stored.toLowerCase(Locale.ROOT).startsWith(hashed("s3cret").toLowerCase(Locale.ROOT)));

            try (EchoServer echo = new EchoServer();
                    PasswordSocksClient carol = open(loopback(2))) {
                int status = carol.login("carol", "s3cret");
                if (status != PasswordSocksClient.AUTH_SUCCESS) {
                    fail("carol/s3cret, stored hashed, should be let in (01 00), got 01 "
                            + String.format("%02x", status) + carol.describe() + seen);
                }
                carol.connect(echo.address());
                carol.assertEchoes("carol tunnels with a hashed password");
            }
            try (PasswordSocksClient wrong = open(loopback(2))) {
                wrong.assertRefused("carol", "s3cret-not");
            }
            try (PasswordSocksClient theHash = open(loopback(2))) {
                // the stored hash is not a password: only its preimage is
                theHash.assertRefused("carol", stored.split(",", 2)[0]);
            }
        } finally {
            KarafShell.execute(shell, "jaas:realm-manage --realm karaf", "jaas:user-delete carol", "jaas:update");
        }
    }

    @Test
    public void aHashWrittenIntoUsersPropertiesByHandLogsInWithItsPassword() throws Exception {
        String stored = storedPassword(DAVE).orElseThrow(() -> new AssertionError("no " + DAVE + " in " + usersText()));
        assertFalse("dave's password in clear text: " + stored, stored.contains(DAVE_PASSWORD));
        try (EchoServer echo = new EchoServer();
                PasswordSocksClient dave = open(loopback(3))) {
            dave.assertLogsIn(DAVE, DAVE_PASSWORD);
            dave.connect(echo.address());
            dave.assertEchoes("dave tunnels with a password hashed offline");
        }
        try (PasswordSocksClient wrong = open(loopback(3))) {
            wrong.assertRefused(DAVE, DAVE_PASSWORD + "x");
        }
    }

    @Test
    public void theShippedClearTextUserStillLogsInOnceEncryptionIsOn() throws Exception {
        try (EchoServer echo = new EchoServer();
                PasswordSocksClient karaf = open(loopback(4))) {
            karaf.assertLogsIn("karaf", "karaf");
            karaf.connect(echo.address());
            karaf.assertEchoes("karaf/karaf from the shipped users.properties");
        }
        System.out.println("HashedPasswordIT: karaf's entry after its login: " + storedPassword("karaf"));
    }

    private PasswordSocksClient open(InetAddress client) throws IOException {
        return PasswordSocksClient.open(client, socksPort(), READ_TIMEOUT_MILLIS);
    }

    private static InetAddress loopback(int lastByte) throws UnknownHostException {
        return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) lastByte});
    }

    /** {@code {CRYPT}hex(SHA-256(password)){CRYPT}}, as Karaf's basic encryption stores it. */
    private static String hashed(String password) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(digest) + PREFIX;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path usersFile() {
        return Path.of(System.getProperty("karaf.etc"), "users.properties");
    }

    private static String usersText() {
        try {
            return Files.readString(usersFile(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + usersFile() + ": " + e + ")";
        }
    }

    /** The value of {@code user}'s line in users.properties (password, then roles). */
    private static Optional<String> storedPassword(String user) {
        List<String> lines = usersText().lines().toList();
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || !trimmed.startsWith(user)) {
                continue;
            }
            String rest = trimmed.substring(user.length()).stripLeading();
            if (rest.startsWith("=") || rest.startsWith(":")) {
                return Optional.of(rest.substring(1).strip());
            }
        }
        return Optional.empty();
    }
}
