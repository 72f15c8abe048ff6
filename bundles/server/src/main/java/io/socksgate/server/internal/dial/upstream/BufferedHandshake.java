package io.socksgate.server.internal.dial.upstream;

import org.apache.mina.core.buffer.IoBuffer;

/**
 * Keeps the bytes of a server message that arrived in pieces, so each protocol's state machine
 * only sees a buffer it decodes with the project's {@link io.socksgate.protocol.MessageDecoder}s.
 * Those decoders ask for more only within their message's maximum size, so what is kept here is
 * bounded by the largest message of the protocol.
 */
abstract class BufferedHandshake implements Handshake {

    /** Undecoded bytes from earlier reads, in write mode; null when none. */
    private IoBuffer pending;

    @Override
    public final HandshakeStep received(IoBuffer bytes) {
        IoBuffer in;
        if (pending == null) {
            in = bytes;
        } else {
            in = pending.put(bytes).flip();
            pending = null;
        }
        HandshakeStep step = decode(in);
        if (step instanceof HandshakeStep.Send && in.hasRemaining()) {
            // A server answers what it was asked; bytes ahead of our next message are not an
            // answer to anything.
            return new HandshakeStep.ServerFailed(
                    "the upstream sent " + in.remaining() + " bytes before it was asked anything more");
        }
        if (step instanceof HandshakeStep.Wait && in.hasRemaining()) {
            pending = IoBuffer.allocate(Math.max(in.remaining(), 64), false)
                    .setAutoExpand(true)
                    .put(in);
        }
        return step;
    }

    /**
     * Decodes what {@code in} holds from its position: consumes whole messages only, and
     * returns {@link HandshakeStep#WAIT} when the next one is incomplete.
     */
    abstract HandshakeStep decode(IoBuffer in);

    /** The tunnel is up: what follows the success reply in {@code in} is the destination's. */
    static HandshakeStep.Succeeded succeeded(IoBuffer in) {
        IoBuffer leftover = IoBuffer.allocate(in.remaining(), false);
        leftover.put(in).flip();
        return new HandshakeStep.Succeeded(leftover);
    }
}
