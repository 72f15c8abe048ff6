package io.socksgate.policy.internal;

import io.socksgate.api.Decision;
import io.socksgate.api.Explanation;
import io.socksgate.api.PolicyService;
import io.socksgate.api.ProxyRequest;
import io.socksgate.api.RequestMatcher;
import io.socksgate.api.RuleInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link PolicyService}: the active rules in ascending order (then by name), first match
 * decides, otherwise {@code default.action}. Rules come and go with their configurations and
 * count for the very next request. Two active rules with the same order are a mistake the name
 * silently resolves: each such tie is logged once at WARN and listed as the rules' problem.
 * {@link PolicyRuntime} makes it, registers it, and adds, updates and removes its rules.
 */
public final class PolicyEngine implements PolicyService {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyEngine.class);

    private final LocalAddresses localAddresses;
    private final ManagementPorts managementPorts;
    private final List<RuleComponent> rules = new CopyOnWriteArrayList<>();
    /**
     * The rules in the order they are evaluated, sorted once per change of the rule set (add,
     * updated and remove, also when a rule's configuration changes), not per request.
     */
    private volatile List<RuleComponent> ordered = List.of();
    /** The ties logged so far, as "order: name, name"; guarded by this. */
    private final Set<String> loggedTies = new HashSet<>();

    private volatile Decision.Action defaultAction;

    public PolicyEngine(LocalAddresses localAddresses, ManagementPorts managementPorts, PolicyConfig config) {
        this.localAddresses = localAddresses;
        this.managementPorts = managementPorts;
        defaultAction = parseDefault(config, Decision.Action.DENY);
    }

    void modified(PolicyConfig config) {
        defaultAction = parseDefault(config, defaultAction);
    }

    public void addRule(RuleComponent rule) {
        rules.add(rule);
        reorder();
    }

    /** A rule's configuration changed: its order may have, too. */
    void updatedRule(RuleComponent rule) {
        reorder();
    }

    public void removeRule(RuleComponent rule) {
        rules.remove(rule);
        reorder();
    }

    @Override
    public Decision evaluate(ProxyRequest request) {
        for (RuleComponent rule : ordered) {
            RuleSpec spec = rule.spec();
            if (spec != null && spec.matches(request)) {
                rule.hit();
                return decision(spec.name, spec.action, spec.route, request);
            }
        }
        return decision(DEFAULT_RULE, defaultAction, List.of(), request);
    }

    private Decision decision(String rule, Decision.Action action, List<String> route, ProxyRequest request) {
        boolean credentialsMayAllow =
                action == Decision.Action.DENY && request.user() == null && credentialsMayAllow(request);
        return new Decision(rule, action, route, credentialsMayAllow);
    }

    /**
     * Whether the anonymous {@code request} would be allowed for some authenticated user: going
     * down the rules as such a user, an allow rule for users is reached before a rule that denies
     * every user. An answer of "may": a deny rule for some users stops only them, and who logs in
     * is not known yet.
     */
    private boolean credentialsMayAllow(ProxyRequest request) {
        for (RuleComponent rule : ordered) {
            RuleSpec spec = rule.spec();
            if (spec == null || !spec.wouldMatchSomeUser(request)) {
                continue;
            }
            if (spec.action == Decision.Action.ALLOW) {
                return true;
            }
            if (spec.matchesEveryUser()) {
                return false;
            }
        }
        return defaultAction == Decision.Action.ALLOW;
    }

    @Override
    public Explanation explain(ProxyRequest request) {
        List<Explanation.RuleOutcome> outcomes = new ArrayList<>();
        for (RuleComponent rule : ordered) {
            RuleSpec spec = rule.spec();
            if (spec == null) {
                outcomes.add(new Explanation.RuleOutcome(
                        rule.name(), Integer.MAX_VALUE, false, "invalid, not active: " + rule.problem()));
                continue;
            }
            String mismatch = spec.mismatch(request);
            if (mismatch == null) {
                outcomes.add(new Explanation.RuleOutcome(spec.name, spec.order, true, "matched: " + spec.summary));
                return new Explanation(decision(spec.name, spec.action, spec.route, request), outcomes);
            }
            outcomes.add(new Explanation.RuleOutcome(spec.name, spec.order, false, mismatch));
        }
        return new Explanation(decision(DEFAULT_RULE, defaultAction, List.of(), request), outcomes);
    }

    @Override
    public List<RuleInfo> rules() {
        List<RuleInfo> infos = new ArrayList<>();
        List<RuleComponent> ordered = this.ordered;
        Map<Integer, List<String>> ties = ties(ordered);
        for (RuleComponent rule : ordered) {
            RuleSpec spec = rule.spec();
            if (spec == null) {
                infos.add(new RuleInfo(rule.name(), Integer.MAX_VALUE, null, "-", 0, rule.problem()));
                continue;
            }
            String problem = rule.problem();
            List<String> tied = ties.get(spec.order);
            if (tied != null) {
                List<String> others =
                        tied.stream().filter(n -> !n.equals(spec.name)).toList();
                String tie = "same order " + spec.order + " as " + String.join(", ", others)
                        + ": the name decides which goes first";
                problem = problem == null ? tie : problem + "; " + tie;
            }
            infos.add(new RuleInfo(spec.name, spec.order, spec.action, spec.summary, rule.hits(), problem));
        }
        return infos;
    }

    @Override
    public void validate(Map<String, ?> ruleProperties) {
        RuleSpec.parse(ruleProperties, "new-rule", localAddresses, managementPorts);
    }

    @Override
    public RequestMatcher matcher(Map<String, ?> matchProperties) {
        return RuleSpec.matcher(matchProperties, localAddresses, managementPorts);
    }

    /**
     * Sorts the rules: valid ones by order then name, rules that never were valid last (they
     * match nothing); logs a tie this change made.
     */
    private synchronized void reorder() {
        List<RuleComponent> sorted = new ArrayList<>(rules);
        sorted.sort(Comparator.comparingInt((RuleComponent r) -> r.spec() == null ? Integer.MAX_VALUE : r.spec().order)
                .thenComparing(RuleComponent::name));
        ordered = List.copyOf(sorted);
        logNewTies(sorted);
    }

    /** The names of active rules sharing an order, by order; only orders held by two or more. */
    private static Map<Integer, List<String>> ties(List<RuleComponent> sorted) {
        Map<Integer, List<String>> byOrder = new LinkedHashMap<>();
        for (RuleComponent rule : sorted) {
            RuleSpec spec = rule.spec();
            if (spec != null) {
                byOrder.computeIfAbsent(spec.order, o -> new ArrayList<>()).add(spec.name);
            }
        }
        byOrder.values().removeIf(names -> names.size() < 2);
        return byOrder;
    }

    /** Logs each tie once; one that goes away is logged again if it comes back. */
    private void logNewTies(List<RuleComponent> sorted) {
        Set<String> current = new HashSet<>();
        ties(sorted).forEach((order, names) -> {
            String tie = order + ": " + String.join(", ", names);
            current.add(tie);
            if (loggedTies.add(tie)) {
                LOG.warn(
                        "rules {} have the same order {}: they are evaluated by name, {} first;"
                                + " give each rule its own order",
                        String.join(", ", names),
                        order,
                        names.get(0));
            }
        });
        loggedTies.retainAll(current);
    }

    private static Decision.Action parseDefault(PolicyConfig config, Decision.Action fallback) {
        String text = config.default_action().trim().toLowerCase(Locale.ROOT);
        switch (text) {
            case "allow":
                return Decision.Action.ALLOW;
            case "deny":
                return Decision.Action.DENY;
            default:
                LOG.error(
                        "io.socksgate.policy: default.action '{}' is neither allow nor deny; keeping {}",
                        text,
                        fallback);
                return fallback;
        }
    }
}
