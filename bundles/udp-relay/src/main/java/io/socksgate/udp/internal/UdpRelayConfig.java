package io.socksgate.udp.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The UDP relay, configured by {@code io.socksgate.udp} ({@code etc/io.socksgate.udp.cfg}). Optional:
 * without a configuration the relay runs with these defaults. Method names map to keys with
 * {@code _} becoming {@code .} ({@code timeout_idle} is {@code timeout.idle}).
 *
 * <p>Every method returns the value's text, whatever type the metatype declares: Declarative
 * Services then hands over what was configured, even {@code timeout.idle = 6O}, and
 * {@link RelaySettings} reports each invalid value by key instead of failing on the first.
 */
@ObjectClassDefinition(
        id = "io.socksgate.udp",
        name = "Socksgate UDP relay",
        description = "Relay ports for SOCKS5 UDP ASSOCIATE: where they bind, what the reply advertises, limits.")
public @interface UdpRelayConfig {

    @AttributeDefinition(description = "Relay ports: a range A-B or a single port. One port per association.")
    String ports() default "16000-16100";

    @AttributeDefinition(
            required = false,
            description = "IP address of this host the relay ports bind to; empty = the address the client"
                    + " reached the listener on.")
    String bind() default "";

    @AttributeDefinition(
            required = false,
            description = "IP address put in the UDP ASSOCIATE reply instead of the bound one (for NAT); empty = none.")
    String advertise() default "";

    @AttributeDefinition(
            type = AttributeType.INTEGER,
            description = "Seconds without a relayed datagram before an association ends; 0 = never.",
            min = "0")
    String timeout_idle() default "60";

    @AttributeDefinition(
            type = AttributeType.INTEGER,
            description = "Largest payload relayed, in bytes, either way.",
            min = "1",
            max = "65527")
    String max_datagram() default "65507";

    @AttributeDefinition(
            description = "Live associations one client IP address may have: a number N, or P% of the ports"
                    + " range (at least 1).")
    String max_associations_per_client() default "25%";
}
