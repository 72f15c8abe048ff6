package io.socksgate.server.internal.limit;

import io.socksgate.api.HostPort;
import io.socksgate.api.ProxyRequest;
import io.socksgate.config.IpLiterals;
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

    /**
     * A key read back from the quota store, as {@link #key} writes it today: an address written
     * by an older version with every IPv6 group is written again in its canonical form, so the
     * usage stays with its budget. Anything else is returned as it is.
     */
    String storedKey(String stored) {
        return switch (this) {
            case PER_CLIENT -> canonicalAddress(stored);
            case PER_USER -> stored.startsWith("-@") ? "-@" + canonicalAddress(stored.substring(2)) : stored;
            case SHARED, PER_SESSION -> stored;
        };
    }

    private static String canonicalAddress(String text) {
        if (text.indexOf(':') < 0) {
            return text; // IPv4 text never changed
        }
        try {
            return HostPort.addressText(IpLiterals.parseScoped(text));
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    private static String address(ProxyRequest request) {
        return HostPort.addressText(request.client().getAddress());
    }
}
