package io.socksgate.server.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds configuration annotations from key/value pairs the way Declarative Services does: keys
 * as in the .cfg file ({@code timeout.idle}), missing keys take the annotation's defaults.
 */
final class Configs {

    private Configs() {}

    static <A> A of(Class<A> type, Map<String, ?> values) {
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

    static ListenerConfig listener(Map<String, ?> values) {
        return of(ListenerConfig.class, values);
    }

    /** Settings as a listener on loopback with the given overrides would get them. */
    static ListenerSettings settings(String name, Map<String, ?> overrides) {
        Map<String, Object> values = new HashMap<>(overrides);
        values.putIfAbsent("name", name);
        return ListenerSettings.from(listener(values), Map.of("service.pid", "io.socksgate.listener~" + name));
    }
}
