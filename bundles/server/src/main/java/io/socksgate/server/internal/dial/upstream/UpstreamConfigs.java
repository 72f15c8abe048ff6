package io.socksgate.server.internal.dial.upstream;

import io.socksgate.config.CommaLists;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;

/**
 * An {@link UpstreamConfig} over raw properties (keys as in the .cfg file), converted the way
 * Declarative Services converts them: absent keys take their defaults, a value that is no number
 * throws when its accessor is called. For checking properties before they are written
 * ({@code socks:upstream-add}) with the same parser the running upstreams use.
 */
public final class UpstreamConfigs {

    /** The factory PID upstream configurations are created under. */
    public static final String FACTORY_PID = "io.socksgate.upstream";

    private UpstreamConfigs() {}

    public static UpstreamConfig of(Map<String, ?> properties) {
        return (UpstreamConfig) Proxy.newProxyInstance(
                UpstreamConfig.class.getClassLoader(),
                new Class<?>[] {UpstreamConfig.class},
                (proxy, method, args) -> value(properties, method));
    }

    /**
     * What is wrong with these properties as an upstream's configuration, one problem per key;
     * empty when they are valid.
     *
     * @param instanceName the name when {@code name} is blank
     */
    public static List<String> problems(Map<String, ?> properties, String instanceName) {
        try {
            UpstreamSettings.from(of(properties), instanceName);
            return List.of();
        } catch (io.socksgate.config.InvalidConfigurationException e) {
            return e.problems();
        }
    }

    private static Object value(Map<String, ?> properties, Method method) {
        switch (method.getName()) {
            case "annotationType":
                return UpstreamConfig.class;
            case "toString":
                return "UpstreamConfig" + properties.keySet(); // keys only: values hold the password
            case "hashCode":
                return System.identityHashCode(properties);
            case "equals":
                return false;
            default:
                break;
        }
        Object raw = properties.get(method.getName().replace('_', '.'));
        if (raw == null) {
            return method.getDefaultValue();
        }
        Class<?> type = method.getReturnType();
        if (type == String[].class) {
            return CommaLists.values(raw).toArray(String[]::new);
        }
        String text = String.join(",", CommaLists.values(raw)).trim();
        if (type == int.class) {
            return Integer.parseInt(text); // NumberFormatException, as Declarative Services throws one
        }
        return raw instanceof String s ? s : text;
    }
}
