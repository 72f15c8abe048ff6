package io.socksgate.shell.internal;

import io.socksgate.shell.internal.completers.RuleNameCompleter;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

@Service
@Command(
        scope = "socks",
        name = "rule-remove",
        description = "Removes access rules: their configurations and etc/ files.",
        detailedDescription = "A rule is found by its name key or by its instance name (NAME of"
                + " etc/io.socksgate.rule-NAME.cfg or of the PID io.socksgate.rule~NAME), whether socks:rule-add"
                + " or an operator wrote it. Deleting the configuration makes File Install delete its file.")
public class RuleRemoveCommand implements Action {

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

    @Override
    public Object execute() throws Exception {
        remove(System.out);
        return null;
    }

    /**
     * Deletes the configurations of the named rules; says what was removed and what not found.
     *
     * @return the names that were not found
     */
    List<String> remove(PrintStream out) throws IOException {
        List<String> notFound = new ArrayList<>();
        for (String name : names) {
            List<Configuration> configurations = RuleConfigs.named(configAdmin, name);
            if (configurations.isEmpty()) {
                notFound.add(name);
                continue;
            }
            for (Configuration configuration : configurations) {
                String where = RuleConfigs.where(configuration);
                configuration.delete();
                out.println("Removed rule " + name + " (" + where + ")");
            }
        }
        for (String name : notFound) {
            out.println("Rule " + name + " not found");
        }
        return notFound;
    }
}
