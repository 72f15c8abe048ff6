package io.socksgate.server.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds a {@link ListenerConfig} from key/value pairs the way Declarative Services does: keys as
 * in the .cfg file, missing keys take the annotation's defaults.
 */
final class Configs {

    private Configs() {}

    static ListenerConfig listener(Map<String, ?> values) {
        return (ListenerConfig) Proxy.newProxyInstance(
                ListenerConfig.class.getClassLoader(), new Class<?>[] {ListenerConfig.class}, (proxy, method, args) -> {
                    String key = method.getName().replace('_', '.');
                    if (!values.containsKey(key)) {
                        return method.getDefaultValue();
                    }
                    Object value = values.get(key);
                    Class<?> type = method.getReturnType();
                    if (type == int.class) {
                        return Integer.valueOf(value.toString());
                    }
                    if (type == String[].class) {
                        return value instanceof String[] array ? array : new String[] {value.toString()};
                    }
                    return value.toString();
                });
    }

    /** Settings as a listener on loopback with the given overrides would get them. */
    static ListenerSettings settings(String name, Map<String, ?> overrides) {
        Map<String, Object> values = new HashMap<>(overrides);
        values.putIfAbsent("name", name);
        return ListenerSettings.from(listener(values), Map.of("service.pid", "io.socksgate.listener~" + name));
    }
}
