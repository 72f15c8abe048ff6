package io.socksgate.api;

/** The proxy protocol a client speaks. SOCKS4 includes its 4a extension. */
public enum Protocol {
    SOCKS4,
    SOCKS5,
    HTTP
}
