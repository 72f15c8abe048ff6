package io.socksgate.server.internal.dial.upstream;

import org.apache.mina.core.buffer.IoBuffer;

/**
 * The client side of one upstream protocol's handshake over a connected server, as a state
 * machine over bytes: it says what to send, takes what the server sends in whatever pieces TCP
 * delivers, and ends in one {@link HandshakeStep.Outcome}. It never blocks, never throws for what a
 * server sends, and buffers at most one bounded message. Not thread-safe: one I/O thread drives it.
 */
public interface Handshake {

    /** The first bytes to send once the connection to the server is up. */
    IoBuffer start();

    /**
     * Bytes from the server (not kept: a copy is taken of what must wait for more). After an
     * {@link HandshakeStep.Outcome} the handshake is over and must not be fed again.
     */
    HandshakeStep received(IoBuffer bytes);
}
