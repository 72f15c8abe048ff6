package io.socksgate.config;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Multi-valued Config Admin keys, whichever way they were written: Config Admin (the webconsole,
 * a bundle) gives an array or a collection, a {@code .cfg} line gives one comma list.
 */
public final class CommaLists {

    private CommaLists() {}

    /**
     * The value's entries: arrays and collections element by element, each element (or a single
     * value) split at commas, every entry trimmed and empty ones dropped; none for null.
     */
    public static List<String> entries(Object value) {
        List<String> entries = new ArrayList<>();
        for (String text : values(value)) {
            for (String entry : text.split(",")) {
                if (!entry.isBlank()) {
                    entries.add(entry.trim());
                }
            }
        }
        return entries;
    }

    /** The value's elements as text, unsplit: an array's or a collection's, or the single value; none for null. */
    public static List<String> values(Object value) {
        List<String> texts = new ArrayList<>();
        if (value == null) {
            return texts;
        }
        if (value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                texts.add(String.valueOf(Array.get(value, i)));
            }
        } else if (value instanceof Collection<?> collection) {
            collection.forEach(v -> texts.add(String.valueOf(v)));
        } else {
            texts.add(String.valueOf(value));
        }
        return texts;
    }

    /** The value as the operator wrote it: a multi-valued one as one comma list, as in the shipped files. */
    public static String shown(Object value) {
        return String.join(", ", values(value));
    }
}
