package io.socksgate.server.internal.transport;

import org.apache.mina.core.session.IoSession;

/**
 * Passing a reset on: when one side of a tunnel breaks off (its peer reset the connection, or
 * was gone when written to), the other side is closed with a reset as well ({@code SO_LINGER}
 * 0), after what is queued towards it has been written. A plain close would send a FIN, and its
 * peer would take a download cut short for a complete one.
 */
public final class Resets {

    private Resets() {}

    /** Closes {@code session} once its queued writes are out, with a reset in place of a FIN. */
    public static void passOn(IoSession session) {
        if (session instanceof TunnelSession tunnel) {
            tunnel.resetOnClose();
        }
        session.closeOnFlush();
    }
}
