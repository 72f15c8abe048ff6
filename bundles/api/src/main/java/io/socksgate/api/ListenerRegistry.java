package io.socksgate.api;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/** The running listeners and their counters. */
@ProviderType
public interface ListenerRegistry {

    /** Every listener, by name, those with an invalid configuration included. */
    List<ListenerInfo> listeners();

    /** The counters of all listeners together. */
    ListenerStats totals();

    /**
     * Checks listener properties as they would be written to an {@code io.socksgate.listener}
     * configuration (keys as in the .cfg file; absent keys take their defaults) with the parser
     * the listeners use. Nothing is started.
     *
     * @return one problem per bad key, each naming the key, its value and what is expected; empty
     *     when the properties are valid
     * @since 0.2
     */
    List<String> problems(Map<String, ?> listenerProperties);
}
