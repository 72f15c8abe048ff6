package io.socksgate.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.socksgate.api.UpstreamInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;

/**
 * The upstream example the feature ships, {@code etc/io.socksgate.upstream-example.cfg.example}:
 * on a fresh install it is there and adds nothing (File Install reads {@code *.cfg}, {@code
 * *.config} and {@code *.json} only), so no upstream is listed, probed or reported as a problem;
 * copied to {@code etc/io.socksgate.upstream-NAME.cfg} as the README says, with its servers
 * pointed at a real Dante, it is a valid upstream that a rule routes through.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class UpstreamExampleIT extends UpstreamTestSupport {

    private static final String EXAMPLE = "io.socksgate.upstream-example.cfg.example";
    private static final String UPSTREAM_FILTER = "(service.factoryPid=io.socksgate.upstream)";

    @Test
    public void theShippedExampleAddsNoUpstreamAndACopyOfItIsOne() throws Exception {
        Path etc = Path.of(System.getProperty("karaf.etc"));
        Path example = etc.resolve(EXAMPLE);
        await("the feature installs " + example).atMost(WAIT).until(() -> Files.isRegularFile(example));

        assertEquals("upstreams on a fresh install", List.of(), upstreams.upstreams());
        String list = KarafShell.execute(shell, "socks:upstream-list --no-format");
        assertEquals("socks:upstream-list rows on a fresh install:\n" + list, List.of(), upstreamRows(list));
        assertNull("no upstream configuration on a fresh install", configAdmin.listConfigurations(UPSTREAM_FILTER));

        EchoServer echo = started(new EchoServer());
        PeerProxy dante = started(PeerProxy.dante(directory("dante-example"), freePort(), null));
        String text = Files.readString(example, StandardCharsets.UTF_8);
        assertTrue("the example has a servers line:\n" + text, text.matches("(?s).*(?m:^servers = .+$).*"));
        Path copy = etc.resolve("io.socksgate.upstream-fromexample.cfg");
        started(() -> Files.deleteIfExists(copy)); // its configuration goes with the file
        Files.writeString(
                copy, text.replaceFirst("(?m)^servers = .+$", "servers = " + dante.server()), StandardCharsets.UTF_8);
        awaitInUse("fromexample");
        UpstreamInfo upstream = info("fromexample");
        assertEquals("the example's type", "socks5", upstream.type());
        assertEquals("the example's strategy", "failover", upstream.strategy());
        assertEquals(
                "the copy's one server",
                List.of(dante.server()),
                upstream.servers().stream().map(s -> s.address().toString()).toList());

        route("via-example", echo.address().getPort(), "fromexample");
        try (Socks5Tunnel tunnel = Socks5Tunnel.open(socksPort(), echo.address(), READ_TIMEOUT_MILLIS)) {
            tunnel.assertEchoes(LINE);
        }
        await("the connection relayed by Dante")
                .atMost(WAIT)
                .until(() -> dante.logLines(
                                "danted.log",
                                "tcp/connect [",
                                "127.0.0.1." + echo.address().getPort())
                        >= 1);
        AccessLogFile.awaitLine(
                "a FIRSTUP_PARENT line by rule via-example",
                fields -> fields.get(AccessLogFile.HIERARCHY).equals("FIRSTUP_PARENT/127.0.0.1")
                        && fields.get(AccessLogFile.RULE).equals("via-example"));

        // File Install has scanned etc/ since the example was there (it read the copy): the
        // example still made no configuration, and nothing about upstreams was logged as wrong.
        Configuration[] configurations = configAdmin.listConfigurations(UPSTREAM_FILTER);
        assertEquals("upstream configurations: only the copy's", 1, configurations.length);
        assertEquals(
                "upstreams",
                List.of("fromexample"),
                upstreams.upstreams().stream().map(UpstreamInfo::name).toList());
        List<String> complaints = karafLog()
                .lines()
                .filter(l -> (l.contains("ERROR") || l.contains("WARN"))
                        && l.toLowerCase(Locale.ROOT).contains("upstream"))
                .toList();
        assertEquals("ERROR or WARN lines about upstreams", List.of(), complaints);
    }

    /** The rows of a {@code --no-format} upstream-list, its header left out. */
    private static List<List<String>> upstreamRows(String printed) {
        return ShellOutput.rows(printed).stream()
                .filter(row -> !row.get(0).equals("Name"))
                .toList();
    }
}
