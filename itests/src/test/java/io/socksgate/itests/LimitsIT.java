package io.socksgate.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Bandwidth limits ({@code io.socksgate.limit}) in the assembly, added with {@code socks:limit-add},
 * with curl (Debian package {@code curl}) through SOCKS5 and HTTP CONNECT with passwords from the
 * {@code karaf} realm. The long, precise windows are the component tests' (BandwidthLimitsTest);
 * here each transfer takes a few seconds.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LimitsIT extends SocksgateTestSupport {

    private static final long MB = 1_000_000;
    private static final String SERVER_BUNDLE = "io.socksgate.server";

    @Inject
    private SessionFactory shell;

    @Inject
    private BundleContext bundleContext;

    private Path work;

    @Override
    protected Option[] extraOptions() {
        return OptionUtils.combine(
                super.extraOptions(),
                editConfigurationFilePut(DEFAULT_LISTENER_CFG, "protocols", "socks5,http"),
                editConfigurationFilePut(DEFAULT_LISTENER_CFG, "auth", "password"),
                editConfigurationFilePut("etc/io.socksgate.auth.cfg", "failures.max", "0"),
                editConfigurationFilePut("etc/users.properties", "alice", "alice-pw,socks-users"),
                editConfigurationFilePut("etc/users.properties", "bob", "bob-pw,socks-users"),
                editConfigurationFilePut("etc/users.properties", "dave", "dave-pw,socks-users"));
    }

    @Before
    public void listening() throws Exception {
        awaitListening(socksPort());
        work = Files.createTempDirectory("socksgate-limits-");
    }

    @After
    public void removeLimitsAndScratch() throws Exception {
        String listed = KarafShell.execute(shell, "socks:limit-list --no-format");
        for (String name : List.of("partners", "test-account")) {
            if (ShellOutput.row(listed, 0, name).isPresent()) {
                KarafShell.execute(shell, "socks:limit-remove " + name);
            }
        }
        try (var files = Files.walk(work)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    /** curl through the default listener; prints "STATUS SIZE SPEED TIME" (speed in bytes per second). */
    private List<String> curl(String user, String proxyOption, String url, String output) {
        List<String> command = ClientProcess.command(
                ClientProcess.require("curl", "curl"),
                "-q",
                "--silent",
                "--show-error",
                "--noproxy",
                "",
                "--connect-timeout",
                "10",
                "--max-time",
                "60",
                "--proxy-user",
                user + ":" + user + "-pw",
                "--output",
                work.resolve(output).toString(),
                "--write-out",
                "%{http_code} %{size_download} %{speed_download} %{time_total}\\n");
        if (proxyOption.equals("http")) {
            command.addAll(List.of("--proxytunnel", "--proxy", "http://127.0.0.1:" + socksPort()));
        } else {
            command.addAll(List.of(proxyOption, "127.0.0.1:" + socksPort()));
        }
        command.add(url);
        return command;
    }

    @Test
    public void aPerUserRateHoldsAcrossSocks5AndHttpConnectTunnelsWhileAnotherUserIsUnlimited() throws Exception {
        KarafShell.execute(shell, "socks:limit-add --users alice --rate-in 5m --burst 200k partners");
        byte[] body = new byte[10_000_000];
        ExecutorService clients = Executors.newFixedThreadPool(3);
        try (FileServer server = new FileServer(body)) {
            String url = "http://127.0.0.1:" + server.port() + "/file";
            long start = System.nanoTime();
            List<Future<ClientProcess.Finished>> alice = new ArrayList<>();
            alice.add(clients.submit(() -> ClientProcess.run(work, curl("alice", "--socks5", url, "a1"))));
            alice.add(clients.submit(() -> ClientProcess.run(work, curl("alice", "http", url, "a2"))));
            ClientProcess.Finished bob = clients.submit(
                            () -> ClientProcess.run(work, curl("bob", "--socks5", url, "b")))
                    .get();
            long bobDone = System.nanoTime();
            String listedWhileRunning = KarafShell.execute(shell, "socks:limit-list --no-format");
            for (Future<ClientProcess.Finished> curl : alice) {
                ClientProcess.Finished finished = curl.get().assertExitCode(0);
                assertTrue("alice's download" + finished, finished.stdout.startsWith("200 10000000 "));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double aliceRate = 2 * body.length / seconds;
            bob.assertExitCode(0);
            double bobSeconds = (bobDone - start) / 1e9;
            // Two tunnels of alice share her 5 MB/s: 20 MB take 4 s; bob is not limited.
            if (aliceRate < 4.5 * MB || aliceRate > 5.5 * MB) {
                fail("alice's two tunnels together: " + Math.round(aliceRate) + " B/s, expected 5 MB/s ±10 %");
            }
            if (bobSeconds > 2.0) {
                fail("bob (no limit) took " + bobSeconds + " s for 10 MB" + bob);
            }
            List<String> row = ShellOutput.row(listedWhileRunning, 0, "partners")
                    .orElseThrow(() -> new AssertionError("partners not listed:\n" + listedWhileRunning));
            assertEquals(
                    listedWhileRunning,
                    List.of("partners", "users=alice", "per-user", "5m", "-", "200k"),
                    row.subList(0, 6));
            assertEquals("sessions of partners while alice downloaded twice", "2", row.get(7));
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    public void aUsedUpQuotaRefusesSocks5AndHttpConnectAndSurvivesARestart() throws Exception {
        KarafShell.execute(shell, "socks:limit-add --users dave --quota 1m test-account");
        byte[] body = new byte[2_000_000];
        try (FileServer server = new FileServer(body)) {
            String url = "http://127.0.0.1:" + server.port() + "/file";
            // deny lets the session that crosses the quota finish
            ClientProcess.run(work, curl("dave", "--socks5", url, "first")).assertExitCode(0);
            assertRefused(url);
            AccessLogFile.awaitLine(
                    "dave's SOCKS5 refusal naming the limit",
                    f -> f.get(AccessLogFile.RESULT).equals("SOCKS_TCP_DENIED/403")
                            && f.get(AccessLogFile.RULE).equals("limit:test-account"));
            AccessLogFile.awaitLine(
                    "dave's HTTP refusal naming the limit",
                    f -> f.get(AccessLogFile.RESULT).equals("TCP_DENIED/403")
                            && f.get(AccessLogFile.RULE).equals("limit:test-account"));

            restartServerBundle();
            Path usage = Path.of(System.getProperty("karaf.data"), "socksgate", "quotas.properties");
            assertTrue("quota usage on disk", Files.readString(usage).contains("test-account|dave="));
            assertRefused(url);
        }
    }

    private void assertRefused(String url) throws Exception {
        ClientProcess.Finished socks = ClientProcess.run(work, curl("dave", "--socks5", url, "socks"));
        assertEquals("curl's SOCKS error for reply 02" + socks, 97, socks.exitCode);
        ClientProcess.Finished http = ClientProcess.run(work, curl("dave", "http", url, "http"));
        assertTrue("403 to CONNECT" + http, http.stderr.contains("403"));
    }

    /** Stops and starts the server bundle, as an update or a restart would: limits write and read their usage. */
    private void restartServerBundle() throws Exception {
        Bundle server = java.util.Arrays.stream(bundleContext.getBundles())
                .filter(b -> SERVER_BUNDLE.equals(b.getSymbolicName()))
                .findFirst()
                .orElseThrow();
        server.stop();
        awaitClosed(socksPort());
        server.start();
        awaitListening(socksPort());
        await().atMost(Duration.ofSeconds(30)).until(() -> KarafShell.execute(shell, "socks:limit-list --no-format")
                .contains("test-account\t"));
    }
}
