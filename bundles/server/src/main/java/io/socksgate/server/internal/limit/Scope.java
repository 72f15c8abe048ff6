package io.socksgate.server.internal.limit;

import io.socksgate.api.HostPort;
import io.socksgate.api.ProxyRequest;
import io.socksgate.config.tokens.EnumTokens;
import java.util.List;
import java.util.Map;

/** Who shares one budget of a limit. */
public enum Scope {
    /** Every session the limit matches. */
    SHARED,
    /** The sessions of one authenticated user; an anonymous session's budget is its client address's. */
    PER_USER,
    /** The sessions of one client address. */
    PER_CLIENT,
    /** Each session on its own. */
    PER_SESSION;

    public static final EnumTokens<Scope> TOKENS = EnumTokens.of(
            "scope",
            Scope.class,
            Map.of(
                    SHARED, List.of("shared"),
                    PER_USER, List.of("per-user"),
                    PER_CLIENT, List.of("per-client"),
                    PER_SESSION, List.of("per-session")));

    /** The budget's key: {@code *}, the user, {@code -@address} (anonymous), the address, {@code #id}. */
    String key(ProxyRequest request, long sessionId) {
        return switch (this) {
            case SHARED -> "*";
            case PER_USER -> request.user() != null ? request.user() : "-@" + address(request);
            case PER_CLIENT -> address(request);
            case PER_SESSION -> "#" + sessionId;
        };
    }

    private static String address(ProxyRequest request) {
        return HostPort.addressText(request.client().getAddress());
    }
}
