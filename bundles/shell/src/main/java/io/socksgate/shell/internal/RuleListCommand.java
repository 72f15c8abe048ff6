package io.socksgate.shell.internal;

import io.socksgate.api.PolicyService;
import io.socksgate.api.RuleInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(
        scope = "socks",
        name = "rule-list",
        description = "Lists the access rules in evaluation order, with their hit counts.",
        detailedDescription = "The first rule, in ascending order, that matches a request decides it; when none"
                + " matches, default.action of io.socksgate.policy does. Hits count the requests a rule decided"
                + " since it was loaded. A rule whose configuration is invalid shows its problem: a new invalid"
                + " rule is not active, an invalid change leaves the previous version active.")
public class RuleListCommand extends SocksTableCommandSupport {

    @Reference
    PolicyService policy;

    static final List<Column> COLUMNS = List.of(
            number("Order"), column("Name"), column("Action"), column("Matches"), number("Hits"), column("Problem"));

    @Override
    protected void doExecute() {
        printTable(COLUMNS, "No rules: the default action decides every request.", rows(policy.rules()));
    }

    /** One row per rule: order, name, action, matches, hits, problem. */
    static List<List<Object>> rows(List<RuleInfo> rules) {
        List<List<Object>> rows = new ArrayList<>();
        for (RuleInfo rule : rules) {
            rows.add(List.of(
                    rule.order() == Integer.MAX_VALUE ? Format.NONE : String.valueOf(rule.order()),
                    rule.name(),
                    rule.action() == null ? Format.NONE : rule.action().name().toLowerCase(Locale.ROOT),
                    rule.matches() == null ? Format.NONE : rule.matches(),
                    rule.hits(),
                    rule.problem() == null ? "" : rule.problem()));
        }
        return rows;
    }
}
