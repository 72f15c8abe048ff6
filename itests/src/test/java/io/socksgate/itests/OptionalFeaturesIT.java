package io.socksgate.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import javax.inject.Inject;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The assembly as shipped: Event Admin and Socksgate's events bundle run from the start, and
 * installing optional features later (the webconsole with its HTTP server, any optional Socksgate
 * feature but socksgate-transparent) refreshes none of Socksgate's bundles: an open tunnel keeps
 * echoing on the same connection. The webconsole then shows the enumerated settings as choices.
 *
 * <p>socksgate-transparent is the exception, by Karaf rather than by Socksgate: it installs JNA,
 * which Karaf's console (jline) imports optionally, so Karaf rewires jline and refreshes the shell
 * and SCR, and with SCR every component bundle (the README says to boot it instead).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OptionalFeaturesIT extends SocksgateTestSupport {

    private static final String HTTP_PORT = "socksgate.itest.http.port";

    @Inject
    private BundleContext bundleContext;

    @Inject
    private SessionFactory shell;

    @Override
    protected Option[] extraOptions() {
        try {
            String port = String.valueOf(freePort());
            return new Option[] {
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", port),
                systemProperty(HTTP_PORT).value(port),
            };
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    public void eventAdminAndTheEventsBundleRunFromTheStart() throws Exception {
        FeaturesService features = features();
        assertTrue("feature eventadmin installed at boot", features.isInstalled(features.getFeature("eventadmin")));
        assertNotNull("an EventAdmin service", bundleContext.getServiceReference("org.osgi.service.event.EventAdmin"));
        Bundle events = Arrays.stream(bundleContext.getBundles())
                .filter(b -> "io.socksgate.events".equals(b.getSymbolicName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the io.socksgate.events bundle is not installed"));
        assertEquals("io.socksgate.events state (32 = ACTIVE)", Bundle.ACTIVE, events.getState());
    }

    @Test
    public void installingTheWebconsoleAndOptionalFeaturesKeepsTunnelsAndBundles() throws Exception {
        awaitListening(socksPort());
        byte[] before = "before the install".getBytes(StandardCharsets.US_ASCII);
        byte[] after = "after the install".getBytes(StandardCharsets.US_ASCII);
        StringBuilder installs = new StringBuilder();
        try (EchoServer echo = new EchoServer();
                Socks5Tunnel tunnel = Socks5Tunnel.open(socksPort(), echo.address(), READ_TIMEOUT_MILLIS);
                BundleRefreshWatch watch = new BundleRefreshWatch(bundleContext)) {
            tunnel.assertEchoes(before);

            // As an operator would: Karaf's default install, refreshes allowed.
            installs.append(KarafShell.execute(shell, "feature:install http webconsole"));
            for (String optional : optionalSocksgateFeatures()) {
                installs.append(KarafShell.execute(shell, "feature:install " + optional));
            }

            tunnel.assertEchoes(after);
            assertEquals("connections the echo server accepted (the same tunnel throughout)", 1, echo.accepted());
            watch.assertNoneRefreshed("feature:install http webconsole");
        }
        // Asked as an operator would, of the features service registered now (see features()).
        String installed = KarafShell.execute(shell, "feature:list -i --no-format");
        if (ShellOutput.row(installed, 0, "webconsole").isEmpty()) {
            fail("webconsole installed; the installs printed:\n" + installs + "\nfeature:list -i printed:\n"
                    + installed + "\nthe features service logged:\n"
                    + String.join("\n", KarafLog.linesWith("FeaturesServiceImpl")));
        }

        // Jetty and the console's servlets start after the install returns: wait, bounded.
        String listener = await("the webconsole's form of the default listener")
                .atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(() -> webconsoleForm("io.socksgate.listener~default"), form -> form.contains("\"protocols\""));
        assertChoices(listener, "protocols", "[\"socks5\",\"socks4\",\"http\",\"transparent\"]");
        assertChoices(listener, "auth", "[\"password\",\"none\"]");
        String rule = webconsoleForm("io.socksgate.rule~allow-loopback-clients");
        assertChoices(rule, "action", "[\"deny\",\"allow\"]");
        assertChoices(rule, "commands", "[\"connect\",\"bind\",\"udp\"]");
        assertChoices(webconsoleForm("io.socksgate.policy"), "default.action", "[\"deny\",\"allow\"]");
    }

    /**
     * Fails unless the form's entry for {@code key} carries options (the webconsole then draws a
     * select for a single value, checkboxes for a multi-valued key) with exactly these values.
     */
    private static void assertChoices(String form, String key, String values) {
        String compact = form.replaceAll("\\s", "");
        int at = compact.indexOf("\"" + key + "\":{");
        assertTrue("the form has " + key + ": " + form, at >= 0);
        int end = compact.indexOf("\"description\"", at);
        String entry = compact.substring(at, end < 0 ? compact.length() : end);
        assertTrue(key + " has options in " + entry, entry.contains("\"type\":{\"labels\":["));
        assertTrue(key + " offers " + values + ": " + entry, entry.contains("\"values\":" + values + "}"));
    }

    /**
     * The features service registered now. Karaf's features bundle replaces its service object
     * whenever its configuration or the {@code mvn:} URL handler it tracks changes (its activator
     * stops and starts it), so an instance injected when the test began may be a stopped one that
     * no longer sees installs; the shell commands always reach the current one.
     */
    private FeaturesService features() {
        ServiceReference<FeaturesService> reference = bundleContext.getServiceReference(FeaturesService.class);
        assertNotNull("a FeaturesService is registered", reference);
        FeaturesService service = bundleContext.getService(reference);
        bundleContext.ungetService(reference); // held by the framework's registration meanwhile
        return service;
    }

    /** Features of Socksgate's repository other than socksgate itself, not installed yet. */
    private java.util.List<String> optionalSocksgateFeatures() throws Exception {
        FeaturesService features = features();
        Feature core = features.getFeature("socksgate");
        return Arrays.stream(features.listFeatures())
                .filter(f ->
                        f.getRepositoryUrl() != null && f.getRepositoryUrl().equals(core.getRepositoryUrl()))
                .filter(f -> !f.getName().equals("socksgate"))
                .filter(f -> !f.getName().equals("socksgate-transparent")) // see the class comment
                .filter(f -> !features.isInstalled(f))
                .map(Feature::getName)
                .toList();
    }

    /** The JSON the webconsole's configuration manager builds its edit form from. */
    private static String webconsoleForm(String pid) throws IOException {
        URL url = new URL("http://127.0.0.1:" + Integer.getInteger(HTTP_PORT) + "/system/console/configMgr/" + pid);
        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        connection.setRequestMethod("POST");
        connection.setConnectTimeout(READ_TIMEOUT_MILLIS);
        connection.setReadTimeout(READ_TIMEOUT_MILLIS);
        connection.setRequestProperty(
                "Authorization",
                "Basic " + Base64.getEncoder().encodeToString("karaf:karaf".getBytes(StandardCharsets.UTF_8)));
        assertEquals("webconsole answer for " + pid, 200, connection.getResponseCode());
        try (InputStream in = connection.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
