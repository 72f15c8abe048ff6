package io.socksgate.server.internal.limit;

import io.socksgate.config.tokens.EnumTokens;
import java.util.List;
import java.util.Map;

/** What a used-up quota does. */
public enum QuotaAction {
    /** New sessions are refused; live ones run on. */
    DENY,
    /** New sessions are refused and live ones are closed. */
    CLOSE;

    public static final EnumTokens<QuotaAction> TOKENS =
            EnumTokens.of("quota action", QuotaAction.class, Map.of(DENY, List.of("deny"), CLOSE, List.of("close")));
}
