package io.socksgate.shell.internal;

import io.socksgate.api.PolicyService;
import io.socksgate.shell.internal.completers.RuleNameCompleter;
import java.time.Duration;
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
        name = "rule-remove",
        description = "Removes access rules: their configurations and etc/ files.",
        detailedDescription = "A rule is found by its name key or by its instance name (NAME of"
                + " etc/io.socksgate.rule-NAME.cfg or of the PID io.socksgate.rule~NAME), whether socks:rule-add"
                + " or an operator wrote it. Deleting the configuration makes File Install delete its file.")
public class RuleRemoveCommand extends SocksCommandSupport {

    @Argument(
            index = 0,
            name = "names",
            description = "The names of the rules to remove",
            required = true,
            multiValued = true)
    @Completion(RuleNameCompleter.class)
    List<String> names;

    @Reference
    ConfigurationAdmin configAdmin;

    @Reference
    PolicyService policy;

    /** How long the command waits for the policy to drop the rules before it returns. */
    Duration goneTimeout = Duration.ofSeconds(10);

    /**
     * Deletes the configurations of the named rules and says what was removed.
     *
     * @throws CommandException when a name was not found (the others are removed all the same)
     */
    @Override
    protected void doExecute() throws Exception {
        List<String> notFound = FactoryConfigs.RULES.remove(configAdmin, names, out());
        if (!awaitUntil(goneTimeout, () -> policy.rules().stream().noneMatch(r -> names.contains(r.name())))) {
            out().println("Still active: see socks:rule-list");
        }
        if (!notFound.isEmpty()) {
            throw FactoryConfigs.RULES.notFound(notFound, "socks:rule-list");
        }
    }
}
