package io.socksgate.bench;

import java.util.HashMap;
import java.util.Map;

/** The {@code --key value} options of a mode; a {@code --key} followed by another option means "true". */
public final class Options {

    private final Map<String, String> values = new HashMap<>();

    /** Parses {@code args} from index {@code from}; a word that is not an option's value is an error. */
    public Options(String[] args, int from) {
        for (int i = from; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg);
            }
            String key = arg.substring(2);
            if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                values.put(key, args[++i]);
            } else {
                values.put(key, "true");
            }
        }
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public String get(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    public String need(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("missing --" + key);
        }
        return value;
    }

    public double decimal(String key, double fallback) {
        return has(key) ? Double.parseDouble(values.get(key)) : fallback;
    }

    public int integer(String key, int fallback) {
        return has(key) ? Integer.parseInt(values.get(key)) : fallback;
    }

    public boolean flag(String key, boolean fallback) {
        return has(key) ? Boolean.parseBoolean(values.get(key)) : fallback;
    }
}
