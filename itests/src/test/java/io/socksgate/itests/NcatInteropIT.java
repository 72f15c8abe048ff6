package io.socksgate.itests;

import static io.socksgate.itests.ClientProcess.command;
import static io.socksgate.itests.ClientProcess.require;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Nmap's ncat (Debian package {@code ncat}) talks to an echo server through the default listener:
 * {@code --proxy-type socks5} and {@code --proxy-type socks4}, each to an IPv4 address and to
 * "localhost" resolved by the proxy ({@code --proxy-dns remote}: a SOCKS5 domain name, SOCKS4a).
 *
 * <p>Most tests write a line to ncat's stdin, wait (bounded) for the echo on ncat's stdout, and
 * only then close stdin, so their outcome does not depend on how a half-close travels; one pipes
 * a line in and closes stdin at once, as {@code echo ... | ncat ...} does, so the echo has to come
 * back after ncat's half-close.
 *
 * <p>No {@code --idle-timeout}: ncat 7.93 with it does not exit when both stdin and the
 * connection have ended, only when the idle timer expires (exit code 1).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NcatInteropIT extends InteropTestSupport {

    @Test
    public void socks5EchoesThroughAnIpv4Address() throws Exception {
        assertEchoes("socks5", "127.0.0.1");
    }

    @Test
    public void socks5EchoesThroughLocalhostResolvedByTheProxy() throws Exception {
        assertEchoes("socks5", "localhost");
    }

    @Test
    public void socks4EchoesThroughAnIpv4Address() throws Exception {
        assertEchoes("socks4", "127.0.0.1");
    }

    @Test
    public void socks4aEchoesThroughLocalhostResolvedByTheProxy() throws Exception {
        assertEchoes("socks4", "localhost");
    }

    @Test
    public void socks5CarriesTheEchoBackAfterNcatsHalfClose() throws Exception {
        try (EchoServer echo = new EchoServer()) {
            String line = "socksgate says hello to ncat, whose stdin ends at once";
            ClientProcess.Finished ncat = ClientProcess.run(
                    work,
                    ncat("socks5", "127.0.0.1", echo.address().getPort()),
                    (line + "\n").getBytes(StandardCharsets.UTF_8));
            ncat.assertExitCode(0);
            assertEquals("ncat's stdout" + ncat, line + "\n", ncat.stdout);
        }
    }

    private static List<String> ncat(String proxyType, String host, int port) {
        return command(
                require("ncat", "ncat"),
                "--proxy",
                proxy(),
                "--proxy-type",
                proxyType,
                "--proxy-dns",
                "remote",
                "--wait",
                "10",
                host,
                String.valueOf(port));
    }

    private void assertEchoes(String proxyType, String host) throws Exception {
        try (EchoServer echo = new EchoServer()) {
            List<String> command = ncat(proxyType, host, echo.address().getPort());
            String line = "socksgate says hello through ncat --proxy-type " + proxyType + " to " + host;
            ClientProcess.Started started = ClientProcess.start(work, command, true);
            CompletableFuture<String> echoed = firstLineOf(started);
            OutputStream stdin = started.process.getOutputStream();
            try {
                stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                stdin.flush();
            } catch (IOException ncatGone) {
                // ncat has already ended: its exit code and stderr below say why
            }
            String answer;
            try {
                answer = echoed.get(READ_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stuck) {
                started.kill();
                fail("no echo from ncat within " + READ_TIMEOUT_MILLIS + " ms:" + started.describe(-1, "(nothing)"));
                return;
            } catch (ExecutionException readFailed) {
                answer = "(reading stdout failed: " + readFailed.getCause() + ")";
            }
            closeQuietly(stdin); // ncat half-closes its socket, the tunnel closes, ncat exits
            ClientProcess.Finished finished = started.await();
            if (!line.equals(answer)) {
                fail("ncat did not echo the line; stdout's first line was " + (answer == null ? "none" : answer) + ":"
                        + finished);
            }
            finished.assertExitCode(0);
        }
    }

    /** Reads the first line of the process's stdout on a thread of its own. */
    private static CompletableFuture<String> firstLineOf(ClientProcess.Started started) {
        CompletableFuture<String> line = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try {
                        BufferedReader stdout = new BufferedReader(
                                new InputStreamReader(started.process.getInputStream(), StandardCharsets.UTF_8));
                        line.complete(stdout.readLine());
                    } catch (IOException | RuntimeException e) {
                        line.completeExceptionally(e);
                    }
                },
                "itest-ncat-stdout");
        reader.setDaemon(true);
        reader.start();
        return line;
    }

    private static void closeQuietly(OutputStream stdin) {
        try {
            stdin.close();
        } catch (IOException ncatGone) {
            // already ended
        }
    }
}
