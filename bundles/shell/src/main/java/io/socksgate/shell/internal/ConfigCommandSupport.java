package io.socksgate.shell.internal;

import java.time.Duration;
import java.util.List;
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
}
