package io.socksgate.api;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** The running listeners and their counters. */
@ProviderType
public interface ListenerRegistry {

    /** Every listener, by name. */
    List<ListenerInfo> listeners();

    /** The counters of all listeners together. */
    ListenerStats totals();
}
