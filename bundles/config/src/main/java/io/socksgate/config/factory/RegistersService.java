package io.socksgate.config.factory;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.annotation.bundle.Capability;

/**
 * Declares a service the annotated component registers by hand ({@code
 * BundleContext.registerService}): bnd writes the {@code osgi.service} capability that it writes
 * for a service DS registers, so resolvers that check services see it.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(RegistersService.All.class)
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"${#value}\"")
public @interface RegistersService {

    /** The service's interface. */
    Class<?> value();

    /** Several of them. */
    @Retention(RetentionPolicy.CLASS)
    @Target(ElementType.TYPE)
    @interface All {
        RegistersService[] value();
    }
}
