package io.socksgate.itests;

import static org.awaitility.Awaitility.await;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import io.socksgate.api.UpstreamInfo;
import io.socksgate.api.UpstreamRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.After;
import org.ops4j.pax.exam.Option;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * What the upstream tests share: the default listener serving SOCKS5 and HTTP CONNECT, upstream
 * and rule configurations made through Config Admin and deleted after each test, peers and
 * servers a test started closed after it (last started first), and the container's logs.
 */
public abstract class UpstreamTestSupport extends SocksgateTestSupport {

    protected static final Duration WAIT = Duration.ofSeconds(30);
    protected static final byte[] LINE = "through the upstream\n".getBytes(StandardCharsets.US_ASCII);

    @Inject
    protected ConfigurationAdmin configAdmin;

    @Inject
    protected UpstreamRegistry upstreams;

    @Inject
    protected SessionFactory shell;

    private final List<AutoCloseable> started = new ArrayList<>();
    private final List<Configuration> configurations = new ArrayList<>();

    @Override
    protected Option[] extraOptions() {
        return new Option[] {editConfigurationFilePut(DEFAULT_LISTENER_CFG, "protocols", "socks5, http")};
    }

    /** Every configuration deleted and every peer stopped, even when one of them fails. */
    @After
    public void stopEverything() throws Exception {
        Exception first = null;
        for (Configuration configuration : configurations) {
            try {
                configuration.delete();
            } catch (Exception e) {
                first = suppress(first, e);
            }
        }
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                first = suppress(first, e);
            }
        }
        configurations.clear();
        started.clear();
        if (first != null) {
            throw first;
        }
    }

    private static Exception suppress(Exception first, Exception next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    /**
     * An upstream configuration ({@code timeout.connect = 5} unless given) and a bounded wait
     * until it is in use: valid and with servers.
     */
    protected void upstream(String name, Object... keyValues) throws Exception {
        Configuration configuration = factoryConfiguration("io.socksgate.upstream", name);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("timeout.connect", "5");
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put((String) keyValues[i], keyValues[i + 1]);
        }
        configuration.update(properties);
        awaitInUse(name);
    }

    /** A factory configuration (new, or the one of that name), deleted after the test. */
    protected Configuration factoryConfiguration(String factoryPid, String name) throws Exception {
        Configuration configuration = configAdmin.getFactoryConfiguration(factoryPid, name, "?");
        configurations.add(configuration);
        return configuration;
    }

    /** Waits, bounded, until the upstream {@code name} is valid and has servers. */
    protected void awaitInUse(String name) {
        await("upstream " + name + " in use").atMost(WAIT).until(() -> find(name)
                .map(u -> u.problem() == null && !u.servers().isEmpty())
                .orElse(false));
    }

    /** An allow rule before the itests' loopback rule that routes one destination port. */
    protected void route(String name, int port, String route) throws Exception {
        Configuration configuration = factoryConfiguration("io.socksgate.rule", name);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("order", "1"); // the first an allow rule may take
        properties.put("action", "allow");
        properties.put("destination.ports", String.valueOf(port));
        properties.put("upstream", route);
        configuration.update(properties);
        await("rule " + name + " active").atMost(WAIT).until(() -> KarafShell.execute(
                        shell, "socks:rule-list --no-format")
                .contains(name));
    }

    protected Optional<UpstreamInfo> find(String name) {
        return upstreams.upstreams().stream().filter(u -> u.name().equals(name)).findFirst();
    }

    protected UpstreamInfo info(String name) {
        return find(name).orElseThrow(() -> new AssertionError("no upstream " + name));
    }

    /** Closes {@code closeable} after the test. */
    protected <T extends AutoCloseable> T started(T closeable) {
        started.add(closeable);
        return closeable;
    }

    /** A fresh directory for a peer's configuration and logs, inside the container's data. */
    protected static Path directory(String name) throws Exception {
        return Files.createTempDirectory(Path.of(System.getProperty("karaf.data")), "peer-" + name + "-");
    }

    protected static String karafLog() throws Exception {
        return Files.readString(Path.of(System.getProperty("karaf.data"), "log", "karaf.log"), StandardCharsets.UTF_8);
    }
}
