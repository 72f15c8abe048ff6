package io.socksgate.policy.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One access rule ({@code etc/io.socksgate.rule-NAME.cfg}). Rules are evaluated in ascending
 * {@code order}; the first that matches decides. Multi-valued keys are comma lists; {@code any}
 * matches everything. {@link RuleSpec} reads a rule through this definition ({@code
 * io.socksgate.config.TypedConfigs}), also for {@code PolicyService.validate}.
 *
 * <p>{@code factoryPid}: the metatype designates this for the factory configurations, which
 * {@link PolicyRuntime} takes from Config Admin as a {@code ManagedServiceFactory}.
 */
@ObjectClassDefinition(
        id = "io.socksgate.rule",
        factoryPid = "io.socksgate.rule",
        name = "Socksgate access rule",
        description = "Allows or denies the requests it matches; the first matching rule in ascending order decides.")
public @interface RuleConfig {

    @AttributeDefinition(
            description = "Rule name in the shell and logs; defaults to the configuration's instance name.")
    String name() default "";

    @AttributeDefinition(description = "Evaluation order, lower first.")
    int order() default RuleSpec.DEFAULT_ORDER;

    @AttributeDefinition(
            description = "allow or deny (required).",
            options = {@Option(label = "deny", value = "deny"), @Option(label = "allow", value = "allow")})
    String action();

    // Multi-valued with options: the webconsole shows one checkbox per option; a .cfg file keeps
    // its comma list (connect,bind), which the rule splits the same way.
    @AttributeDefinition(
            description = "connect, bind, udp.",
            options = {
                @Option(label = "CONNECT", value = "connect"),
                @Option(label = "BIND", value = "bind"),
                @Option(label = "UDP ASSOCIATE", value = "udp")
            })
    String[] commands() default {"connect", "bind", "udp"};

    @AttributeDefinition(
            description = "socks4, socks5, http, transparent, or any.",
            options = {
                @Option(label = "any", value = "any"),
                @Option(label = "SOCKS4 and 4a", value = "socks4"),
                @Option(label = "SOCKS5", value = "socks5"),
                @Option(label = "HTTP CONNECT", value = "http")
            })
    String[] protocols() default {"any"};

    @AttributeDefinition(description = "Listener names, or any.")
    String[] listeners() default {"any"};

    @AttributeDefinition(
            description = "Client addresses: CIDRs (10.0.0.0/8, ::1/128), ranges (10.0.0.1-10.0.0.99), or any.")
    String[] source() default {"any"};

    @AttributeDefinition(description = "Client ports, e.g. 1024-65535, or any.")
    String[] source_ports() default {"any"};

    @AttributeDefinition(
            description = "CIDRs, ranges, host names, globs (*.example.com), self (this host's addresses), or any.")
    String[] destination() default {"any"};

    @AttributeDefinition(
            description = "Destination ports, e.g. 80,443,8000-8999, management (this Karaf's ssh, JMX and HTTP"
                    + " ports from its configuration), or any. Like destination, not compared for a UDP ASSOCIATE"
                    + " or a BIND for any peer: their destinations are decided when known.")
    String[] destination_ports() default {"any"};

    @AttributeDefinition(description = "User names, @group (JAAS roles), - for anonymous, or any.")
    String[] users() default {"any"};

    @AttributeDefinition(
            description = "An allow rule's route: upstream names (io.socksgate.upstream) tried in order, and direct"
                    + " where going direct is a choice. Empty: direct. A rule with a route serves CONNECT requests"
                    + " (SOCKS and HTTP) only; BIND and UDP ASSOCIATE pass over it.")
    String[] upstream() default {};
}
