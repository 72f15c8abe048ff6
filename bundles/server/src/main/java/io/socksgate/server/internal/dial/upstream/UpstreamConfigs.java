package io.socksgate.server.internal.dial.upstream;

import io.socksgate.config.TypedConfigs;
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

    /** Raw properties (a .cfg file, socks:upstream-add) as the typed configuration, by the one shared conversion. */
    public static UpstreamConfig of(Map<String, ?> properties) {
        return TypedConfigs.of(UpstreamConfig.class, properties);
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
}
