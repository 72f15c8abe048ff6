package io.socksgate.server.internal.relay;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;

/**
 * Work an outbound session does before its relay exists, such as an upstream proxy's handshake.
 * While one is installed on a session, {@link OutboundHandler} hands it that session's events
 * instead of starting or feeding the relay; it removes itself when done and whoever it hands the
 * session to starts the relay. All calls come on the session's I/O thread.
 */
public interface OutboundPreamble {

    /** Install before the session reaches its I/O processor, so its first event already comes here. */
    static void install(IoSession session, OutboundPreamble preamble) {
        session.setAttribute(Key.KEY, preamble);
    }

    static void remove(IoSession session) {
        session.removeAttribute(Key.KEY);
    }

    /** The preamble installed on {@code session}, or null. */
    static OutboundPreamble of(IoSession session) {
        return (OutboundPreamble) session.getAttribute(Key.KEY);
    }

    /** The connection is up. */
    void opened(IoSession session);

    /** Bytes from the far side. */
    void received(IoSession session, IoBuffer bytes);

    /** The far side sent FIN, or the session closed. */
    void closed(IoSession session);

    /** An I/O error on the session. */
    void failed(IoSession session, Throwable cause);

    /** Holds the attribute key out of the interface's public constants. */
    final class Key {
        private static final AttributeKey KEY = new AttributeKey(OutboundPreamble.class, "preamble");

        private Key() {}
    }
}
