package io.socksgate.shell.internal;

import io.socksgate.api.LimitRegistry;
import io.socksgate.shell.internal.completers.LimitNameCompleter;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(
        scope = "socks",
        name = "limit-remove",
        description = "Removes bandwidth limits: their configurations and etc/ files.",
        detailedDescription = "A limit is found by its name key or its instance name (NAME of"
                + " etc/io.socksgate.limit-NAME.cfg or of the PID io.socksgate.limit~NAME). Live sessions it"
                + " applied to run on unlimited by it at once; its quota usage of the current period is kept, so"
                + " adding it again does not hand out a fresh quota. The command waits until the limit is gone.")
public class LimitRemoveCommand extends ConfigCommandSupport {

    @Argument(name = "names", description = "The names of the limits to remove", required = true, multiValued = true)
    @Completion(LimitNameCompleter.class)
    List<String> names;

    // Optional: Karaf registers none of a bundle's commands while one has a missing mandatory
    // reference, and the limits come from the server bundle, which may be stopped.
    @Reference(optional = true)
    LimitRegistry limits;

    /**
     * Deletes the configurations of the named limits and waits until they are gone.
     *
     * @throws org.apache.karaf.shell.support.CommandException when a name was not found
     */
    @Override
    protected void doExecute() throws Exception {
        LimitRegistry limits = required(this.limits, "The limit registry");
        remove(
                FactoryConfigs.LIMITS,
                names,
                () -> limits.limits().stream().noneMatch(l -> names.contains(l.name())),
                "Still going: see socks:limit-list",
                "socks:limit-list");
    }
}
