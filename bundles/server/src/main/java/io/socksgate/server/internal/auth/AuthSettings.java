package io.socksgate.server.internal.auth;

import io.socksgate.config.TypedConfigs;
import io.socksgate.server.internal.listener.ConfigReader;
import java.time.Duration;
import java.util.Map;

/**
 * The login throttle's settings ({@code io.socksgate.auth}), checked key by key so that an
 * operator learns about every bad value at once, each with what was expected.
 */
public record AuthSettings(int failuresMax, Duration failuresWindow, Duration blockTime) {

    static final int DEFAULT_FAILURES_MAX = 5;
    static final int DEFAULT_FAILURES_WINDOW = 60;
    static final int DEFAULT_BLOCK_TIME = 300;

    static final AuthSettings DEFAULTS = new AuthSettings(
            DEFAULT_FAILURES_MAX, Duration.ofSeconds(DEFAULT_FAILURES_WINDOW), Duration.ofSeconds(DEFAULT_BLOCK_TIME));

    /** Parses the configuration's properties through their typed {@link AuthConfig}. */
    static AuthSettings from(Map<String, ?> properties) {
        return from(TypedConfigs.of(AuthConfig.class, properties));
    }

    /**
     * Parses the configuration (the listeners' reader: a key that is absent takes its {@link
     * AuthConfig} default).
     *
     * @throws io.socksgate.config.InvalidConfigurationException naming every bad key: key, value,
     *     and what is expected
     */
    static AuthSettings from(AuthConfig config) {
        ConfigReader reader = new ConfigReader(config);
        int failuresMax =
                reader.number("failures.max", config::failures_max, 0, Integer.MAX_VALUE, "failures (0 never blocks)");
        int window = reader.number("failures.window", config::failures_window, 1, Integer.MAX_VALUE, "seconds");
        int blockTime = reader.number("block.time", config::block_time, 1, Integer.MAX_VALUE, "seconds");
        reader.throwIfProblems();
        return new AuthSettings(failuresMax, Duration.ofSeconds(window), Duration.ofSeconds(blockTime));
    }

    @Override
    public String toString() {
        return "failures.max=" + failuresMax + " failures.window=" + failuresWindow.toSeconds() + "s block.time="
                + blockTime.toSeconds() + "s";
    }

    LoginThrottle.Limits limits() {
        return new LoginThrottle.Limits(failuresMax, failuresWindow, blockTime);
    }
}
