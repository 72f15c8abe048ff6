package io.socksgate.server.internal;

import java.util.List;

/** A configuration with bad values; one problem per bad key, as {@link ConfigReader} words them. */
final class InvalidConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    InvalidConfigurationException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    List<String> problems() {
        return problems;
    }
}
