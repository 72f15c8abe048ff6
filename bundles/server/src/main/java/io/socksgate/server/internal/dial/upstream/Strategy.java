package io.socksgate.server.internal.dial.upstream;

import io.socksgate.config.tokens.EnumTokens;
import java.util.List;
import java.util.Map;

/** How an upstream picks which of its servers to try first. */
public enum Strategy {
    /** The servers in priority order, skipping those marked down. */
    FAILOVER("FIRSTUP_PARENT"),
    /** Each request starts at the next server. */
    ROUND_ROBIN("ROUNDROBIN_PARENT"),
    /** A hash of the client's address picks the server, so a client sticks to one. */
    SOURCE_HASH("SOURCEHASH_PARENT");

    /** The words of the {@code strategy} key. */
    public static final EnumTokens<Strategy> TOKENS = EnumTokens.of(
            "strategy",
            Strategy.class,
            Map.of(
                    FAILOVER, List.of("failover"),
                    ROUND_ROBIN, List.of("round-robin"),
                    SOURCE_HASH, List.of("source-hash")));

    private final String hierarchyCode;

    Strategy(String hierarchyCode) {
        this.hierarchyCode = hierarchyCode;
    }

    /** Squid's hierarchy code for a request sent through a server this strategy chose. */
    public String hierarchyCode() {
        return hierarchyCode;
    }
}
