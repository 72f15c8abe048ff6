package io.socksgate.config.factory;

import io.socksgate.config.TypedConfigs;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ManagedServiceFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The factory configurations of one PID ({@code etc/PID-NAME.cfg}), each turned into an object the
 * owning component builds with a plain constructor: Config Admin's own {@link
 * ManagedServiceFactory}, as Karaf and Sling consume factory configurations, so the objects need
 * not be Declarative Services components and their collaborators need not be services.
 *
 * <p>Config Admin calls {@link #updated} and {@link #deleted} on its one update thread; they are
 * serialized here too, with {@link #close}, so an object is never changed while it is created or
 * closed. The callbacks get the configuration's properties as a map (Config Admin's {@code
 * service.pid} and File Install's file name included); they read the keys through {@link
 * TypedConfigs}.
 *
 * @param <T> what one configuration becomes
 */
public final class FactoryConfigurations<T> implements ManagedServiceFactory {

    private static final Logger LOG = LoggerFactory.getLogger(FactoryConfigurations.class);

    /** What the owner does with each configuration. */
    public interface Instances<T> {

        /** A configuration appeared: the object for it; never null, also for an invalid one. */
        T create(String pid, Map<String, Object> properties);

        /** The configuration changed. */
        void update(T instance, Map<String, Object> properties);

        /** The configuration was deleted, or its owner stops: the object is done. */
        void delete(T instance);
    }

    private final String name;
    /** The configuration's keys, as accessors; a key none of them reads is logged. */
    private final Class<? extends Annotation> keys;

    private final Instances<T> instances;
    /** By PID, in the order they came; guarded by this. */
    private final Map<String, T> byPid = new LinkedHashMap<>();
    /** Guarded by this. */
    private boolean closed;

    private volatile ServiceRegistration<ManagedServiceFactory> registration;

    /**
     * @param name what the configurations are, for Config Admin and the log
     * @param keys the typed configuration the instances read: a key it has no accessor for is
     *     logged at WARN (usually a misspelt key, whose value would otherwise vanish silently)
     */
    public FactoryConfigurations(String name, Class<? extends Annotation> keys, Instances<T> instances) {
        this.name = name;
        this.keys = keys;
        this.instances = instances;
    }

    /** Registers this for {@code factoryPid}: Config Admin then hands over every configuration of it. */
    public FactoryConfigurations<T> register(BundleContext context, String factoryPid) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_PID, factoryPid);
        properties.put(Constants.SERVICE_DESCRIPTION, name);
        registration = context.registerService(ManagedServiceFactory.class, this, properties);
        return this;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public synchronized void updated(String pid, Dictionary<String, ?> dictionary) {
        if (closed) {
            return;
        }
        Map<String, Object> properties = TypedConfigs.properties(dictionary);
        String unknown = TypedConfigs.unknownKeys(keys, properties);
        if (unknown != null) {
            LOG.warn("{} {}: {}", name, pid, unknown);
        }
        T instance = byPid.get(pid);
        if (instance == null) {
            byPid.put(pid, instances.create(pid, properties));
        } else {
            instances.update(instance, properties);
        }
    }

    @Override
    public synchronized void deleted(String pid) {
        T instance = byPid.remove(pid);
        if (instance != null) {
            instances.delete(instance);
        }
    }

    /** The objects of the configurations there are now. */
    public synchronized List<T> instances() {
        return List.copyOf(byPid.values());
    }

    /** Stops taking configurations and deletes every object, newest first. */
    public void close() {
        ServiceRegistration<ManagedServiceFactory> registered = registration;
        if (registered != null) {
            registration = null;
            try {
                registered.unregister();
            } catch (IllegalStateException e) {
                // already gone with its bundle
            }
        }
        List<T> done;
        synchronized (this) {
            closed = true;
            done = new ArrayList<>(byPid.values());
            byPid.clear();
            for (int i = done.size() - 1; i >= 0; i--) {
                instances.delete(done.get(i));
            }
        }
    }
}
