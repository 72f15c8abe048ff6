package io.socksgate.policy.internal;

import io.socksgate.config.InstanceNames;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code io.socksgate.rule} factory configuration, a part of the policy that {@link
 * PolicyRuntime} makes and changes as Config Admin hands the configuration over. An invalid
 * configuration never turns into an allow: a new invalid rule is not active, and an invalid change
 * keeps the previous version active; either way the problem is logged and listed by {@code
 * socks:rule-list}.
 */
public final class RuleComponent {

    private static final Logger LOG = LoggerFactory.getLogger(RuleComponent.class);
    static final String FACTORY_PID = "io.socksgate.rule";

    private final LocalAddresses localAddresses;
    private final ManagementPorts managementPorts;
    private final String pid;
    private final LongAdder hits = new LongAdder();
    private volatile RuleSpec spec;
    private volatile String problem;
    private volatile String name;

    /** @param properties the configuration's properties, as Config Admin gives them */
    public RuleComponent(
            LocalAddresses localAddresses, ManagementPorts managementPorts, Map<String, Object> properties) {
        this.localAddresses = localAddresses;
        this.managementPorts = managementPorts;
        this.pid = String.valueOf(properties.get("service.pid"));
        apply(properties);
    }

    void modified(Map<String, Object> properties) {
        apply(properties);
    }

    private void apply(Map<String, Object> properties) {
        String instance = InstanceNames.of(FACTORY_PID, properties);
        try {
            RuleSpec next = RuleSpec.parse(properties, instance, localAddresses, managementPorts);
            spec = next;
            name = next.name;
            problem = null;
            LOG.info("rule [{}] loaded: order {} {} {}", next.name, next.order, next.action, next.summary);
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
            if (name == null) {
                name = instance;
            }
            LOG.error(
                    "rule [{}] ({}) is invalid and {}: {}",
                    name,
                    pid,
                    spec == null ? "not active" : "keeps its previous version",
                    e.getMessage());
        }
    }

    /** The active version, or null when the rule never had a valid configuration. */
    RuleSpec spec() {
        return spec;
    }

    String name() {
        return name;
    }

    String problem() {
        return problem;
    }

    void hit() {
        hits.increment();
    }

    long hits() {
        return hits.sum();
    }
}
