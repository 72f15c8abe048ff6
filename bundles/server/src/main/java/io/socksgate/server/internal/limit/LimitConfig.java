package io.socksgate.server.internal.limit;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One bandwidth and quota limit ({@code etc/io.socksgate.limit-NAME.cfg}). The match keys are a
 * rule's, matched by the policy's own matcher; every limit that matches a request applies to its
 * session, and in each direction the strictest budget sets the pace. Sizes and rates take the
 * suffixes k, m and g, decimal (x1000).
 *
 * <p>{@code factoryPid}: the metatype designates this for the factory configurations, which {@link
 * LimitTable} takes from Config Admin as a {@code ManagedServiceFactory}.
 */
@ObjectClassDefinition(
        id = "io.socksgate.limit",
        factoryPid = "io.socksgate.limit",
        name = "Socksgate bandwidth limit",
        description = "Limits the rate and the quota of the sessions it matches; every matching limit applies.")
public @interface LimitConfig {

    @AttributeDefinition(
            description = "Limit name in the shell and logs; defaults to the configuration's instance name.")
    String name() default "";

    @AttributeDefinition(
            description = "connect, bind, udp.",
            options = {
                @Option(label = "CONNECT", value = "connect"),
                @Option(label = "BIND", value = "bind"),
                @Option(label = "UDP ASSOCIATE", value = "udp")
            })
    String[] commands() default {"connect", "bind", "udp"};

    @AttributeDefinition(
            description = "The protocols a rule takes (socks4, socks5, http, ...), or any.",
            options = {
                @Option(label = "any", value = "any"),
                @Option(label = "SOCKS4 and 4a", value = "socks4"),
                @Option(label = "SOCKS5", value = "socks5"),
                @Option(label = "HTTP CONNECT", value = "http")
            })
    String[] protocols() default {"any"};

    @AttributeDefinition(description = "Listener names, or any.")
    String[] listeners() default {"any"};

    @AttributeDefinition(description = "Client addresses: CIDRs, ranges, or any.")
    String[] source() default {"any"};

    @AttributeDefinition(description = "CIDRs, ranges, host names, globs (*.example.com), self, or any.")
    String[] destination() default {"any"};

    @AttributeDefinition(description = "Destination ports, e.g. 80,443,8000-8999, or any.")
    String[] destination_ports() default {"any"};

    @AttributeDefinition(description = "User names, @group (JAAS roles), - for anonymous, or any.")
    String[] users() default {"any"};

    @AttributeDefinition(
            description = "Who shares one budget: shared (every matching session), per-user (anonymous sessions"
                    + " per client address), per-client (address), per-session.",
            options = {
                @Option(label = "per-user", value = "per-user"),
                @Option(label = "per-client", value = "per-client"),
                @Option(label = "per-session", value = "per-session"),
                @Option(label = "shared", value = "shared")
            })
    String scope() default "per-user";

    @AttributeDefinition(
            description = "Bytes per second towards the clients (downloads), k/m/g = x1000; 0 = unlimited.")
    String rate_in() default "0";

    @AttributeDefinition(description = "Bytes per second from the clients (uploads), k/m/g = x1000; 0 = unlimited.")
    String rate_out() default "0";

    @AttributeDefinition(
            description = "Bytes a budget may relay at once after being idle; empty = one second of each rate.")
    String burst() default "";

    @AttributeDefinition(description = "Bytes per period, both ways together, k/m/g = x1000; 0 = no quota.")
    String quota() default "0";

    @AttributeDefinition(
            description = "The quota's period, starting at the hour, midnight, Monday or the 1st (local time).",
            options = {
                @Option(label = "day", value = "day"),
                @Option(label = "hour", value = "hour"),
                @Option(label = "week", value = "week"),
                @Option(label = "month", value = "month")
            })
    String quota_period() default "day";

    @AttributeDefinition(
            description = "At the quota: deny new sessions, or close also the live ones.",
            options = {@Option(label = "deny", value = "deny"), @Option(label = "close", value = "close")})
    String quota_action() default "deny";
}
