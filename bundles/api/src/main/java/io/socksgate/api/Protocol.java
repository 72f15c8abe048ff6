package io.socksgate.api;

/**
 * The proxy protocol a client speaks. SOCKS4 includes its 4a extension. {@link #TRANSPARENT} is a
 * client that speaks no proxy protocol at all: its connection was redirected to a transparent
 * listener (iptables/nftables REDIRECT) and its destination is the connection's original one.
 */
public enum Protocol {
    SOCKS4,
    SOCKS5,
    HTTP,
    /** A redirected connection, served as a CONNECT to its original destination (since 1.3). */
    TRANSPARENT
}
