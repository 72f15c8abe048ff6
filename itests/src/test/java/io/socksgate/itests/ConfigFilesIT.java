package io.socksgate.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * A listener made the way the webconsole makes it, a factory configuration created through
 * ConfigurationAdmin with no file, gets its {@code etc/} file: File Install then owns it like any
 * other (one configuration, no duplicate), edits of the file reach the listener, and deleting the
 * configuration deletes the file.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConfigFilesIT extends SocksgateTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    private ConfigurationAdmin configAdmin;

    @Test
    public void aListenerMadeThroughConfigurationAdminGetsItsEtcFile() throws Exception {
        awaitListening(socksPort());
        int port = freePort();
        Configuration configuration = configAdmin.createFactoryConfiguration("io.socksgate.listener", "?");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("name", "webform");
        properties.put("port", port);
        properties.put("protocols", new String[] {"socks5", "socks4"});
        configuration.update(properties);

        Path file = Path.of(System.getProperty("karaf.etc"), "io.socksgate.listener-webform.cfg");
        await("the file " + file).atMost(WAIT).until(() -> Files.isRegularFile(file));
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue("port in " + text, text.contains("port = " + port + "\n"));
        assertTrue("protocols as a comma list in " + text, text.contains("protocols = socks5, socks4\n"));
        awaitListening(port);

        // The configuration names its file, so File Install takes the file for it: no second one.
        String filename = filenameOf(configuration);
        assertTrue("felix.fileinstall.filename " + filename, filename.endsWith("/io.socksgate.listener-webform.cfg"));
        assertEquals("listener configurations named webform", 1, webformConfigurations());

        // Edits of the file reach the listener, as for any .cfg file.
        int moved = freePort();
        Files.writeString(file, text.replace("port = " + port, "port = " + moved), StandardCharsets.UTF_8);
        awaitListening(moved);
        awaitClosed(port);
        assertEquals("listener configurations named webform", 1, webformConfigurations());

        configuration.delete();
        await("the file deleted with its configuration").atMost(WAIT).until(() -> !Files.exists(file));
        awaitClosed(moved);
    }

    @Test
    public void aNamedRuleMadeThroughConfigurationAdminGetsItsEtcFile() throws Exception {
        Configuration configuration = configAdmin.getFactoryConfiguration("io.socksgate.rule", "webrule", "?");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("order", "900");
        properties.put("action", "deny");
        properties.put("commands", new String[] {"bind", "udp"});
        configuration.update(properties);

        Path file = Path.of(System.getProperty("karaf.etc"), "io.socksgate.rule-webrule.cfg");
        await("the file " + file).atMost(WAIT).until(() -> Files.isRegularFile(file));
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue("commands as a comma list in " + text, text.contains("commands = bind, udp\n"));
        configuration.delete();
        await("the file deleted with its configuration").atMost(WAIT).until(() -> !Files.exists(file));
    }

    /**
     * A bundle that updates its configuration with a fresh dictionary drops the file name the
     * configuration learnt. Its change must stay: in the configuration, in the file (else the next
     * restart brings the old values back) and in the listener, also when it comes before File
     * Install has even seen the file written for the first values.
     */
    @Test
    public void updatesThatDropTheFileNameAreKeptInTheFile() throws Exception {
        Configuration configuration = configAdmin.getFactoryConfiguration("io.socksgate.listener", "dropsname", "?");
        Path file = Path.of(System.getProperty("karaf.etc"), "io.socksgate.listener-dropsname.cfg");
        int first = freePort();
        int second = freePort();
        configuration.update(listenerOn(first));
        configuration.update(listenerOn(second));
        awaitKeptOn(configuration, file, second);

        int third = freePort(); // and once File Install owns the file
        configuration.update(listenerOn(third));
        awaitKeptOn(configuration, file, third);
        awaitClosed(first);
        awaitClosed(second);

        configuration.delete();
        await("the file deleted with its configuration").atMost(WAIT).until(() -> !Files.exists(file));
        awaitClosed(third);
    }

    private static Hashtable<String, Object> listenerOn(int port) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("bind", "127.0.0.1");
        properties.put("port", port);
        return properties;
    }

    /** The port is in the file and the configuration, which names the file, and stays so past File Install's scans. */
    private void awaitKeptOn(Configuration configuration, Path file, int port) throws Exception {
        try {
            await("port " + port + " in " + file + " and its one configuration, for 3 s")
                    .atMost(WAIT)
                    .during(Duration.ofSeconds(3))
                    .until(() -> Files.isRegularFile(file)
                            && Files.readString(file, StandardCharsets.UTF_8).contains("port = " + port + "\n")
                            && String.valueOf(configuration.getProperties().get("port"))
                                    .equals(String.valueOf(port))
                            && filenameOf(configuration) != null
                            && filenameOf(configuration).endsWith("/" + file.getFileName())
                            && configurationsOf(file) == 1);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(
                    "expected port " + port + "; the configuration holds " + configuration.getProperties()
                            + ", " + configurationsOf(file) + " configuration(s) name the file, which says: "
                            + (Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "(no file)"),
                    e);
        }
        awaitListening(port);
    }

    private static String filenameOf(Configuration configuration) {
        Object name = configuration.getProperties().get("felix.fileinstall.filename");
        return name == null ? null : name.toString();
    }

    private int configurationsOf(Path file) throws Exception {
        Configuration[] found =
                configAdmin.listConfigurations("(felix.fileinstall.filename=*/" + file.getFileName() + ")");
        return found == null ? 0 : found.length;
    }

    private int webformConfigurations() throws Exception {
        Configuration[] found =
                configAdmin.listConfigurations("(&(service.factoryPid=io.socksgate.listener)(name=webform))");
        return found == null ? 0 : found.length;
    }
}
