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
 * @param credentialsMayAllow for a denied anonymous request: a rule would allow it for some
 *     authenticated user, so a client that can still be asked for credentials (an HTTP client,
 *     with 407) should be; false otherwise
 * @since 1.1 ({@code route}), 1.3 ({@code credentialsMayAllow})
 */
public record Decision(String rule, Action action, List<String> route, boolean credentialsMayAllow) {

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

    /** A verdict that credentials would not change: the 1.1 signature, kept for compatibility. */
    public Decision(String rule, Action action, List<String> route) {
        this(rule, action, route, false);
    }

    /** A verdict with the direct route: the 1.0 signature, kept for compatibility. */
    public Decision(String rule, Action action) {
        this(rule, action, List.of());
    }

    public boolean allowed() {
        return action == Action.ALLOW;
    }
}
