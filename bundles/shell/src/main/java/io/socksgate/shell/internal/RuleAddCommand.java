package io.socksgate.shell.internal;

import io.socksgate.api.Decision;
import io.socksgate.api.PolicyService;
import io.socksgate.api.UpstreamRegistry;
import io.socksgate.config.CommaLists;
import io.socksgate.shell.internal.completers.UpstreamNameCompleter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.StringsCompleter;

@Service
@Command(
        scope = "socks",
        name = "rule-add",
        description = "Adds an access rule: etc/io.socksgate.rule-NAME.cfg and its configuration.",
        detailedDescription = "Multi-valued options take comma lists and may be repeated"
                + " (--destination 10.0.0.0/8,192.168.0.0/16 or -d 10.0.0.0/8 -d 192.168.0.0/16); an option"
                + " left out matches anything. The rule is checked first and nothing is written when it is"
                + " invalid. It is written as the factory configuration io.socksgate.rule~NAME backed by"
                + " etc/io.socksgate.rule-NAME.cfg, so config:list and etc/ agree, and the policy applies it"
                + " a moment later (see socks:rule-list). Use socks:rule-test to check what it decides.")
public class RuleAddCommand extends MatchCommandSupport {

    @Argument(name = "name", description = "The rule's name: letters, digits, '.', '_' and '-'", required = true)
    String name;

    @Option(
            name = "-a",
            aliases = {"--action"},
            description = "What a match decides: allow or deny",
            required = true)
    @Completion(
            value = StringsCompleter.class,
            values = {"allow", "deny"})
    String action;

    @Option(
            name = "-o",
            aliases = {"--order"},
            description =
                    "Evaluation order, lower first (default 100); 1 or more for an allow rule (0 and below are for deny rules)")
    String order;

    @Option(
            name = "--upstream",
            description = "Route of an allow rule: upstream names (socks:upstream-list) in the order tried, and"
                    + " direct where going direct is a choice; the rule then serves CONNECT only",
            multiValued = true)
    @Completion(UpstreamNameCompleter.class)
    List<String> upstream;

    @Reference
    PolicyService policy;

    /** Optional: without it, a route's upstreams are not checked. */
    @Reference(optional = true)
    UpstreamRegistry upstreams;

    /**
     * Adds the rule, or writes nothing and fails saying why.
     *
     * @throws CommandException when the rule is invalid or its name taken
     */
    @Override
    protected void doExecute() throws Exception {
        checkNewName(FactoryConfigs.RULES, name);
        Map<String, String> properties = properties();
        try {
            policy.validate(properties);
        } catch (IllegalArgumentException e) {
            throw failure("Not added: " + e.getMessage());
        }
        if (policy.rules().stream().anyMatch(r -> name.equals(r.name()))) {
            throw failure("Not added: rule " + name + " already exists (listed by socks:rule-list); remove it first"
                    + " with socks:rule-remove " + name);
        }
        String where = FactoryConfigs.RULES.create(configAdmin, etc, name, properties, header());
        out().println("Added rule " + name + " (" + where + "): " + summary(properties));
        warnOfUpstreamsNotInUse();
        if (!awaitUntil(applyTimeout, () -> policy.rules().stream().anyMatch(r -> name.equals(r.name())))) {
            out().println("Not active yet: see socks:rule-list");
        }
    }

    /**
     * A route may name an upstream before it is added, so this is no reason to refuse the rule;
     * but a mistyped name would quietly leave the rule refusing every request it allows.
     */
    private void warnOfUpstreamsNotInUse() {
        Set<String> inUse = RuleTestCommand.upstreamsInUse(upstreams);
        List<String> route = CommaLists.entries(upstream);
        if (inUse == null || route.isEmpty()) {
            return;
        }
        List<String> missing = route.stream()
                .filter(hop -> !hop.equals(Decision.DIRECT) && !inUse.contains(hop))
                .toList();
        if (missing.isEmpty()) {
            return;
        }
        String which = missing.size() == 1
                ? "upstream " + missing.get(0) + " is"
                : "upstreams " + String.join(", ", missing) + " are";
        String until = missing.size() == route.size()
                ? "requests the rule allows are refused (SOCKS5 01, HTTP 503)"
                : "the route skips " + (missing.size() == 1 ? "it" : "them");
        out().println("Warning: " + which + " not in use (see socks:upstream-list); until then " + until);
    }

    /**
     * The rule's properties as written to the configuration and its file, keys as in the .cfg
     * file; options left out are left out (they default to any).
     */
    Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("name", name);
        if (order != null && !order.isBlank()) {
            properties.put("order", order.trim());
        }
        properties.put("action", action == null ? "" : action.trim().toLowerCase(Locale.ROOT));
        putMatch(properties);
        putList(properties, "upstream", upstream);
        return properties;
    }

    private static List<String> header() {
        return List.of(
                "Socksgate access rule, added with socks:rule-add; keys as in io.socksgate.rule",
                "(socks:rule-remove deletes it; edits here apply at once).");
    }

    private static String summary(Map<String, String> properties) {
        StringBuilder out = new StringBuilder();
        properties.forEach((key, value) -> {
            if (!key.equals("name")) {
                out.append(out.length() == 0 ? "" : " ").append(key).append('=').append(value);
            }
        });
        return out.toString();
    }
}
