package io.socksgate.shell.internal;

import static io.socksgate.config.InstanceNames.FILENAME;

import io.socksgate.config.CfgFile;
import io.socksgate.config.InstanceNames;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.support.CommandException;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The factory configurations of one kind ({@code io.socksgate.rule}, {@code io.socksgate.listener},
 * {@code io.socksgate.upstream})
 * as Config Admin holds them, one per instance, whether a {@code socks:*-add} command or an
 * operator (as {@code etc/PID-NAME.cfg}) wrote it; and how the commands add and remove them so
 * that {@code config:list} and {@code etc/} always agree.
 */
final class FactoryConfigs {

    static final FactoryConfigs RULES = new FactoryConfigs(
            "io.socksgate.rule", "rule", Map.of(io.socksgate.api.PolicyService.DEFAULT_RULE, "the default action"));
    static final FactoryConfigs LISTENERS = new FactoryConfigs("io.socksgate.listener", "listener", Map.of());
    static final FactoryConfigs UPSTREAMS = new FactoryConfigs(
            "io.socksgate.upstream", "upstream", Map.of(io.socksgate.api.Decision.DIRECT, "going direct in a route"));

    static final FactoryConfigs LIMITS = new FactoryConfigs("io.socksgate.limit", "limit", Map.of());

    final String factoryPid;
    /** {@code rule}, {@code listener}: what the messages call one instance. */
    final String kind;
    /** Names that cannot be used, with what they are reserved for. */
    private final Map<String, String> reserved;

    private FactoryConfigs(String factoryPid, String kind, Map<String, String> reserved) {
        this.factoryPid = factoryPid;
        this.kind = kind;
        this.reserved = reserved;
    }

    /** Null when {@code name} can name an instance (and its file); otherwise why not. */
    String nameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "a " + kind + " needs a name";
        }
        String problem = InstanceNames.problem(name);
        if (problem != null) {
            return kind + " name '" + name + "' " + problem;
        }
        if (reserved.containsKey(name)) {
            return kind + " name '" + name + "' is reserved for " + reserved.get(name);
        }
        return null;
    }

    /** Every configuration of this kind; empty when there is none. */
    List<Configuration> all(ConfigurationAdmin configAdmin) throws IOException {
        Configuration[] found;
        try {
            found = configAdmin.listConfigurations(
                    "(" + ConfigurationAdmin.SERVICE_FACTORYPID + "=" + factoryPid + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // the filter is constant
        }
        return found == null ? List.of() : List.of(found);
    }

    /** The configurations named {@code name}, by their {@code name} key or their instance name. */
    List<Configuration> named(ConfigurationAdmin configAdmin, String name) throws IOException {
        List<Configuration> matches = new ArrayList<>();
        for (Configuration configuration : all(configAdmin)) {
            Dictionary<String, Object> properties = configuration.getProperties();
            if (properties == null) {
                continue; // created but never updated: nothing yet
            }
            if (name.equals(shownName(configuration.getPid(), properties))
                    || name.equals(instanceName(configuration.getPid(), properties))) {
                matches.add(configuration);
            }
        }
        return matches;
    }

    /** The name the service shows: the {@code name} key, else the instance name. */
    String shownName(String pid, Dictionary<String, ?> properties) {
        return InstanceNames.shown(properties.get("name"), instanceName(pid, properties));
    }

    /**
     * {@code NAME} of {@code etc/PID-NAME.cfg}, else of the PID {@code PID~NAME}: {@link
     * InstanceNames}, which the policy and the listeners use too.
     */
    String instanceName(String pid, Dictionary<String, ?> properties) {
        return InstanceNames.of(factoryPid, pid, properties.get(FILENAME));
    }

    /** How a configuration is shown: its file when it has one, else its PID. */
    static String where(Configuration configuration) {
        Dictionary<String, Object> properties = configuration.getProperties();
        Object file = properties == null ? null : properties.get(FILENAME);
        return file != null ? file.toString() : configuration.getPid();
    }

    /** {@code etc/PID-NAME.cfg}; null outside Karaf (no etc directory). */
    Path file(String etc, String name) {
        return etc == null ? null : Paths.get(etc, factoryPid + "-" + name + ".cfg");
    }

    /**
     * Writes {@code etc/PID-NAME.cfg} and the factory configuration {@code PID~NAME} that names
     * it, or nothing when something already holds the name.
     *
     * @param etc Karaf's etc directory; null to write the configuration only
     * @return where it was written: the file, or the configuration's PID
     * @throws CommandException when a configuration or file already holds the name
     */
    String create(
            ConfigurationAdmin configAdmin,
            String etc,
            String name,
            Map<String, String> properties,
            List<String> header)
            throws Exception {
        Path file = file(etc, name);
        List<Configuration> existing = named(configAdmin, name);
        if (!existing.isEmpty()) {
            throw exists(name, where(existing.get(0)));
        }
        if (file != null && Files.exists(file)) {
            throw exists(name, file.toString());
        }
        Configuration configuration = configAdmin.getFactoryConfiguration(factoryPid, name, "?");
        if (configuration.getProperties() != null) {
            throw exists(name, configuration.getPid());
        }
        Hashtable<String, Object> dictionary = new Hashtable<>(properties);
        if (file != null) {
            try {
                CfgFile.create(file, header, properties);
            } catch (FileAlreadyExistsException e) {
                throw exists(name, file.toString());
            }
            // As Karaf's own config commands do: the configuration names its file, so File Install
            // finds this configuration for the file (it makes no second one), keeps the file in step
            // with later changes and deletes it when the configuration is deleted. The URI is the
            // one File Install computes for the file: java.io.File's, of the canonical path.
            dictionary.put(FILENAME, fileUri(file));
        }
        try {
            configuration.update(dictionary);
        } catch (IOException | RuntimeException e) {
            if (file != null) {
                Files.deleteIfExists(file);
            }
            throw e;
        }
        return file != null ? file.toString() : configuration.getPid();
    }

    /**
     * Deletes the configurations of the named instances (File Install then deletes their files),
     * saying on {@code out} what was removed.
     *
     * @return the names that were not found
     */
    List<String> remove(ConfigurationAdmin configAdmin, List<String> names, PrintStream out) throws IOException {
        List<String> notFound = new ArrayList<>();
        for (String name : names) {
            List<Configuration> configurations = named(configAdmin, name);
            if (configurations.isEmpty()) {
                notFound.add(name);
                continue;
            }
            for (Configuration configuration : configurations) {
                String where = where(configuration);
                configuration.delete();
                out.println("Removed " + kind + " " + name + " (" + where + ")");
            }
        }
        return notFound;
    }

    /** The failure of a remove command for names that were not found. */
    CommandException notFound(List<String> names, String listCommand) {
        String kinds = Character.toUpperCase(kind.charAt(0)) + kind.substring(1);
        String what = names.size() == 1
                ? kinds + " " + names.get(0) + " not found"
                : kinds + "s not found: " + String.join(", ", names);
        return new CommandException(what + " (" + listCommand + " lists them)");
    }

    /** {@code file:/opt/karaf/etc/PID-NAME.cfg}, as File Install keys its files. */
    static String fileUri(Path file) throws IOException {
        return file.toFile().getCanonicalFile().toURI().toString();
    }

    private CommandException exists(String name, String where) {
        return new CommandException("Not added: " + kind + " " + name + " already exists (" + where + "); remove it"
                + " first with socks:" + kind + "-remove " + name);
    }
}
