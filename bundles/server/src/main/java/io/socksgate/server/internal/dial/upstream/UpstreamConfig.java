package io.socksgate.server.internal.dial.upstream;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One upstream proxy (a group of servers of one type), configured by a factory configuration of
 * {@code io.socksgate.upstream} (for example {@code etc/io.socksgate.upstream-corporate.cfg}) and
 * referenced by rules ({@code upstream = NAME}). Method names map to keys with {@code _} becoming
 * {@code .}. {@link UpstreamSettings#from} reads and checks it.
 */
@ObjectClassDefinition(
        id = "io.socksgate.upstream",
        factoryPid = "io.socksgate.upstream",
        name = "Socksgate upstream proxy",
        description = "An upstream proxy that rules can send CONNECT requests through: its type, servers, "
                + "strategy, credentials and health settings.")
public @interface UpstreamConfig {

    @AttributeDefinition(
            description = "Name rules refer to (upstream = NAME); defaults to the configuration's instance name.")
    String name() default "";

    @AttributeDefinition(
            description = "Protocol spoken to the servers: socks5 (RFC 1928/1929), socks4 (4a for names), "
                    + "http (CONNECT, Basic).",
            options = {
                @Option(label = "SOCKS5", value = "socks5"),
                @Option(label = "SOCKS4 and 4a", value = "socks4"),
                @Option(label = "HTTP CONNECT", value = "http")
            })
    String type() default "socks5";

    @AttributeDefinition(description = "Servers as host:port ([IPv6]:port), comma-separated, in priority order.")
    String[] servers();

    @AttributeDefinition(
            description = "How a server is chosen: failover (first one up), round-robin, source-hash "
                    + "(a client sticks to one server).",
            options = {
                @Option(label = "failover", value = "failover"),
                @Option(label = "round-robin", value = "round-robin"),
                @Option(label = "source-hash", value = "source-hash")
            })
    String strategy() default "failover";

    @AttributeDefinition(
            description = "User name sent to this upstream only (SOCKS5 RFC 1929, HTTP Basic, SOCKS4 user id); "
                    + "empty for none.",
            required = false)
    String username() default "";

    @AttributeDefinition(
            description = "Password sent to this upstream only (not for socks4); never logged.",
            type = AttributeType.PASSWORD,
            required = false)
    String password() default "";

    @AttributeDefinition(
            description = "local: Socksgate resolves the destination, checks that address against the rules and "
                    + "sends it; remote: the name is sent and the upstream resolves it (weaker: the rules saw "
                    + "only the name).",
            options = {@Option(label = "local", value = "local"), @Option(label = "remote", value = "remote")})
    String resolve() default "local";

    @AttributeDefinition(description = "Seconds per server for connect and handshake.", min = "1")
    int timeout_connect() default 10;

    @AttributeDefinition(description = "Consecutive failures that mark a server down.", min = "1")
    int fail_max() default 1;

    @AttributeDefinition(description = "Seconds a server marked down is skipped.", min = "1")
    int fail_timeout() default 30;
}
