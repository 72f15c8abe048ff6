package io.socksgate.server.internal.dial.upstream;

import io.socksgate.config.tokens.EnumTokens;
import java.util.List;
import java.util.Map;

/** Who turns a destination's name into an address when it goes through an upstream. */
public enum Resolution {
    /** Socksgate resolves, the rules check that address, and the address is sent. */
    LOCAL,
    /** The name is sent and the upstream resolves it; the rules saw only the name. */
    REMOTE;

    /** The words of the {@code resolve} key. */
    public static final EnumTokens<Resolution> TOKENS =
            EnumTokens.of("resolve", Resolution.class, Map.of(LOCAL, List.of("local"), REMOTE, List.of("remote")));
}
