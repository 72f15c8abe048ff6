package io.socksgate.server.internal.dial.upstream;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Where a rule sends a request: its upstreams in order, then, only when listed, a direct
 * connection ({@code upstream = NAME[, NAME…][, direct]}).
 *
 * @param upstreams tried in this order, each with its own strategy
 * @param direct whether a direct connection is the last resort
 */
public record Route(List<Upstream> upstreams, boolean direct) {

    public Route {
        upstreams = List.copyOf(upstreams);
        if (upstreams.isEmpty() && !direct) {
            throw new IllegalArgumentException("a route needs an upstream or direct");
        }
    }

    public static Route through(Upstream... upstreams) {
        return new Route(List.of(upstreams), false);
    }

    /** As the rule names it: {@code corporate, partner, direct}. */
    @Override
    public String toString() {
        String names = upstreams.stream().map(Upstream::name).collect(Collectors.joining(", "));
        if (!direct) {
            return names;
        }
        return names.isEmpty() ? "direct" : names + ", direct";
    }
}
