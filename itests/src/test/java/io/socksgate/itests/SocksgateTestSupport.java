package io.socksgate.itests;

import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;

/**
 * Boots the assembly this build produced, with free ports for everything: ssh, RMI, and the
 * default SOCKS listener (whose port the tests read from {@link #SOCKS_PORT}).
 */
public abstract class SocksgateTestSupport {

    /** System property, set inside the container, holding the default listener's port. */
    protected static final String SOCKS_PORT = "socksgate.itest.socks.port";

    /** The itests' own access rule (loopback to loopback); see config(). */
    protected static final String ITEST_RULE_CFG = "etc/io.socksgate.rule-itest-loopback.cfg";

    /** The default listener's configuration file, as the feature installs it. */
    protected static final String DEFAULT_LISTENER_CFG = "etc/io.socksgate.listener-default.cfg";

    @Configuration
    public Option[] config() throws IOException {
        File assembly = new File(System.getProperty("socksgate.assembly"));
        if (!assembly.isFile()) {
            throw new IllegalStateException("no assembly at " + assembly + ": build karaf-assembly first");
        }
        String localRepository = System.getProperty("maven.repo.local");
        int socksPort = freePort();
        Option[] base = {
            karafDistributionConfiguration()
                    .frameworkUrl(assembly.toURI().toString())
                    .karafVersion(System.getProperty("karaf.version"))
                    .name("Socksgate")
                    .unpackDirectory(new File("target/exam"))
                    .useDeployFolder(false),
            configureConsole().ignoreLocalConsole(),
            logLevel(LogLevel.INFO),
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(freePort())),
            editConfigurationFilePut(
                    "etc/org.apache.karaf.management.cfg", "rmiRegistryPort", String.valueOf(freePort())),
            editConfigurationFilePut(
                    "etc/org.apache.karaf.management.cfg", "rmiServerPort", String.valueOf(freePort())),
            editConfigurationFilePut("etc/config.properties", "karaf.shutdown.port", "-1"),
            // Bundles come from the build's local repository only: no network, no stale remote copies.
            editConfigurationFilePut(
                    "etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository", localRepository),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.repositories", ""),
            editConfigurationFilePut(DEFAULT_LISTENER_CFG, "port", String.valueOf(socksPort)),
            systemProperty(SOCKS_PORT).value(String.valueOf(socksPort)),
            mavenBundle(maven("org.hamcrest", "hamcrest").version(System.getProperty("hamcrest.version"))),
            mavenBundle(maven("org.awaitility", "awaitility").version(System.getProperty("awaitility.version"))),
        };
        if (Boolean.getBoolean("socksgate.keepRuntime")) { // -Dsocksgate.keepRuntime: target/exam/* stays for its logs
            base = OptionUtils.combine(
                    base, org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder());
        }
        return OptionUtils.combine(OptionUtils.combine(base, loopbackRule()), extraOptions());
    }

    /**
     * The shipped rules deny loopback destinations, and the test servers live there: unless a
     * test class is about those rules, a rule of lower order lets exactly loopback-to-loopback
     * through.
     */
    protected boolean allowLoopbackDestinations() {
        return true;
    }

    private Option[] loopbackRule() {
        if (!allowLoopbackDestinations()) {
            return new Option[0];
        }
        return new Option[] {
            editConfigurationFilePut(ITEST_RULE_CFG, "order", "2"),
            editConfigurationFilePut(ITEST_RULE_CFG, "action", "allow"),
            editConfigurationFilePut(ITEST_RULE_CFG, "source", "127.0.0.0/8, ::1/128"),
            editConfigurationFilePut(ITEST_RULE_CFG, "destination", "127.0.0.0/8, ::1/128"),
        };
    }

    /**
     * Options a test class adds to the common boot, for example another value for a key of
     * {@link #DEFAULT_LISTENER_CFG}. Later options win over earlier ones for the same key.
     */
    protected Option[] extraOptions() {
        return new Option[0];
    }

    /** Bound for every blocking read in a test, so a hang fails instead of stalling the build. */
    protected static final int READ_TIMEOUT_MILLIS = 30_000;

    /** Components start asynchronously after boot: wait, bounded, until the port accepts. */
    /**
     * Waits until a SOCKS5 server answers a greeting on {@code port}. A bare connect is not
     * enough: if another process took the free port before Karaf bound it, the test would talk
     * to that process; this fails clearly instead.
     */
    protected static void awaitListening(int port) {
        awaitListening(port, java.time.Duration.ofSeconds(60));
    }

    /** As {@link #awaitListening(int)}, waiting at most {@code within} (a Karaf still booting). */
    protected static void awaitListening(int port, java.time.Duration within) {
        org.awaitility.Awaitility.await("a SOCKS5 server answering on port " + port)
                .atMost(within)
                .until(() -> answersSocks5(port));
    }

    private static boolean answersSocks5(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            socket.setSoTimeout(2000);
            socket.getOutputStream().write(new byte[] {5, 2, 0, 2}); // offers none and password
            return socket.getInputStream().read() == 5;
        } catch (IOException notYet) {
            return false;
        }
    }

    protected static void awaitClosed(int port) {
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() -> !accepts(port));
    }

    protected static boolean accepts(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    protected static int socksPort() {
        return Integer.getInteger(SOCKS_PORT);
    }

    protected static int freePort() throws IOException {
        return FreePorts.next();
    }
}
