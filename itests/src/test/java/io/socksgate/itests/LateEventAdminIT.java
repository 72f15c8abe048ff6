package io.socksgate.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.replaceConfigurationFile;

import io.socksgate.api.SessionListener;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * A Karaf that does not start Event Admin (the assembly with eventadmin taken out of its startup
 * and boot lists, like a custom distribution): installing it later the way the README says,
 * {@code feature:install --no-auto-refresh eventadmin}, adds Socksgate's events bundle while an
 * open tunnel keeps echoing and no Socksgate bundle is refreshed. (A plain install would refresh
 * Karaf's logging, which imports Event Admin optionally, and with it every bundle that logs.)
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LateEventAdminIT extends SocksgateTestSupport {

    private static final String EVENT_ADMIN = "org.osgi.service.event.EventAdmin";

    @Inject
    private BundleContext bundleContext;

    @Inject
    private SessionFactory shell;

    @Override
    protected Option[] extraOptions() {
        File etc = new File(new File(System.getProperty("socksgate.assembly")).getParentFile(), "assembly/etc");
        try {
            Path startup = Path.of("target/late-eventadmin/startup.properties").toAbsolutePath();
            Files.createDirectories(startup.getParent());
            List<String> lines = Files.readAllLines(etc.toPath().resolve("startup.properties"));
            Files.write(
                    startup,
                    lines.stream().filter(l -> !l.contains("eventadmin")).toList(),
                    StandardCharsets.ISO_8859_1);
            assertEquals(
                    "startup bundles without Event Admin",
                    lines.size() - 1,
                    Files.readAllLines(startup).size());

            Properties features = new Properties();
            try (Reader in = Files.newBufferedReader(etc.toPath().resolve("org.apache.karaf.features.cfg"))) {
                features.load(in);
            }
            String boot = Arrays.stream(features.getProperty("featuresBoot").split(","))
                    .map(String::trim)
                    .filter(f -> !f.isEmpty() && !f.startsWith("eventadmin"))
                    .collect(Collectors.joining(", "));
            return new Option[] {
                replaceConfigurationFile("etc/startup.properties", startup.toFile()),
                editConfigurationFilePut("etc/org.apache.karaf.features.cfg", "featuresBoot", boot),
            };
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare a boot without Event Admin from " + etc, e);
        }
    }

    @Test
    public void installingEventAdminLaterAddsTheEventsBundleWithoutRefreshingSocksgate() throws Exception {
        awaitListening(socksPort());
        assertNull("no Event Admin at boot", bundleContext.getServiceReference(EVENT_ADMIN));
        assertFalse("no events bundle at boot", eventsBundleListening());

        try (EchoServer echo = new EchoServer();
                Socks5Tunnel tunnel = Socks5Tunnel.open(socksPort(), echo.address(), READ_TIMEOUT_MILLIS);
                BundleRefreshWatch watch = new BundleRefreshWatch(bundleContext)) {
            tunnel.assertEchoes("before".getBytes(StandardCharsets.US_ASCII));

            KarafShell.execute(shell, "feature:install --no-auto-refresh eventadmin");
            await("Socksgate's events bundle passing sessions on to Event Admin")
                    .atMost(Duration.ofSeconds(60))
                    .until(this::eventsBundleListening);

            tunnel.assertEchoes("after".getBytes(StandardCharsets.US_ASCII));
            assertEquals("connections the echo server accepted (the same tunnel throughout)", 1, echo.accepted());
            watch.assertNoneRefreshed("feature:install --no-auto-refresh eventadmin");
        }
    }

    private boolean eventsBundleListening() throws Exception {
        return bundleContext.getServiceReferences(SessionListener.class, null).stream()
                .anyMatch(r -> "io.socksgate.events".equals(r.getBundle().getSymbolicName()));
    }
}
