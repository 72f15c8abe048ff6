package io.socksgate.shell.internal;

import io.socksgate.config.CommaLists;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.support.CommandException;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * A {@code socks:*} command that adds or removes Socksgate's factory configurations (in Config
 * Admin and as etc/ files) and returns once the change is in force, so that the next command, or
 * the next client, sees it.
 */
public abstract class ConfigCommandSupport extends SocksCommandSupport {

    @Reference
    ConfigurationAdmin configAdmin;

    /** Karaf's etc directory; null outside Karaf (then no file is written). */
    String etc = System.getProperty("karaf.etc");

    /** How long the command waits for its change to be in force. */
    Duration applyTimeout = Duration.ofSeconds(10);

    /** Fails, writing nothing, when {@code name} cannot name a new configuration. */
    static void checkNewName(FactoryConfigs configs, String name) throws CommandException {
        String problem = configs.nameProblem(name);
        if (problem != null) {
            throw failure("Not added: " + problem + ".");
        }
    }

    /**
     * Deletes the named configurations, says what was removed, and waits (bounded) until {@code
     * gone} holds, else says {@code stillThere}.
     *
     * @throws CommandException when a name was not found (the others are removed all the same)
     */
    void remove(FactoryConfigs configs, List<String> names, BooleanSupplier gone, String stillThere, String listedBy)
            throws Exception {
        List<String> notFound = configs.remove(configAdmin, names, out());
        if (!awaitUntil(applyTimeout, gone)) {
            out().println(stillThere);
        }
        if (!notFound.isEmpty()) {
            throw configs.notFound(notFound, listedBy);
        }
    }

    /** Puts a single-valued option, trimmed, unless it was left out or blank. */
    static void put(Map<String, String> properties, String key, String value) {
        if (value != null && !value.isBlank()) {
            properties.put(key, value.trim());
        }
    }

    /** Puts a multi-valued option (each occurrence may be a comma list) as one comma list, unless empty. */
    static void putList(Map<String, String> properties, String key, List<String> occurrences) {
        String joined = String.join(",", CommaLists.entries(occurrences));
        if (!joined.isEmpty()) {
            properties.put(key, joined);
        }
    }
}
