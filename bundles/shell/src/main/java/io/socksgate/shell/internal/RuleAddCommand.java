package io.socksgate.shell.internal;

import io.socksgate.api.PolicyService;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

@Service
@Command(
        scope = "socks",
        name = "rule-add",
        description = "Adds an access rule: etc/io.socksgate.rule-NAME.cfg and its configuration.",
        detailedDescription = "Multi-valued options take comma lists and may be repeated"
                + " (--destination 10.0.0.0/8,192.168.0.0/16 or -d 10.0.0.0/8 -d 192.168.0.0/16); an option"
                + " left out matches anything. The rule is checked first and nothing is written when it is"
                + " invalid. It is written as the factory configuration io.socksgate.rule~NAME backed by"
                + " etc/io.socksgate.rule-NAME.cfg, so config:list and etc/ agree, and the policy applies it"
                + " a moment later (see socks:rule-list). Use socks:rule-test to check what it decides.")
public class RuleAddCommand implements Action {

    @Argument(
            index = 0,
            name = "name",
            description = "The rule's name: letters, digits, '.', '_' and '-'",
            required = true,
            multiValued = false)
    String name;

    @Option(
            name = "-a",
            aliases = {"--action"},
            description = "What a match decides: allow or deny",
            required = true,
            multiValued = false)
    @Completion(
            value = StringsCompleter.class,
            values = {"allow", "deny"})
    String action;

    @Option(
            name = "-o",
            aliases = {"--order"},
            description = "Evaluation order, lower first (default 100)",
            required = false,
            multiValued = false)
    String order;

    @Option(
            name = "-s",
            aliases = {"--source"},
            description = "Client addresses: CIDRs (10.0.0.0/8, ::1/128), ranges (10.0.0.1-10.0.0.99), or any",
            required = false,
            multiValued = true)
    List<String> source;

    @Option(
            name = "--source-ports",
            description = "Client ports, e.g. 1024-65535 (key source.ports)",
            required = false,
            multiValued = true)
    List<String> sourcePorts;

    @Option(
            name = "-d",
            aliases = {"--destination"},
            description = "Destinations: CIDRs, ranges, host names, globs (*.example.com), self, or any",
            required = false,
            multiValued = true)
    List<String> destination;

    @Option(
            name = "-p",
            aliases = {"--ports"},
            description = "Destination ports, e.g. 80,443,8000-8999 (key destination.ports)",
            required = false,
            multiValued = true)
    List<String> ports;

    @Option(
            name = "-c",
            aliases = {"--commands"},
            description = "Commands: connect, bind, udp",
            required = false,
            multiValued = true)
    @Completion(
            value = StringsCompleter.class,
            values = {"connect", "bind", "udp"})
    List<String> commands;

    @Option(name = "--protocols", description = "Protocols: socks4, socks5, http", required = false, multiValued = true)
    @Completion(
            value = StringsCompleter.class,
            values = {"socks4", "socks5", "http"})
    List<String> protocols;

    @Option(name = "--listeners", description = "Listener names", required = false, multiValued = true)
    List<String> listeners;

    @Option(
            name = "-u",
            aliases = {"--users"},
            description = "User names, @group (JAAS roles), - for anonymous",
            required = false,
            multiValued = true)
    List<String> users;

    @Reference
    PolicyService policy;

    @Reference
    ConfigurationAdmin configAdmin;

    /** Karaf's etc directory; null outside Karaf (then no file is written). */
    String etc = System.getProperty("karaf.etc");

    @Override
    public Object execute() throws Exception {
        add(System.out, System.err);
        return null;
    }

