package io.socksgate.server.internal;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;

/**
 * One direction of a tunnel: bytes read from {@code source} are written to {@code sink}. When
 * the sink cannot keep up, the source stops being read until the sink has drained, so a slow
 * reader on one side never makes the proxy buffer without limit.
 *
 * <p>Both sessions live on one I/O thread ({@link TunnelProcessors}), so no locking is needed.
 */
final class RelayDirection {

    /** Pending bytes towards the sink above which the source is paused. */
    static final int HIGH_WATERMARK = 256 * 1024;
    /** Pending bytes at or below which a paused source is read again. */
    static final int LOW_WATERMARK = 64 * 1024;

    private final IoSession source;
    private final IoSession sink;
    private boolean paused;

    RelayDirection(IoSession source, IoSession sink) {
        this.source = source;
        this.sink = sink;
    }

    /** Called with bytes just read from the source; MINA hands over a fresh buffer, no copy needed. */
    void forward(IoBuffer bytes) {
        sink.write(bytes);
        if (!paused && sink.getScheduledWriteBytes() > HIGH_WATERMARK) {
            paused = true;
            source.suspendRead();
        }
    }

    /** Called after each completed write to the sink. */
    void sinkDrained() {
        if (paused && sink.getScheduledWriteBytes() <= LOW_WATERMARK) {
            paused = false;
            source.resumeRead();
        }
    }
}
