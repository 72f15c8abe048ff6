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
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
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
 * file in step with later changes, but only for configurations that already have one.
 *
 * <p>The configuration takes the file's values (text, multi-valued keys as one comma list, as in
 * the shipped files; every Socksgate component reads both forms). Order matters: the
 * configuration first learns its file name (File Install then finds it for
 * the file and makes no second configuration), then the file is written whole (a temporary file
 * moved into place, so File Install never reads half of it). A file that already exists is never
 * overwritten. Configuration Admin delivers these events on its own thread, never a network one.
 */
@Component(service = ConfigurationListener.class)
public final class ConfigFileWriter implements ConfigurationListener {

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
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not write the etc/ file of configuration {}: {}", event.getPid(), e.toString());
        }
    }

    /** Writes the configuration's file unless it has one; returns the file written, or null. */
    Path writeFileFor(String pid) throws IOException {
        Configuration configuration = configAdmin.getConfiguration(pid, "?");
        // Read before the properties: a change that lands after them shows as a new count.
        long changeCount = configuration.getChangeCount();
        Dictionary<String, Object> properties = configuration.getProperties();
        if (properties == null || properties.get(EtcFiles.FILENAME) != null) {
            return null; // deleted meanwhile, or a file's configuration already
        }
        String name = EtcFiles.fileName(pid, configuration.getFactoryPid(), properties.get("name"));
        Path file = etc.resolve(name);
        if (Files.exists(file)) {
            LOG.warn(
                    "configuration {} has no file, and {} belongs to another one: not overwritten; the"
                            + " configuration lives in Config Admin only",
                    pid,
                    file);
            return null;
        }
        Map<String, String> values = EtcFiles.textValues(properties);
        Hashtable<String, Object> named = new Hashtable<>(values);
        named.put(EtcFiles.FILENAME, file.toFile().getCanonicalFile().toURI().toString());
        if (configAdmin.getConfiguration(pid, "?").getChangeCount() != changeCount) {
            // Its owner changed it meanwhile: writing these values back would undo that change.
            // The newer change has an event of its own, which writes the file with its values.
            LOG.debug("configuration {} changed while its file was prepared; the next event writes it", pid);
            return null;
        }
        configuration.updateIfDifferent(named);
        try {
            CfgFile.create(file, HEADER, values);
        } catch (FileAlreadyExistsException e) {
            LOG.warn("configuration {} names {}, which another one wrote meanwhile: not overwritten", pid, file);
            return null;
        }
        LOG.info("configuration {} written to {}", pid, file);
        return file;
    }
}
