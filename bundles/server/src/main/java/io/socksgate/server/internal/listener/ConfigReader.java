package io.socksgate.server.internal.listener;

import io.socksgate.config.ConfigProblems;
import io.socksgate.config.ConfigValueException;
import io.socksgate.config.TypedConfigs;
import java.lang.annotation.Annotation;
import java.util.function.IntSupplier;

/**
 * Reads one typed configuration (made by {@link TypedConfigs}) and notes every bad value instead
 * of stopping at the first, so an operator sees all of them at once: one problem per bad key,
 * each naming the key, its value as configured and what is expected.
 */
public final class ConfigReader {

    private final Annotation config;
    private final ConfigProblems problems = new ConfigProblems();

    public ConfigReader(Annotation config) {
        this.config = config;
    }

    /**
     * The accessor's value as a whole number from {@code min} to {@code max}; a problem (and
     * {@code min}, so parsing can go on) when it is not.
     *
     * @param key the key the accessor reads, as in the .cfg file
     */
    public int number(String key, IntSupplier accessor, int min, int max, String unit) {
        String expected = "expected a whole number" + (unit.isEmpty() ? "" : " of " + unit) + " from " + min
                + (max == Integer.MAX_VALUE ? " up" : " to " + max);
        int value;
        try {
            value = accessor.getAsInt();
        } catch (ConfigValueException e) {
            problem(key, expected);
            return min;
        }
        if (value < min || value > max) {
            problem(key, expected);
            return min;
        }
        return value;
    }

    /** Notes that the key's value is wrong: {@code port = '10x8': expected ...}. */
    void problem(String key, String expected) {
        problems.add(key, TypedConfigs.configured(config, key), expected);
    }

    /**
     * @throws io.socksgate.config.InvalidConfigurationException naming every problem noted, if any
     */
    public void throwIfProblems() {
        problems.throwIfAny();
    }
}
