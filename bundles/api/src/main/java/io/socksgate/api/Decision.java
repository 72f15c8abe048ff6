package io.socksgate.api;

import java.util.Objects;

/**
 * The verdict on a request.
 *
 * @param rule the name of the deciding rule, or {@link PolicyService#DEFAULT_RULE}
 * @param action allow or deny
 */
public record Decision(String rule, Action action) {

    public enum Action {
        ALLOW,
        DENY
    }

    public Decision {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(action, "action");
    }

    public boolean allowed() {
        return action == Action.ALLOW;
    }
}
