package io.socksgate.api;

import java.util.List;
import java.util.Objects;

/**
 * The verdict on a request.
 *
 * @param rule the name of the deciding rule, or {@link PolicyService#DEFAULT_RULE}
 * @param action allow or deny
 * @param route for an allowed CONNECT: the upstreams to reach the destination through, in the
 *     order they are tried, {@link #DIRECT} where going direct is one of the choices; empty means
 *     direct only (the rule names no upstream)
 * @since 1.1 ({@code route})
 */
public record Decision(String rule, Action action, List<String> route) {

    /** The route element that means: connect to the destination directly. */
    public static final String DIRECT = "direct";

    public enum Action {
        ALLOW,
        DENY
    }

    public Decision {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(action, "action");
        route = route == null ? List.of() : List.copyOf(route);
    }

    /** A verdict with the direct route: the 1.0 signature, kept for compatibility. */
    public Decision(String rule, Action action) {
        this(rule, action, List.of());
    }

    public boolean allowed() {
        return action == Action.ALLOW;
    }
}
