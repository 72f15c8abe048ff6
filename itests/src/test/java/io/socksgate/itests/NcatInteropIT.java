package io.socksgate.itests;

import static io.socksgate.itests.ClientProcess.command;
import static io.socksgate.itests.ClientProcess.require;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.util.List;
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
            String answer = started.exchangeLine(line, READ_TIMEOUT_MILLIS);
            started.closeStdin(); // ncat half-closes its socket, the tunnel closes, ncat exits
            ClientProcess.Finished finished = started.await();
            if (!line.equals(answer)) {
                fail("ncat did not echo the line; stdout's first line was " + (answer == null ? "none" : answer) + ":"
                        + finished);
            }
            finished.assertExitCode(0);
        }
    }
}
