package io.socksgate.server.internal.dial;

/** An outbound attempt under way (direct, or through upstreams), which the client may walk away from. */
public interface DialAttempt {

    /** The client went away: stop whatever is under way, quietly. */
    void abandon();
}
