package io.socksgate.shell.internal;

import io.socksgate.api.ListenerRegistry;
import io.socksgate.shell.internal.completers.ListenerNameCompleter;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

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
public class ListenerRemoveCommand extends ConfigCommandSupport {

    @Argument(name = "names", description = "The names of the listeners to remove", required = true, multiValued = true)
    @Completion(ListenerNameCompleter.class)
    List<String> names;

    @Reference
    ListenerRegistry listeners;

    /**
     * Deletes the configurations of the named listeners, says what was removed, and waits until
     * they stopped.
     *
     * @throws CommandException when a name was not found (the others are removed all the same)
     */
    @Override
    protected void doExecute() throws Exception {
        remove(
                FactoryConfigs.LISTENERS,
                names,
                () -> listeners.listeners().stream().noneMatch(l -> names.contains(l.name())),
                "Still stopping: see socks:listener-list",
                "socks:listener-list");
    }
}
