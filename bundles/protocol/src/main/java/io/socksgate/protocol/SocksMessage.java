package io.socksgate.protocol;

import org.apache.mina.core.buffer.IoBuffer;

/** A protocol message that can be written to the wire. */
public interface SocksMessage {

    /**
     * Writes this message at {@code out}'s position and advances it. The buffer must have room or
     * be auto-expanding.
     *
     * @throws IllegalArgumentException when a field cannot be represented on the wire (a host name
     *     with illegal characters, an over-long field): the values come from our own code, so this
     *     is a bug to surface, not a peer error to reply to
     */
    void encode(IoBuffer out);

    /** This message in a fresh heap buffer, flipped and ready to write to a session. */
    default IoBuffer toBuffer() {
        // Heap, not direct: these messages are small and short-lived.
        IoBuffer out = IoBuffer.allocate(32, false).setAutoExpand(true);
        encode(out);
        return out.flip();
    }
}
