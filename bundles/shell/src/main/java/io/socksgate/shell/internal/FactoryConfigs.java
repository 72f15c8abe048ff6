package io.socksgate.shell.internal;

import io.socksgate.api.PolicyService;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.regex.Pattern;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The {@code io.socksgate.rule} factory configurations as Config Admin holds them: one per rule,
 * whether written by {@code socks:rule-add} or by hand as {@code etc/io.socksgate.rule-NAME.cfg}.
 */
final class RuleConfigs {

    static final String FACTORY_PID = "io.socksgate.rule";
    /** Where Felix File Install (and Karaf's config commands) record a configuration's file. */
    static final String FILENAME = "felix.fileinstall.filename";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private RuleConfigs() {}

    /** Null when {@code name} can name a rule (and its file); otherwise why not. */
    static String nameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "a rule needs a name";
        }
        if (!NAME.matcher(name).matches()) {
            return "rule name '" + name + "' may only contain letters, digits, '.', '_' and '-'";
        }
        if (name.equals(".") || name.equals("..")) {
            return "rule name '" + name + "' is not a usable file name";
        }
        if (name.equals(PolicyService.DEFAULT_RULE)) {
            return "rule name '" + name + "' is reserved for the default action";
        }
        return null;
    }

    /** Every rule configuration; empty when there is none. */
    static List<Configuration> all(ConfigurationAdmin configAdmin) throws IOException {
        Configuration[] found;
        try {
            found = configAdmin.listConfigurations(
                    "(" + ConfigurationAdmin.SERVICE_FACTORYPID + "=" + FACTORY_PID + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // the filter is constant
        }
        return found == null ? List.of() : List.of(found);
    }

    /** The rule configurations named {@code name}, by their {@code name} key or their instance name. */
    static List<Configuration> named(ConfigurationAdmin configAdmin, String name) throws IOException {
        List<Configuration> matches = new ArrayList<>();
        for (Configuration configuration : all(configAdmin)) {
            Dictionary<String, Object> properties = configuration.getProperties();
            if (properties == null) {
                continue; // created but never updated: no rule yet
            }
            if (name.equals(ruleName(configuration.getPid(), properties))
                    || name.equals(instanceName(configuration.getPid(), properties))) {
                matches.add(configuration);
            }
        }
        return matches;
    }

    /** The rule's name as the policy shows it: its {@code name} key, else its instance name. */
    static String ruleName(String pid, Dictionary<String, ?> properties) {
        Object name = properties.get("name");
        String text = name == null ? "" : String.valueOf(name).trim();
        return text.isEmpty() ? instanceName(pid, properties) : text;
    }

    /**
     * {@code NAME} of {@code io.socksgate.rule-NAME.cfg}, else of the PID {@code io.socksgate.rule~NAME};
     * the same derivation as the policy bundle's.
     */
    static String instanceName(String pid, Dictionary<String, ?> properties) {
        Object file = properties.get(FILENAME);
        if (file != null) {
            String base = file.toString().replaceFirst("^.*[/\\\\]", "").replaceFirst("\\.cfg$", "");
            if (base.startsWith(FACTORY_PID + "-")) {
                return base.substring(FACTORY_PID.length() + 1);
            }
        }
        int tilde = pid.indexOf('~');
        return tilde >= 0 ? pid.substring(tilde + 1) : pid;
    }

    /** How a configuration is shown: its file when it has one, else its PID. */
    static String where(Configuration configuration) {
        Dictionary<String, Object> properties = configuration.getProperties();
        Object file = properties == null ? null : properties.get(FILENAME);
        return file != null ? file.toString() : configuration.getPid();
    }
}
