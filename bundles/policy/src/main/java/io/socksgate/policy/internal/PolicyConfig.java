package io.socksgate.policy.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** What happens to a request no rule matches ({@code etc/io.socksgate.policy.cfg}). */
@ObjectClassDefinition(
        id = "io.socksgate.policy",
        name = "Socksgate policy",
        description = "The action for requests that no access rule matches.")
public @interface PolicyConfig {

    @AttributeDefinition(
            description = "allow or deny.",
            options = {@Option(label = "deny", value = "deny"), @Option(label = "allow", value = "allow")})
    String default_action() default "deny";
}
