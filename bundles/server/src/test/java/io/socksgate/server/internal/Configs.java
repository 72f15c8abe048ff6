package io.socksgate.server.internal;

import io.socksgate.server.internal.listener.HostAddresses;
import io.socksgate.server.internal.listener.ListenerSettings;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds configuration annotations from key/value pairs the way Declarative Services does: keys
 * as in the .cfg file ({@code timeout.idle}), missing keys take the annotation's defaults.
 */
public final class Configs {

    private Configs() {}

    public static <A> A of(Class<A> type, Map<String, ?> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            String key = method.getName().replace('_', '.');
            if (!values.containsKey(key)) {
                return method.getDefaultValue();
            }
            Object value = values.get(key);
            Class<?> returnType = method.getReturnType();
            if (returnType == int.class) {
                return Integer.valueOf(value.toString());
            }
            if (returnType == String[].class) {
                return value instanceof String[] array ? array : new String[] {value.toString()};
            }
            return value.toString();
        }));
    }

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
