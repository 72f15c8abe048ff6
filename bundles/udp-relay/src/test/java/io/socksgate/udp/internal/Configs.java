package io.socksgate.udp.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Builds a {@link UdpRelayConfig} from key/value pairs the way Declarative Services does: keys as in
 * the .cfg file, missing keys take the annotation's defaults.
 */
final class Configs {

    private Configs() {}

    static UdpRelayConfig udp(Map<String, ?> values) {
        return (UdpRelayConfig) Proxy.newProxyInstance(
                UdpRelayConfig.class.getClassLoader(), new Class<?>[] {UdpRelayConfig.class}, (proxy, method, args) -> {
                    String key = method.getName().replace('_', '.');
                    if (!values.containsKey(key)) {
                        return method.getDefaultValue();
                    }
                    Object value = values.get(key);
                    return method.getReturnType() == int.class ? Integer.valueOf(value.toString()) : value.toString();
                });
    }

    static RelaySettings settings(Map<String, ?> values) {
        return RelaySettings.from(udp(values));
    }
}
