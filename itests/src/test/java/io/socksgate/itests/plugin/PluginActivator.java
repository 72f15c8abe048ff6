package io.socksgate.itests.plugin;

import io.socksgate.api.Authenticator;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

/**
 * Registers {@link PluginAuthenticator} with {@code service.ranking} {@value #RANKING}, above the
 * built-in JAAS authenticator (0), so Socksgate asks it first. Stopping the bundle unregisters it.
 */
public final class PluginActivator implements BundleActivator {

    public static final int RANKING = 100;

    @Override
    public void start(BundleContext context) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, RANKING);
        properties.put("itest", "socksgate-plugin-authenticator");
        context.registerService(Authenticator.class, new PluginAuthenticator(), properties);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the bundle's services
    }
}