    /**
     * Adds the rule, or says why not and writes nothing.
     *
     * @return whether the rule was written
     */
    boolean add(PrintStream out, PrintStream err) throws IOException {
        String problem = RuleConfigs.nameProblem(name);
        if (problem != null) {
            err.println("Not added: " + problem + ".");
            return false;
        }
        Map<String, String> properties = properties();
        try {
            policy.validate(properties);
        } catch (IllegalArgumentException e) {
            err.println("Not added: " + e.getMessage());
            return false;
        }
        Path file = etc == null ? null : Paths.get(etc, RuleConfigs.FACTORY_PID + "-" + name + ".cfg");
        String exists = existing(file);
        if (exists != null) {
            err.println("Not added: rule " + name + " already exists (" + exists + "); remove it first with"
                    + " socks:rule-remove " + name);
            return false;
        }
        Configuration configuration = configAdmin.getFactoryConfiguration(RuleConfigs.FACTORY_PID, name, "?");
        if (configuration.getProperties() != null) {
            err.println("Not added: rule " + name + " already exists (" + configuration.getPid() + "); remove it"
                    + " first with socks:rule-remove " + name);
            return false;
        }
        Hashtable<String, Object> dictionary = new Hashtable<>(properties);
        if (file != null) {
            try {
                CfgFile.create(file, header(), properties);
            } catch (FileAlreadyExistsException e) {
                err.println("Not added: rule " + name + " already exists (" + file + "); remove it first with"
                        + " socks:rule-remove " + name);
                return false;
            }
            // As Karaf's own config commands do: the configuration names its file, so File Install
            // finds this configuration for the file (it makes no second one), keeps the file in step
            // with later changes and deletes it when the configuration is deleted. The URI is the
            // one File Install computes for the file: java.io.File's, of the canonical path.
            dictionary.put(RuleConfigs.FILENAME, fileUri(file));
        }
        try {
            configuration.update(dictionary);
        } catch (IOException | RuntimeException e) {
            if (file != null) {
                Files.deleteIfExists(file);
            }
            throw e;
        }
        out.println("Added rule " + name + " (" + (file != null ? file : configuration.getPid()) + "): "
                + summary(properties));
        return true;
    }

    /**
     * The rule's properties as written to the configuration and its file, keys as in the .cfg
     * file; options left out are left out (they default to any).
     */
    Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("name", name);
        if (order != null && !order.isBlank()) {
            properties.put("order", order.trim());
        }
        properties.put("action", action == null ? "" : action.trim().toLowerCase(Locale.ROOT));
        putList(properties, "commands", commands);
        putList(properties, "protocols", protocols);
        putList(properties, "listeners", listeners);
        putList(properties, "source", source);
        putList(properties, "source.ports", sourcePorts);
        putList(properties, "destination", destination);
        putList(properties, "destination.ports", ports);
        putList(properties, "users", users);
        return properties;
    }

    /** Every occurrence of the option, each a comma list, as one comma list; nothing when empty. */
    static void putList(Map<String, String> properties, String key, List<String> occurrences) {
        String joined = String.join(",", entries(occurrences));
        if (!joined.isEmpty()) {
            properties.put(key, joined);
        }
    }

    static List<String> entries(List<String> occurrences) {
        List<String> entries = new ArrayList<>();
        if (occurrences != null) {
            for (String occurrence : occurrences) {
                for (String entry : occurrence.split(",")) {
                    if (!entry.isBlank()) {
                        entries.add(entry.trim());
                    }
                }
            }
        }
        return entries;
    }

    /** {@code file:/opt/karaf/etc/io.socksgate.rule-NAME.cfg}, as File Install keys its files. */
    static String fileUri(Path file) throws IOException {
        return file.toFile().getCanonicalFile().toURI().toString();
    }

    /** What already holds this name: a rule, a configuration or a file; null when nothing does. */
    private String existing(Path file) throws IOException {
        if (policy.rules().stream().anyMatch(r -> name.equals(r.name()))) {
            return "listed by socks:rule-list";
        }
        List<Configuration> configurations = RuleConfigs.named(configAdmin, name);
        if (!configurations.isEmpty()) {
            return RuleConfigs.where(configurations.get(0));
        }
        if (file != null && Files.exists(file)) {
            return file.toString();
        }
        return null;
    }

    private static List<String> header() {
        return List.of(
                "Socksgate access rule, added with socks:rule-add; keys as in io.socksgate.rule",
                "(socks:rule-remove deletes it; edits here apply at once).");
    }

    private static String summary(Map<String, String> properties) {
        StringBuilder out = new StringBuilder();
        properties.forEach((key, value) -> {
            if (!key.equals("name")) {
                out.append(out.length() == 0 ? "" : " ").append(key).append('=').append(value);
            }
        });
        return out.toString();
    }
}
