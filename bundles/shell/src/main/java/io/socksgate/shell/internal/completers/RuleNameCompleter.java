package io.socksgate.shell.internal.completers;

import io.socksgate.api.PolicyService;
import io.socksgate.api.RuleInfo;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the names of the access rules the policy knows, valid or not. */
@Service
public class RuleNameCompleter implements Completer {

    @Reference
    PolicyService policy;

    public RuleNameCompleter() {}

    RuleNameCompleter(PolicyService policy) {
        this.policy = policy;
    }

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        for (RuleInfo rule : policy.rules()) {
            delegate.getStrings().add(rule.name());
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
