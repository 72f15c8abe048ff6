package io.socksgate.configfiles.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

class ConfigFileWriterTest {

    private static final String PID = "io.socksgate.listener~itest";

    @TempDir
    Path etc;

    private final AtomicLong changeCount = new AtomicLong(1);
    private final List<Dictionary<String, ?>> updates = new ArrayList<>();
    /** Runs when the writer reads the properties: lets a test change the configuration then. */
    private Runnable onRead = () -> {};
    /** The PIDs of the configurations that name the file in etc/ (File Install's {@code felix.fileinstall.filename}). */
    private List<String> claimants = List.of();

    @Test
    void aConfigurationWithoutFileGetsOneAndLearnsItsName() throws Exception {
        Path written = writer().writeFileFor(PID);

        assertThat(written).isEqualTo(etc.resolve("io.socksgate.listener-itest.cfg"));
        assertThat(written).content().contains("port = 1081");
        assertThat(updates).singleElement().satisfies(u -> assertThat(u.get("felix.fileinstall.filename"))
                .asString()
                .endsWith("io.socksgate.listener-itest.cfg"));
    }

    @Test
    void aChangeWhileTheFileIsPreparedIsNeverUndone() throws Exception {
        onRead = changeCount::incrementAndGet; // the owner updates the configuration meanwhile

        assertThat(writer().writeFileFor(PID)).isNull();

        assertThat(updates).isEmpty(); // the stale values were not written back
        assertThat(etc).isEmptyDirectory(); // the newer change's own event writes the file
    }

    @Test
    void aFileNoConfigurationClaimsTakesTheValuesOfAnUpdateThatDroppedItsName() throws Exception {
        Path file = Files.writeString(etc.resolve("io.socksgate.listener-itest.cfg"), "port = 1080\n");

        assertThat(writer().writeFileFor(PID)).isEqualTo(file);

        assertThat(file).content().contains("port = 1081").doesNotContain("port = 1080");
        assertThat(updates).singleElement().satisfies(u -> assertThat(u.get("felix.fileinstall.filename"))
                .asString()
                .endsWith("io.socksgate.listener-itest.cfg"));
    }

    @Test
    void aFileAnotherConfigurationClaimsIsNeverTouched() throws Exception {
        Path file = Files.writeString(etc.resolve("io.socksgate.listener-itest.cfg"), "port = 1080\n");
        claimants = List.of("io.socksgate.listener.4f1c");

        assertThat(writer().writeFileFor(PID)).isNull();

        assertThat(file).hasContent("port = 1080");
        assertThat(updates).isEmpty();
    }

    @Test
    void filterValuesAreLiteral() {
        assertThat(ConfigFileWriter.filterValue("file:/a(b)*\\c")).isEqualTo("file:/a\\(b\\)\\*\\\\c");
    }

    private ConfigFileWriter writer() {
        Configuration configuration = (Configuration) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {Configuration.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getChangeCount":
                            return changeCount.get();
                        case "getProperties":
                            onRead.run();
                            Dictionary<String, Object> properties = new Hashtable<>();
                            properties.put("service.pid", PID);
                            properties.put("port", 1081);
                            return properties;
                        case "getFactoryPid":
                            return "io.socksgate.listener";
                        case "getPid":
                            return PID;
                        case "updateIfDifferent":
                            @SuppressWarnings("unchecked")
                            Dictionary<String, ?> update = (Dictionary<String, ?>) args[0];
                            updates.add(update);
                            return true;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
        ConfigurationAdmin configAdmin = (ConfigurationAdmin) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {ConfigurationAdmin.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConfiguration") && PID.equals(args[0])) {
                        return configuration;
                    }
                    if (method.getName().equals("listConfigurations")
                            && args[0].toString().contains("io.socksgate.listener-itest.cfg")) {
                        return claimants.isEmpty()
                                ? null
                                : claimants.stream().map(pid -> claimant(pid)).toArray(Configuration[]::new);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new ConfigFileWriter(configAdmin, etc);
    }

    private Configuration claimant(String pid) {
        return (Configuration) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {Configuration.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getPid")) {
                        return pid;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
