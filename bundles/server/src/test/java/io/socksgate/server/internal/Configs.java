package io.socksgate.server.internal;

import io.socksgate.config.HostAddresses;
import io.socksgate.server.internal.listener.ListenerSettings;
import java.util.HashMap;
import java.util.Map;

/** Listener settings and properties for tests (typed configurations: {@code TypedConfigs.of}). */
public final class Configs {

    private Configs() {}

    /** Settings as a listener on loopback with the given overrides would get them. */
    public static ListenerSettings settings(String name, Map<String, ?> overrides) {
        return ListenerSettings.from(listenerProperties(name, overrides), HostAddresses::isLocal);
    }

    /** The properties Config Admin gives the listener {@code name} configured with {@code values}. */
    public static Map<String, Object> listenerProperties(String name, Map<String, ?> values) {
        Map<String, Object> properties = new HashMap<>(values);
        properties.putIfAbsent("name", name);
        properties.put("service.pid", "io.socksgate.listener~" + name);
        return properties;
    }
}
