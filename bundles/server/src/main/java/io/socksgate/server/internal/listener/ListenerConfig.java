package io.socksgate.server.internal.listener;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One listener (SOCKS, HTTP CONNECT), configured by a factory configuration of {@code io.socksgate.listener}
 * (for example {@code etc/io.socksgate.listener-default.cfg}). Method names map to keys with
 * {@code _} becoming {@code .} ({@code timeout_idle} is {@code timeout.idle}). {@link
 * ListenerSettings} reads a configuration through this definition ({@code
 * io.socksgate.config.TypedConfigs}).
 *
 * <p>{@code factoryPid}: the metatype designates this for the factory configurations, which the
 * server's runtime takes from Config Admin as a {@code ManagedServiceFactory}.
 */
@ObjectClassDefinition(
        id = "io.socksgate.listener",
        factoryPid = "io.socksgate.listener",
        name = "Socksgate listener",
        description = "A listener: where it binds, what it speaks (SOCKS, HTTP CONNECT), its timeouts and limits.")
public @interface ListenerConfig {

    @AttributeDefinition(
            description = "Listener name shown in the shell and logs; defaults to the configuration's instance name.")
    String name() default "";

    @AttributeDefinition(description = "Addresses to bind, comma-separated; 0.0.0.0 or :: for any.")
    String[] bind() default {"127.0.0.1"};

    @AttributeDefinition(description = "TCP port.", min = "1", max = "65535")
    int port() default 1080;

    // Multi-valued with options: the webconsole shows one checkbox per option; a .cfg file keeps
    // its comma list (socks5, socks4), which the listener splits the same way.
    @AttributeDefinition(
            description = "Protocols accepted: socks4 (includes 4a), socks5, http; or transparent alone (connections"
                    + " redirected by iptables/nftables REDIRECT, served to their original destination).",
            options = {
                @Option(label = "SOCKS5", value = "socks5"),
                @Option(label = "SOCKS4 and 4a", value = "socks4"),
                @Option(label = "HTTP CONNECT", value = "http"),
                @Option(label = "Transparent (alone)", value = "transparent")
            })
    String[] protocols() default {"socks5"};

    // The webconsole's checkboxes post the checked options in this order, so password comes
    // first: with both checked a client offering both is asked for a password.
    @AttributeDefinition(
            description = "Authentication accepted, in server preference: none, password (SOCKS5 username/password,"
                    + " HTTP Basic). In a .cfg file the order of the comma list is the preference; the form lists"
                    + " password first.",
            options = {
                @Option(label = "password (RFC 1929, JAAS realm)", value = "password"),
                @Option(label = "none (anonymous)", value = "none")
            })
    String[] auth() default {"none"};

    @AttributeDefinition(description = "JAAS realm used for the password method.")
    String realm() default "karaf";

    @AttributeDefinition(description = "Accept backlog.", min = "1")
    int backlog() default 256;

    @AttributeDefinition(
            description = "Seconds from accept until a complete request; then the client is closed.",
            min = "1")
    int timeout_handshake() default 10;

    @AttributeDefinition(description = "Seconds for the outbound connect (including name resolution).", min = "1")
    int timeout_connect() default 30;

    @AttributeDefinition(description = "Seconds BIND waits for the incoming peer.", min = "1")
    int timeout_bind() default 120;

    @AttributeDefinition(
            description = "Seconds without traffic either way before a tunnel is closed; 0 = never.",
            min = "0")
    int timeout_idle() default 600;

    @AttributeDefinition(description = "Sessions on this listener, handshaking ones included.", min = "1")
    int max_sessions() default 10000;

    @AttributeDefinition(description = "Sessions per client IP address; 0 = unlimited.", min = "0")
    int max_sessions_per_client() default 0;

    @AttributeDefinition(
            description =
                    "HTTP CONNECT: the realm in Proxy-Authenticate, shown by browsers when they ask for a password.")
    String http_realm() default "Socksgate";

    @AttributeDefinition(
            description = "HTTP CONNECT: most bytes of request line and header fields; over it the answer is 431.",
            min = "256",
            max = "1048576")
    int http_max_header_bytes() default 16384;

    // Multi-valued with options, as protocols: v1,v2 in a .cfg file, checkboxes in the webconsole.
    @AttributeDefinition(
            description = "PROXY protocol header expected first, as a load balancer sends it (HAProxy send-proxy,"
                    + " send-proxy-v2): off, v1, v2 or v1,v2. Needs proxy.protocol.trusted; the header's source is"
                    + " then the client everywhere.",
            options = {
                @Option(label = "off", value = "off"),
                @Option(label = "v1 (text)", value = "v1"),
                @Option(label = "v2 (binary)", value = "v2")
            })
    String[] proxy_protocol() default {"off"};

    @AttributeDefinition(
            required = false,
            description = "Addresses or CIDR blocks of the load balancers allowed to send a PROXY header,"
                    + " comma-separated; required when proxy.protocol is on. Any other peer is closed at once.")
    String[] proxy_protocol_trusted() default {};
}
