package io.socksgate.policy.internal;

import io.socksgate.api.Decision;
import io.socksgate.api.Explanation;
import io.socksgate.api.PolicyService;
import io.socksgate.api.ProxyRequest;
import io.socksgate.api.RuleInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link PolicyService}: the active rules in ascending order (then by name), first match
 * decides, otherwise {@code default.action}. Rules come and go with their configurations and
 * count for the very next request.
 */
@Component(
        service = PolicyService.class,
        configurationPid = "io.socksgate.policy",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PolicyConfig.class)
public final class PolicyEngine implements PolicyService {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyEngine.class);

    private final LocalAddresses localAddresses;
    private final List<RuleComponent> rules = new CopyOnWriteArrayList<>();
    private volatile Decision.Action defaultAction;

    @Activate
    public PolicyEngine(@Reference LocalAddresses localAddresses, PolicyConfig config) {
        this.localAddresses = localAddresses;
        defaultAction = parseDefault(config, Decision.Action.DENY);
    }

    @Modified
    void modified(PolicyConfig config) {
        defaultAction = parseDefault(config, defaultAction);
    }

    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void addRule(RuleComponent rule) {
        rules.add(rule);
    }

    public void removeRule(RuleComponent rule) {
        rules.remove(rule);
    }

    @Override
    public Decision evaluate(ProxyRequest request) {
        for (RuleComponent rule : ordered()) {
            RuleSpec spec = rule.spec();
            if (spec != null && spec.mismatch(request) == null) {
                rule.hit();
                return new Decision(spec.name, spec.action);
            }
        }
        return new Decision(DEFAULT_RULE, defaultAction);
    }

    @Override
    public Explanation explain(ProxyRequest request) {
        List<Explanation.RuleOutcome> outcomes = new ArrayList<>();
        for (RuleComponent rule : ordered()) {
            RuleSpec spec = rule.spec();
            if (spec == null) {
                outcomes.add(new Explanation.RuleOutcome(
                        rule.name(), Integer.MAX_VALUE, false, "invalid, not active: " + rule.problem()));
                continue;
            }
            String mismatch = spec.mismatch(request);
            if (mismatch == null) {
                outcomes.add(new Explanation.RuleOutcome(spec.name, spec.order, true, "matched: " + spec.summary));
                return new Explanation(new Decision(spec.name, spec.action), outcomes);
            }
            outcomes.add(new Explanation.RuleOutcome(spec.name, spec.order, false, mismatch));
        }
        return new Explanation(new Decision(DEFAULT_RULE, defaultAction), outcomes);
    }

    @Override
    public List<RuleInfo> rules() {
        List<RuleInfo> infos = new ArrayList<>();
        for (RuleComponent rule : ordered()) {
            RuleSpec spec = rule.spec();
            infos.add(
                    spec == null
                            ? new RuleInfo(rule.name(), Integer.MAX_VALUE, null, "-", 0, rule.problem())
                            : new RuleInfo(
                                    spec.name, spec.order, spec.action, spec.summary, rule.hits(), rule.problem()));
        }
        return infos;
    }

    @Override
    public void validate(Map<String, ?> ruleProperties) {
        RuleSpec.parse(ruleProperties, "new-rule", localAddresses);
    }

    /** Valid rules by order then name; rules that never were valid last (they match nothing). */
    private List<RuleComponent> ordered() {
        List<RuleComponent> sorted = new ArrayList<>(rules);
        sorted.sort(Comparator.comparingInt((RuleComponent r) -> r.spec() == null ? Integer.MAX_VALUE : r.spec().order)
                .thenComparing(RuleComponent::name));
        return sorted;
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
