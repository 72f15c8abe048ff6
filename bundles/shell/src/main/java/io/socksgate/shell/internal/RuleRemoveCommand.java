package io.socksgate.shell.internal;

import io.socksgate.api.PolicyService;
import io.socksgate.shell.internal.completers.RuleNameCompleter;
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
        name = "rule-remove",
        description = "Removes access rules: their configurations and etc/ files.",
        detailedDescription = "A rule is found by its name key or by its instance name (NAME of"
                + " etc/io.socksgate.rule-NAME.cfg or of the PID io.socksgate.rule~NAME), whether socks:rule-add"
                + " or an operator wrote it. Deleting the configuration makes File Install delete its file.")
public class RuleRemoveCommand extends ConfigCommandSupport {

    @Argument(name = "names", description = "The names of the rules to remove", required = true, multiValued = true)
    @Completion(RuleNameCompleter.class)
    List<String> names;

    @Reference
    PolicyService policy;

    /**
     * Deletes the configurations of the named rules and says what was removed.
     *
     * @throws CommandException when a name was not found (the others are removed all the same)
     */
    @Override
    protected void doExecute() throws Exception {
        remove(
                FactoryConfigs.RULES,
                names,
                () -> policy.rules().stream().noneMatch(r -> names.contains(r.name())),
                "Still active: see socks:rule-list",
                "socks:rule-list");
    }
}
