package io.socksgate.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told of proxy sessions (whiteboard: register it as an OSGi service). Called in order, one event
 * at a time, on a Socksgate thread that is not a network thread; a slow listener delays only
 * other listeners. Events of sessions that never completed a request are not reported.
 */
@ConsumerType
public interface SessionListener {

    /** The tunnel is up: connected, BIND peer arrived, or UDP association open. */
    default void opened(SessionInfo session) {}

    /** The policy denied the request. The session closes right after; no closed event follows. */
    default void denied(SessionInfo session, Decision decision) {}

    /** A session whose request was granted or failed has ended; the byte counts are final. */
    default void closed(SessionInfo session) {}
}
