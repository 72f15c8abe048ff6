package io.socksgate.server.internal.dial.upstream;

import io.socksgate.config.tokens.EnumTokens;
import java.util.List;
import java.util.Map;

/** The protocol an upstream's servers speak. */
public enum UpstreamType {
    /** RFC 1928, with methods none and RFC 1929 username/password. */
    SOCKS5,
    /** SOCKS4, and 4a for names; IPv4 only. */
    SOCKS4,
    /** HTTP CONNECT (RFC 9110 section 9.3.6), with Basic credentials. */
    HTTP;

    /** The words of the {@code type} key. */
    public static final EnumTokens<UpstreamType> TOKENS = EnumTokens.of(
            "upstream type",
            UpstreamType.class,
            Map.of(SOCKS5, List.of("socks5"), SOCKS4, List.of("socks4", "socks4a"), HTTP, List.of("http")));
}
