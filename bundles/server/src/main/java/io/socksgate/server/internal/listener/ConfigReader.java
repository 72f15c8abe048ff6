package io.socksgate.server.internal.listener;

import io.socksgate.config.CommaLists;
import io.socksgate.config.ConfigProblems;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;

/**
 * Reads one configuration's raw Config Admin values key by key and notes every bad value instead
 * of stopping at the first, so an operator sees all of them at once: one problem per bad key,
 * each naming the key, its value and what is expected.
 *
 * <p>Why not the typed configuration annotation: Declarative Services converts a value such as
 * {@code port = 10x8} only when the accessor is called, and then throws a bare
 * {@code NumberFormatException} that names neither key nor value. The annotation still describes
 * the configuration (metatype, webconsole) and gives the defaults: a key that is absent takes the
 * default its annotation method declares.
 */
public final class ConfigReader {

    private final Map<String, ?> properties;
    private final Class<? extends Annotation> definition;
    private final ConfigProblems problems = new ConfigProblems();

    public ConfigReader(Map<String, ?> properties, Class<? extends Annotation> definition) {
        this.properties = properties;
        this.definition = definition;
    }

    /** The key's single value as trimmed text; its default when absent. */
    String text(String key) {
        return String.join(",", CommaLists.values(value(key))).trim();
    }

    /**
     * The key's entries: Config Admin gives an array or collection for a multi-valued key, a .cfg
     * line gives one comma list; both are split, trimmed, and empty entries dropped.
     */
    List<String> list(String key) {
        return CommaLists.entries(value(key));
    }

    /**
     * The key's value as a whole number from {@code min} to {@code max}; a problem (and {@code
     * min}, so parsing can go on) when it is not.
     */
    public int number(String key, int min, int max, String unit) {
        String text = text(key);
        String expected = "expected a whole number" + (unit.isEmpty() ? "" : " of " + unit) + " from " + min
                + (max == Integer.MAX_VALUE ? " up" : " to " + max);
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            problem(key, expected);
            return min;
        }
        if (value < min || value > max) {
            problem(key, expected);
            return min;
        }
        return (int) value;
    }

    /** Notes that the key's value is wrong: {@code port = '10x8': expected ...}. */
    void problem(String key, String expected) {
        problems.add(key, value(key), expected);
    }

    /**
     * @throws io.socksgate.config.InvalidConfigurationException naming every problem noted, if any
     */
    public void throwIfProblems() {
        problems.throwIfAny();
    }

    /** The raw value, or the definition's default when the key is absent. */
    private Object value(String key) {
        Object value = properties.get(key);
        if (value != null) {
            return value;
        }
        try {
            return definition.getMethod(key.replace('.', '_')).getDefaultValue();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(definition.getSimpleName() + " defines no key " + key, e);
        }
    }
}
