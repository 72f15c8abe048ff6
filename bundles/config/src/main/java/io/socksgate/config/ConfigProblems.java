package io.socksgate.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects what is wrong with one configuration key by key instead of stopping at the first bad
 * value, so an operator sees all of them at once: one problem per bad key, each naming the key, its
 * value and what is expected ({@code port = '10x8': expected a whole number from 1 to 65535}).
 */
public final class ConfigProblems {

    private final List<String> problems = new ArrayList<>();

    /**
     * Notes that the key's value is wrong: {@code key = 'value': what}, the value shown as the
     * operator wrote it (a multi-valued one as a comma list).
     *
     * @param what what is wrong and expected, e.g. {@code expected a whole number from 1 up}
     */
    public void add(String key, Object value, String what) {
        problems.add(key + " = '" + CommaLists.shown(value).trim() + "': " + what);
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    public List<String> list() {
        return List.copyOf(problems);
    }

    /** @throws InvalidConfigurationException naming every problem noted, if any */
    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
    }
}
