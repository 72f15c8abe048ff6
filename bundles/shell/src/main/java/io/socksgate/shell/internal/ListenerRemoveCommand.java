package io.socksgate.shell.internal;

import io.socksgate.api.ListenerRegistry;
import io.socksgate.shell.internal.completers.ListenerNameCompleter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.osgi.service.cm.ConfigurationAdmin;

@Service
@Command(
        scope = "socks",
        name = "listener-remove",
        description = "Removes SOCKS listeners: their configurations and etc/ files; their sessions are closed.",
        detailedDescription = "A listener is found by its name key or by its instance name (NAME of"
                + " etc/io.socksgate.listener-NAME.cfg or of the PID io.socksgate.listener~NAME), whether"
                + " socks:listener-add or an operator wrote it. Deleting the configuration stops the listener,"
                + " closes its sessions and makes File Install delete its file. The command waits until the"
                + " listener is gone.")
public class ListenerRemoveCommand extends SocksCommandSupport {

    /** How often the command looks whether the listener changed: Config Admin applies it within milliseconds. */
    @Argument(
            index = 0,
            name = "names",
            description = "The names of the listeners to remove",
            required = true,
            multiValued = true)
    @Completion(ListenerNameCompleter.class)
    List<String> names;

    @Reference
    ListenerRegistry listeners;

    @Reference
    ConfigurationAdmin configAdmin;

    /** How long to wait for the removed listeners to stop. */
    Duration stopTimeout = Duration.ofSeconds(10);

    /**
     * Deletes the configurations of the named listeners, says what was removed, and waits until
     * they stopped.
     *
     * @throws CommandException when a name was not found (the others are removed all the same)
     */
    @Override
    protected void doExecute() throws Exception {
        List<String> notFound = FactoryConfigs.LISTENERS.remove(configAdmin, names, out());
        List<String> removed = new ArrayList<>(names);
        removed.removeAll(notFound);
        awaitStopped(removed);
        if (!notFound.isEmpty()) {
            throw FactoryConfigs.LISTENERS.notFound(notFound, "socks:listener-list");
        }
    }

    /** Waits, bounded, until no listener of these names is listed any more. */
    private void awaitStopped(List<String> removed) throws InterruptedException {
        if (!awaitUntil(stopTimeout, () -> listeners.listeners().stream().noneMatch(l -> removed.contains(l.name())))) {
            out().println("Still stopping: see socks:listener-list");
        }
    }
}
