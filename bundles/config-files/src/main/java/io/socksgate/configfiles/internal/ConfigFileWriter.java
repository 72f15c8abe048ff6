package io.socksgate.configfiles.internal;

import io.socksgate.config.CfgFile;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.SynchronousConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a Socksgate configuration made without a file (the webconsole's forms, a bundle calling
 * ConfigurationAdmin) its {@code etc/} file, as Karaf's {@code config:edit} does for its own: so
 * {@code etc/} and {@code config:list} show the same listeners and rules, and an operator can
 * edit, copy or delete the file. File Install's {@code felix.fileinstall.enableConfigSave} keeps a
 * file in step with later changes, but only for configurations that name their file.
 *
 * <p>A bundle that updates with a fresh dictionary drops that name. The configuration's file,
 * which no configuration then claims, is rewritten with the new values and named again: left
 * alone, File Install would read its old values back at its next scan or restart and undo the
 * change. A file another configuration claims is never touched.
 *
 * <p>The configuration takes the file's values (text, multi-valued keys as one comma list, as in
 * the shipped files; every Socksgate component reads both forms). Order matters: the
 * configuration first learns its file name (File Install then finds it for
 * the file and makes no second configuration), then the file is written whole (a temporary file
 * moved into place, so File Install never reads half of it).
 *
 * <p>The listener is synchronous: it runs in the thread that updated the configuration (a shell,
 * the webconsole, a bundle; never a network thread), before {@code update} returns. So the file
 * holds the new values before File Install's next scan can read the old ones back, which an
 * asynchronous listener could not promise.
 */
@Component(service = SynchronousConfigurationListener.class)
public final class ConfigFileWriter implements SynchronousConfigurationListener {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigFileWriter.class);

    static final List<String> HEADER = List.of(
            "Written by Socksgate for a configuration made without a file (webconsole or",
            "ConfigurationAdmin). Edit it like any .cfg file; deleting it deletes the configuration.");

    private final ConfigurationAdmin configAdmin;
    private final Path etc;

    @Activate
    public ConfigFileWriter(@Reference ConfigurationAdmin configAdmin) {
        this(configAdmin, etcDirectory());
    }

    ConfigFileWriter(ConfigurationAdmin configAdmin, Path etc) {
        this.configAdmin = configAdmin;
        this.etc = etc;
    }

    private static Path etcDirectory() {
        String etc = System.getProperty("karaf.etc");
        return etc == null ? null : Paths.get(etc);
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (event.getType() != ConfigurationEvent.CM_UPDATED || etc == null) {
            return;
        }
        String name = EtcFiles.fileName(event.getPid(), event.getFactoryPid(), null);
        if (name == null) {
            return; // not Socksgate's
        }
        try {
            writeFileFor(event.getPid());
        } catch (IOException | InvalidSyntaxException | RuntimeException e) {
            LOG.warn("could not write the etc/ file of configuration {}: {}", event.getPid(), e.toString());
        }
    }

    /** Writes the file of a configuration that names none; returns the file written, or null. */
    Path writeFileFor(String pid) throws IOException, InvalidSyntaxException {
        Configuration configuration = configAdmin.getConfiguration(pid, "?");
        // Read before the properties: a change that lands after them shows as a new count.
        long changeCount = configuration.getChangeCount();
        Dictionary<String, Object> properties = configuration.getProperties();
        if (properties == null || properties.get(EtcFiles.FILENAME) != null) {
            return null; // deleted meanwhile, or names its file already
        }
        String name = EtcFiles.fileName(pid, configuration.getFactoryPid(), properties.get("name"));
        Path file = etc.resolve(name);
        String fileUrl = file.toFile().getCanonicalFile().toURI().toString();
        boolean replace = Files.exists(file);
        if (replace && claimedByAnother(fileUrl, pid)) {
            LOG.warn(
                    "configuration {} has no file, and {} belongs to another one: not overwritten; the"
                            + " configuration lives in Config Admin only",
                    pid,
                    file);
            return null;
        }
        Map<String, String> values = EtcFiles.textValues(properties);
        Hashtable<String, Object> named = new Hashtable<>(values);
        named.put(EtcFiles.FILENAME, fileUrl);
        if (configAdmin.getConfiguration(pid, "?").getChangeCount() != changeCount) {
            // Its owner changed it meanwhile: writing these values back would undo that change.
            // The newer change has an event of its own, which writes the file with its values.
            LOG.debug("configuration {} changed while its file was prepared; the next event writes it", pid);
            return null;
        }
        configuration.updateIfDifferent(named);
        if (replace) {
            CfgFile.replace(file, HEADER, values);
            LOG.info("configuration {} was updated without its file name: {} rewritten with its values", pid, file);
            return file;
        }
        try {
            CfgFile.create(file, HEADER, values);
        } catch (FileAlreadyExistsException e) {
            LOG.warn("configuration {} names {}, which another one wrote meanwhile: not overwritten", pid, file);
            return null;
        }
        LOG.info("configuration {} written to {}", pid, file);
        return file;
    }

    /** Whether a configuration other than {@code pid} names the file (File Install's or Karaf's own). */
    private boolean claimedByAnother(String fileUrl, String pid) throws IOException, InvalidSyntaxException {
        Configuration[] claimants =
                configAdmin.listConfigurations("(" + EtcFiles.FILENAME + "=" + filterValue(fileUrl) + ")");
        if (claimants == null) {
            return false;
        }
        for (Configuration claimant : claimants) {
            if (!claimant.getPid().equals(pid)) {
                return true;
            }
        }
        return false;
    }

    /** A value as an LDAP filter states it literally (RFC 4515: {@code \\ * ( )} escaped). */
    static String filterValue(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '*' || c == '(' || c == ')') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
