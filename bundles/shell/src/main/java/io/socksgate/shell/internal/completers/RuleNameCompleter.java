package io.socksgate.shell.internal.completers;

import io.socksgate.api.PolicyService;
import io.socksgate.api.RuleInfo;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Completes the names of the access rules the policy knows, valid or not. */
@Service
public class RuleNameCompleter extends NamesCompleter {

    @Reference
    PolicyService policy;

    public RuleNameCompleter() {}

    RuleNameCompleter(PolicyService policy) {
        this.policy = policy;
    }

    @Override
    List<String> names() {
        return policy.rules().stream().map(RuleInfo::name).toList();
    }
}
