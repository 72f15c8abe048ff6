package io.socksgate.itests;

import static io.socksgate.itests.ClientProcess.command;
import static io.socksgate.itests.ClientProcess.missing;
import static io.socksgate.itests.ClientProcess.requireExecutable;
import static org.junit.Assert.fail;

import java.nio.file.Path;
import java.util.List;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * PySocks (Debian package {@code python3-socks}, run by Debian's {@code /usr/bin/python3}, not
 * whatever python3 comes first on PATH) echoes 16 KiB through the default listener: SOCKS4,
 * SOCKS4a (SOCKS4 with {@code rdns=True}), SOCKS5 with and without {@code rdns}; and reads the
 * proxy's refusal codes (SOCKS5 05, SOCKS4 5B) when nothing listens at the destination.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PySocksInteropIT extends InteropTestSupport {

    private static final String PYTHON = "/usr/bin/python3";

    private Path script;

    @Before
    public void pysocksAndScript() throws Exception {
        requireExecutable(PYTHON, "python3");
        ClientProcess.Finished probe = ClientProcess.run(work, command(PYTHON, "-I", "-c", "import socks"));
        if (probe.exitCode != 0) {
            fail(missing(PYTHON + " cannot import the PySocks module 'socks'", "python3-socks") + probe);
        }
        script = ClientProcess.copyResource("pysocks_echo.py", work.resolve("pysocks_echo.py"));
    }

    @Test
    public void socks4EchoesThroughAnIpv4Address() throws Exception {
        try (EchoServer echo = new EchoServer()) {
            pysocks("socks4", "local", "127.0.0.1", echo.address().getPort());
        }
    }

    @Test
    public void socks4aEchoesThroughLocalhostResolvedByTheProxy() throws Exception {
        try (EchoServer echo = new EchoServer()) {
            pysocks("socks4", "rdns", "localhost", echo.address().getPort());
        }
    }

    @Test
    public void socks5EchoesThroughAnIpv4Address() throws Exception {
        try (EchoServer echo = new EchoServer()) {
            pysocks("socks5", "local", "127.0.0.1", echo.address().getPort());
        }
    }

    @Test
    public void socks5EchoesThroughLocalhostResolvedByTheProxy() throws Exception {
        try (EchoServer echo = new EchoServer()) {
            pysocks("socks5", "rdns", "localhost", echo.address().getPort());
        }
    }

    @Test
    public void socks5RefusedDestinationIsReply05() throws Exception {
        pysocks("socks5", "local", "127.0.0.1", freePort(), "--expect-error", "0x05");
    }

    @Test
    public void socks4RefusedDestinationIsReply5B() throws Exception {
        pysocks("socks4", "local", "127.0.0.1", freePort(), "--expect-error", "0x5b");
    }

    private void pysocks(String type, String resolution, String host, int port, String... more) throws Exception {
        List<String> command = command(
                PYTHON,
                "-I",
                script.toString(),
                String.valueOf(socksPort()),
                type,
                resolution,
                host,
                String.valueOf(port));
        command.addAll(List.of(more));
        ClientProcess.run(work, command).assertExitCode(0);
    }
}
