package io.socksgate.server.internal.relay;

import io.socksgate.server.internal.transport.TunnelProcessors;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.LongAdder;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.future.WriteFuture;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.session.IoSessionConfig;
import org.apache.mina.transport.socket.nio.NioSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One direction of a tunnel: bytes read from {@code source} are written to {@code sink}.
 *
 * <p>Backpressure: when the sink cannot keep up, the source stops being read until the sink has
 * drained, so a slow reader on one side never makes the proxy buffer without limit.
 *
 * <p>Half-close: when the source finishes sending (FIN), the sink's output is shut down once
 * everything queued before it has been written, and the other direction keeps running, so a
 * server can still answer a client that has finished its request.
 *
 * <p>Bandwidth limits: a direction with a {@link Throttle} hands it the size of every read; when
 * a budget is in debt the source stops being read until a timer, run on this tunnel's thread,
 * reads it again. The two pauses are independent: reading resumes when neither holds it. A read
 * is charged whole, after the fact, so its size sets the pause: a limited source's reads are kept
 * to a tenth of a second of its slowest rate, a fifth at most ({@link #READS_PER_SECOND}).
 * Otherwise MINA grows a busy source's reads to 256 KiB, which at 2 kB/s bought a two-minute
 * pause: bytes came in bursts minutes apart, and a raised rate reached the tunnel only when its
 * pause ended.
 *
 * <p>Both sessions live on one I/O thread ({@link TunnelProcessors}), so no locking is needed.
 */
public final class RelayDirection {

    private static final Logger LOG = LoggerFactory.getLogger(RelayDirection.class);

    /** Pending bytes towards the sink above which the source is paused. */
    public static final int HIGH_WATERMARK = 256 * 1024;
    /** Pending bytes at or below which a paused source is read again. */
    static final int LOW_WATERMARK = 64 * 1024;

    /** How many reads a second a limited source is read in, at its slowest rate, at least. */
    static final int READS_PER_SECOND = 10;

    private final IoSession source;
    private final IoSession sink;
    /** The listener's count of the bytes relayed this way. */
    private final LongAdder relayed;
    /** The limits of this direction, or null when none applies (then limits cost nothing here). */
    private final Throttle throttle;
    /** Runs the end of a limit's pause on this tunnel's thread; null without a throttle. */
    private final Pacer pacer;

    private boolean paused;
    /**
     * A limit's budget is in debt: reading waits for the pacer. Volatile: the other side's I/O
     * thread asks, to tell such a pause from idleness.
     */
    private volatile boolean limited;
    /** The newest write to the sink: when it completes, everything before it has been sent. */
    private WriteFuture lastWrite;

    private boolean finishing;
    private boolean finished;

    /** Whether reading waits for a limit's budget now: the tunnel is slowed down, not idle. */
    public boolean pausedByLimits() {
        return limited;
    }

    /** Waits on a shared timer, then runs a task on a session's I/O thread. */
    @FunctionalInterface
    public interface Pacer {
        void runLater(IoSession session, long delayNanos, Runnable task);
    }

    public RelayDirection(IoSession source, IoSession sink, LongAdder relayed) {
        this(source, sink, relayed, null, null);
    }

    /** @param throttle the direction's limits, or null; {@code pacer} is needed only with one */
    public RelayDirection(IoSession source, IoSession sink, LongAdder relayed, Throttle throttle, Pacer pacer) {
        this.source = source;
        this.sink = sink;
        this.relayed = relayed;
        this.throttle = throttle;
        this.pacer = pacer;
        if (throttle != null) {
            sizeReads();
        }
    }

    /** Bytes just read from the source; MINA hands over a fresh buffer, so no copy is needed. */
    public void forward(IoBuffer bytes) {
        int size = bytes.remaining();
        relayed.add(size);
        lastWrite = sink.write(bytes);
        if (throttle != null) {
            charge(size);
        }
        if (!paused && sink.getScheduledWriteBytes() > HIGH_WATERMARK) {
            paused = true;
            source.suspendRead();
        }
    }

    private void charge(int size) {
        sizeReads(); // the rate may have changed since the last read
        long pause = throttle.charge(size);
        if (pause == Throttle.CLOSE) {
            LOG.info("{}; closing the session", throttle.closeReason());
            source.closeNow();
            sink.closeOnFlush();
            return;
        }
        if (pause > 0 && !limited) {
            limited = true;
            source.suspendRead();
            pacer.runLater(source, pause, this::limitPaid);
        }
    }

    /**
     * Brings the source's next read down to a tenth of a second of the slowest rate that applies
     * now. Only the read buffer's size: MINA doubles it after a read that filled it, so a read is
     * at most twice this. The largest size is left alone, since MINA also writes at most one and a
     * half of it to the session per round, which would slow the other direction.
     */
    private void sizeReads() {
        long rate = throttle.slowestRate();
        if (rate <= 0) {
            return;
        }
        IoSessionConfig config = source.getConfig();
        int largest = (int) Math.max(
                config.getMinReadBufferSize(), Math.min(config.getMaxReadBufferSize(), rate / READS_PER_SECOND));
        if (config.getReadBufferSize() > largest) {
            config.setReadBufferSize(largest);
        }
    }

    /** On this tunnel's thread, once the budget is out of debt. */
    private void limitPaid() {
        limited = false;
        if (!paused && !finishing && !source.isClosing()) {
            source.resumeRead();
        }
    }

    /**
     * The source sent FIN: stop reading it, and once everything queued has been written, pass the
     * FIN on by shutting down the sink's output; or, when the {@code reverse} direction has passed
     * its FIN on already, run {@code closeTunnel} instead (on this tunnel's thread): closing the
     * sink sends its FIN, so a shutdown right before the close would be one system call for
     * nothing.
     */
    public void sourceFinished(RelayDirection reverse, Runnable closeTunnel) {
        if (finishing) {
            return;
        }
        finishing = true;
        if (lastWrite == null || lastWrite.isDone()) {
            passOnFin(reverse, closeTunnel);
        } else {
            lastWrite.addListener(written -> passOnFin(reverse, closeTunnel));
        }
        // A closed input stays readable, and reading it again would spin; unless the tunnel has
        // just been closed, which spares the usual last FIN an interest change.
        if (!source.isClosing()) {
            source.suspendRead();
        }
    }

    /** A write to the sink completed: resume a paused source once the sink has drained. */
    public void sent() {
        if (lastWrite != null && lastWrite.isDone()) {
            lastWrite = null; // all written: an idle tunnel keeps no future
        }
        if (paused && sink.getScheduledWriteBytes() <= LOW_WATERMARK) {
            paused = false;
            if (!limited) {
                source.resumeRead();
            }
        }
    }

    private void passOnFin(RelayDirection reverse, Runnable closeTunnel) {
        finished = true;
        if (reverse.finished) {
            closeTunnel.run(); // both FINs seen and every byte read: the close ends the sink's output
        } else {
            shutdownOutput(sink);
        }
    }

    private static void shutdownOutput(IoSession session) {
        try {
            ((SocketChannel) ((NioSession) session).getChannel()).shutdownOutput();
        } catch (IOException e) {
            session.closeNow(); // the peer is gone; closing is all that is left
        }
    }
}
