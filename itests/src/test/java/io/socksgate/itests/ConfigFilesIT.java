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

    private static String filenameOf(Configuration configuration) {
        Object name = configuration.getProperties().get("felix.fileinstall.filename");
        return name == null ? null : name.toString();
    }

    private int webformConfigurations() throws Exception {
        Configuration[] found =
                configAdmin.listConfigurations("(&(service.factoryPid=io.socksgate.listener)(name=webform))");
        return found == null ? 0 : found.length;
    }
}
