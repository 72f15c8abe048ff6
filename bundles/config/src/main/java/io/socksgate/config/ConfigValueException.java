package io.socksgate.config;

/**
 * A configuration value that does not convert to the type its accessor declares ({@code port =
 * 10x8} for an {@code int}): names the key and the value as configured, which the bare {@code
 * NumberFormatException} of Declarative Services' own conversion does not.
 */
public final class ConfigValueException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final transient Object value;

    ConfigValueException(String key, Object value, String expected) {
        super(key + " = '" + CommaLists.shown(value).trim() + "': " + expected);
        this.key = key;
        this.value = value;
    }

    /** The key as in the {@code .cfg} file ({@code timeout.idle}). */
    public String key() {
        return key;
    }

    /** The value as Config Admin holds it. */
    public Object value() {
        return value;
    }
}
