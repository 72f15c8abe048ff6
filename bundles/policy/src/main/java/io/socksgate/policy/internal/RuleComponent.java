package io.socksgate.policy.internal;

import io.socksgate.config.InstanceNames;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code io.socksgate.rule} factory configuration. An invalid configuration never turns
 * into an allow: a new invalid rule is not active, and an invalid change keeps the previous
 * version active; either way the problem is logged and listed by {@code socks:rule-list}.
 */
@Component(
        service = RuleComponent.class,
        configurationPid = "io.socksgate.rule",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = RuleConfig.class, factory = true)
public final class RuleComponent {

    private static final Logger LOG = LoggerFactory.getLogger(RuleComponent.class);
    private static final String FACTORY_PID = "io.socksgate.rule";

    private final LocalAddresses localAddresses;
    private final ManagementPorts managementPorts;
    private final String pid;
    private final LongAdder hits = new LongAdder();
    private volatile RuleSpec spec;
    private volatile String problem;
    private volatile String name;

    @Activate
    public RuleComponent(
            @Reference LocalAddresses localAddresses,
            @Reference ManagementPorts managementPorts,
            Map<String, Object> properties) {
        this.localAddresses = localAddresses;
        this.managementPorts = managementPorts;
        this.pid = String.valueOf(properties.get("service.pid"));
        apply(properties);
    }

    @Modified
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
