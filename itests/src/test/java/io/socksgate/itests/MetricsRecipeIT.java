package io.socksgate.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/**
 * docs/METRICS.md as an operator follows it: the agent in {@code lib/agents}, the documented
 * {@code bin/setenv} block (with a free port), Karaf started by its script; {@code /metrics}
 * then carries every metric name the document lists, the default listener's labelled.
 */
public class MetricsRecipeIT {

    private static final Pattern METRIC_ROW = Pattern.compile("^\\| `(socksgate_[a-z_]+)` \\|", Pattern.MULTILINE);

    @Test
    public void theDocumentedAgentServesSocksgatesMetrics() throws Exception {
        String doc = Files.readString(Path.of(System.getProperty("socksgate.metrics.doc")), StandardCharsets.UTF_8);
        String setenv = setenvBlock(doc);
        assertTrue("the block serves 127.0.0.1:9404: " + setenv, setenv.contains("=127.0.0.1:9404:"));
        List<String> documented = new ArrayList<>();
        Matcher row = METRIC_ROW.matcher(doc);
        while (row.find()) {
            documented.add(row.group(1));
        }
        assertEquals("metric names in the document's tables: " + documented, 12, documented.size());

        Path agent = Path.of(System.getProperty("jmx.exporter.agent"));
        assertTrue("the agent jar " + agent, Files.isRegularFile(agent));
        int metricsPort = SocksgateTestSupport.freePort();
        try (KarafProcess karaf =
                KarafProcess.unpack(Path.of("target/metrics/karaf").toAbsolutePath())) {
            // What the document's `mvn dependency:copy` does, with the jar this build resolved.
            Path agents = Files.createDirectories(karaf.home().resolve("lib/agents"));
            Files.copy(agent, agents.resolve(agent.getFileName()));
            karaf.append("bin/setenv", "\n" + setenv.replace("127.0.0.1:9404", "127.0.0.1:" + metricsPort) + "\n");

            karaf.start();
            SocksgateTestSupport.awaitListening(karaf.socksPort()); // also one accepted connection

            String metrics = await("socksgate metrics on http://127.0.0.1:" + metricsPort + "/metrics")
                    .atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(() -> scrape(metricsPort), m -> m.contains("socksgate_listener_accepted_total"));
            for (String name : documented) {
                assertTrue(
                        name + " in\n" + metrics,
                        Pattern.compile("(?m)^" + name + "[{ ]")
                                .matcher(metrics)
                                .find());
            }
            Matcher accepted = Pattern.compile(
                            "(?m)^socksgate_listener_accepted_total\\{listener=\"default\",?\\} (\\S+)")
                    .matcher(metrics);
            assertTrue("the default listener's accepted counter in\n" + metrics, accepted.find());
            assertTrue(
                    "accepted counts the probe connection: " + accepted.group(0),
                    Double.parseDouble(accepted.group(1)) >= 1);
            assertFalse("no exporter scrape error", metrics.contains("jmx_scrape_error 1"));
        }
    }

    /** The fenced block right after the document's {@code <!-- bin/setenv ... -->} marker. */
    static String setenvBlock(String doc) {
        int marker = doc.indexOf("<!-- bin/setenv");
        assertTrue("docs/METRICS.md marks its bin/setenv block", marker >= 0);
        int start = doc.indexOf("```sh\n", marker) + "```sh\n".length();
        int end = doc.indexOf("```", start);
        return doc.substring(start, end).trim();
    }

    private static String scrape(int port) throws IOException {
        HttpURLConnection connection =
                (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/metrics").openConnection();
        connection.setConnectTimeout(5000);
        connection.setReadTimeout(10000);
        try (InputStream in = connection.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
