package io.socksgate.config;

import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Config Admin properties as their typed configuration: the {@code @ObjectClassDefinition}
 * annotation that also generates the metatype. The one conversion every bundle uses, whether
 * Declarative Services handed the properties over or a {@code ManagedServiceFactory} did.
 *
 * <p>As Declarative Services: an accessor reads the key its name maps to ({@link #key}), and an
 * absent key gives the annotation's default. Unlike it, values convert the way the shipped
 * {@code .cfg} files write them, and a value that does not convert names itself: an accessor
 * throws {@link ConfigValueException} (key, value as configured, what was expected) where DS's own
 * conversion throws a bare {@code NumberFormatException}. The conversions:
 *
 * <ul>
 *   <li>{@code String}: the value's text; a multi-valued one as one comma list.
 *   <li>{@code String[]}: the entries of the comma list(s), trimmed, empty ones dropped ({@link
 *       CommaLists#entries}): a {@code .cfg} line {@code a, b} and the webconsole's array alike.
 *   <li>{@code int}, {@code long}: a number, or text of ASCII decimal digits with an optional
 *       minus sign, spaces around it allowed (no {@code +}, no other script's digits, no fraction).
 *   <li>{@code boolean}: a Boolean, or {@code true}/{@code false} in any case.
 * </ul>
 *
 * Values are converted when an accessor is called, as DS does; the properties are copied when the
 * configuration is made, so later changes to the map are not seen.
 */
public final class TypedConfigs {

    private static final Pattern WHOLE = Pattern.compile("-?[0-9]{1,19}");
    private static final Set<Class<?>> TYPES =
            Set.of(String.class, String[].class, int.class, long.class, boolean.class);

    /** Prefixes of the keys that Config Admin, File Install, DS and Karaf add to a configuration. */
    private static final List<String> FRAMEWORK_KEYS =
            List.of("service.", "component.", "felix.", "osgi.", "org.apache.karaf.", ":");

    private TypedConfigs() {}

    /**
     * The typed configuration of {@code properties}.
     *
     * @throws IllegalArgumentException when {@code type} has an accessor of a type this does not
     *     convert to (a programming error, reported at once rather than at the first read)
     */
    public static <A extends Annotation> A of(Class<A> type, Map<String, ?> properties) {
        Map<String, Method> accessors = new LinkedHashMap<>();
        for (Method method : type.getDeclaredMethods()) {
            if (method.getParameterCount() != 0 || !TYPES.contains(method.getReturnType())) {
                throw new IllegalArgumentException(type.getName() + "." + method.getName()
                        + " is not a configuration accessor of "
                        + TYPES.stream().map(Class::getSimpleName).sorted().toList());
            }
            accessors.put(key(method.getName()), method);
        }
        Values values = new Values(type, accessors, properties);
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, values));
    }

    /**
     * What an operator is told of the keys of {@code properties} that no accessor of {@code type}
     * reads, most often a misspelt key whose value is then silently not applied: each with the
     * known key it is closest to, if one is at most two edits away. Null when there is none.
     */
    public static String unknownKeys(Class<? extends Annotation> type, Map<String, ?> properties) {
        List<String> known = Arrays.stream(type.getDeclaredMethods())
                .map(method -> key(method.getName()))
                .sorted()
                .toList();
        List<String> unknown = new ArrayList<>();
        for (String key : new TreeSet<>(properties.keySet())) {
            if (known.contains(key) || FRAMEWORK_KEYS.stream().anyMatch(key::startsWith)) {
                continue;
            }
            String closest = null;
            int best = 3;
            for (String candidate : known) {
                int distance = EditDistance.between(key, candidate);
                if (distance < best) {
                    best = distance;
                    closest = candidate;
                }
            }
            unknown.add("'" + key + "'" + (closest == null ? "" : " (did you mean '" + closest + "'?)"));
        }
        if (unknown.isEmpty()) {
            return null;
        }
        return (unknown.size() == 1 ? "unknown key, ignored: " : "unknown keys, ignored: ")
                + String.join(", ", unknown);
    }

    /** A Config Admin dictionary as a map, for {@link #of} and for the keys Config Admin itself adds. */
    public static Map<String, Object> properties(Dictionary<String, ?> dictionary) {
        Map<String, Object> properties = new HashMap<>();
        if (dictionary != null) {
            for (String key : Collections.list(dictionary.keys())) {
                properties.put(key, dictionary.get(key));
            }
        }
        return properties;
    }

    /**
     * The key an accessor reads, mapped from its name as Declarative Services maps it: {@code _}
     * is {@code .}, {@code __} is {@code _}, {@code $_$} is {@code -}, {@code $$} is {@code $},
     * and a single {@code $} is dropped ({@code timeout_idle} reads {@code timeout.idle}).
     */
    public static String key(String methodName) {
        StringBuilder key = new StringBuilder(methodName.length());
        int i = 0;
        while (i < methodName.length()) {
            char c = methodName.charAt(i);
            if (c == '$') {
                if (methodName.startsWith("$_$", i)) {
                    key.append('-');
                    i += 3;
                } else if (methodName.startsWith("$$", i)) {
                    key.append('$');
                    i += 2;
                } else {
                    i++;
                }
            } else if (c == '_') {
                if (methodName.startsWith("__", i)) {
                    key.append('_');
                    i += 2;
                } else {
                    key.append('.');
                    i++;
                }
            } else {
                key.append(c);
                i++;
            }
        }
        return key.toString();
    }

    /**
     * The value of {@code key} as configured, before conversion (its default when absent): what a
     * problem quotes back to the operator ({@code bind = ' , ': ...}).
     *
     * @param config a configuration made by {@link #of}
     */
    public static Object configured(Annotation config, String key) {
        if (!Proxy.isProxyClass(config.getClass()) || !(Proxy.getInvocationHandler(config) instanceof Values values)) {
            throw new IllegalArgumentException(config.annotationType().getName() + " was not made by TypedConfigs.of");
        }
        return values.configured(key);
    }

    private static final class Values implements InvocationHandler {

        private final Class<? extends Annotation> type;
        private final Map<String, Method> accessors;
        private final Map<String, Object> properties = new HashMap<>();

        Values(Class<? extends Annotation> type, Map<String, Method> accessors, Map<String, ?> properties) {
            this.type = type;
            this.accessors = accessors;
            properties.forEach((k, v) -> {
                if (v != null) {
                    this.properties.put(k, v);
                }
            });
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            switch (method.getName()) {
                case "annotationType":
                    return type;
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    // Never the values: a configuration may hold a password.
                    return "@" + type.getName() + " of " + properties.size() + " properties";
                default:
                    String key = key(method.getName());
                    Object value = properties.get(key);
                    return value == null ? defaultOf(method) : convert(key, value, method.getReturnType());
            }
        }

        Object configured(String key) {
            Object value = properties.get(key);
            if (value != null) {
                return value;
            }
            Method accessor = accessors.get(key);
            if (accessor == null) {
                throw new IllegalArgumentException(type.getSimpleName() + " defines no key " + key);
            }
            return defaultOf(accessor);
        }

        /** The annotation's default; without one, what DS gives for an absent key. */
        private static Object defaultOf(Method method) {
            Object value = method.getDefaultValue();
            Class<?> type = method.getReturnType();
            if (value instanceof String[] array) {
                return array.clone();
            }
            if (value != null) {
                return value;
            }
            if (type == String[].class) {
                return new String[0];
            }
            if (type == int.class) {
                return 0;
            }
            if (type == long.class) {
                return 0L;
            }
            return type == boolean.class ? Boolean.FALSE : null;
        }

        private static Object convert(String key, Object value, Class<?> type) {
            if (type == String.class) {
                return text(value);
            }
            if (type == String[].class) {
                return CommaLists.entries(value).toArray(new String[0]);
            }
            if (type == boolean.class) {
                return bool(key, value);
            }
            long whole = whole(key, value);
            if (type == int.class) {
                if (whole < Integer.MIN_VALUE || whole > Integer.MAX_VALUE) {
                    throw new ConfigValueException(key, value, "expected a whole number");
                }
                return (int) whole;
            }
            return whole;
        }

        private static String text(Object value) {
            return String.join(",", CommaLists.values(value));
        }

        private static long whole(String key, Object value) {
            if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
                return ((Number) value).longValue();
            }
            String text = text(value).trim();
            if (WHOLE.matcher(text).matches()) {
                try {
                    return Long.parseLong(text);
                } catch (NumberFormatException e) {
                    // beyond a long: reported below
                }
            }
            throw new ConfigValueException(key, value, "expected a whole number");
        }

        private static boolean bool(String key, Object value) {
            if (value instanceof Boolean b) {
                return b;
            }
            String text = text(value).trim();
            if (text.equalsIgnoreCase("true")) {
                return true;
            }
            if (text.equalsIgnoreCase("false")) {
                return false;
            }
            throw new ConfigValueException(key, value, "expected true or false");
        }
    }
}
