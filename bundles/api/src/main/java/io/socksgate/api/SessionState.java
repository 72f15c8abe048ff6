package io.socksgate.api;

/** Where a session is in its life. */
public enum SessionState {
    /** Accepted; the client has not finished its request yet. */
    HANDSHAKE,
    /** The request is complete; the proxy resolves and connects to the destination. */
    CONNECTING,
    /** The tunnel is open and relays data both ways. */
    RELAYING,
    /** The session is being closed. */
    CLOSING
}
