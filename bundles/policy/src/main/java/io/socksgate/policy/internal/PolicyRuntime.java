package io.socksgate.policy.internal;

import io.socksgate.api.PolicyService;
import io.socksgate.config.factory.FactoryConfigurations;
import io.socksgate.config.factory.RegistersService;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The policy bundle's one component: it builds the engine and its parts with plain constructors,
 * registers the {@link PolicyService}, and takes the {@code io.socksgate.rule} factory
 * configurations from Config Admin.
 *
 * <p>Why a {@code ManagedServiceFactory} for the rules rather than a DS factory component: a rule
 * needs this host's addresses and management ports, which as DS references would have to be
 * services of their own, there only to wire this bundle. The factory hands each configuration
 * over as properties; {@link RuleSpec} reads them through the typed {@link RuleConfig} (whose
 * {@code factoryPid} keeps the metatype the webconsole and {@code config:} show).
 */
@Component(
        service = {},
        configurationPid = "io.socksgate.policy",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PolicyConfig.class)
@RegistersService(PolicyService.class)
public final class PolicyRuntime {

    private final LocalAddresses localAddresses = new LocalAddresses();
    private final PolicyEngine engine;
    private final FactoryConfigurations<RuleComponent> rules;
    private final ServiceRegistration<ConfigurationListener> portsListener;
    private final ServiceRegistration<PolicyService> policyService;

    @Activate
    public PolicyRuntime(@Reference ConfigurationAdmin configurationAdmin, PolicyConfig config, BundleContext context) {
        localAddresses.start();
        ManagementPorts managementPorts = new ManagementPorts(configurationAdmin);
        engine = new PolicyEngine(localAddresses, managementPorts, config);
        portsListener = context.registerService(ConfigurationListener.class, managementPorts, null);
        rules = new FactoryConfigurations<>("Socksgate access rules", RuleConfig.class, new Rules(managementPorts))
                .register(context, RuleComponent.FACTORY_PID);
        policyService = context.registerService(PolicyService.class, engine, null);
    }

    @Modified
    void modified(PolicyConfig config) {
        engine.modified(config);
    }

    @Deactivate
    void stop() {
        policyService.unregister();
        rules.close();
        portsListener.unregister();
        localAddresses.stop();
    }

    /** Each rule configuration as a rule of the engine. */
    private final class Rules implements FactoryConfigurations.Instances<RuleComponent> {

        private final ManagementPorts managementPorts;

        Rules(ManagementPorts managementPorts) {
            this.managementPorts = managementPorts;
        }

        @Override
        public RuleComponent create(String pid, Map<String, Object> properties) {
            RuleComponent rule = new RuleComponent(localAddresses, managementPorts, properties);
            engine.addRule(rule);
            return rule;
        }

        @Override
        public void update(RuleComponent rule, Map<String, Object> properties) {
            rule.modified(properties);
            engine.updatedRule(rule);
        }

        @Override
        public void delete(RuleComponent rule) {
            engine.removeRule(rule);
        }
    }
}
