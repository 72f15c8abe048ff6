package io.socksgate.api;

/** What a client asks the proxy to do. */
public enum Command {
    /** Open a TCP connection to the destination (SOCKS CONNECT, HTTP CONNECT). */
    CONNECT,
    /** Accept one incoming TCP connection on the client's behalf (SOCKS BIND). */
    BIND,
    /** Relay UDP datagrams for the client (SOCKS5 UDP ASSOCIATE). */
    UDP_ASSOCIATE
}
