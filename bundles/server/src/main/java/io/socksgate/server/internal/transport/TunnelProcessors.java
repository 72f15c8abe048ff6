package io.socksgate.server.internal.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.mina.core.service.IoProcessor;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;
import org.apache.mina.transport.socket.nio.NioProcessor;
import org.apache.mina.transport.socket.nio.NioSession;

/**
 * A pool of MINA I/O processors where a tunnel's outbound session runs on the same processor
 * (the same thread) as its client session.
 *
 * <p>Why: relaying pauses one side while the other drains, and MINA applies {@code suspendRead}
 * and {@code resumeRead} on the calling thread with a non-atomic update of the selection key's
 * interest set, which races the owning processor's own updates. With both sessions on one
 * processor every pause and resume runs on the owning thread, so there is nothing to race; a
 * tunnel's two directions also share a CPU cache and never hand off between threads.
 * MINA's {@code SimpleIoProcessorPool} offers no way to choose the processor, hence this class.
 */
public final class TunnelProcessors implements IoProcessor<NioSession> {

    private final ExecutorService threads;
    private final NioProcessor[] processors;
    private final AtomicInteger next = new AtomicInteger();
    private final Function<IoSession, IoSession> partnerOf;

    /**
     * @param partnerOf for a new session that joins an existing tunnel but is not created by our
     *     code (a BIND peer, accepted by MINA), the tunnel's client session; null otherwise
     */
    TunnelProcessors(int count, ThreadFactory threadFactory, Function<IoSession, IoSession> partnerOf) {
        this.partnerOf = partnerOf;
        // Cached, not fixed: a processor that went idle may start its loop anew while the old
        // loop is still finishing.
        threads = Executors.newCachedThreadPool(threadFactory);
        processors = new NioProcessor[count];
        for (int i = 0; i < count; i++) {
            processors[i] = new LeanNioProcessor(threads);
        }
    }

    /** Every processor, for a listening socket that each of them accepts from. */
    List<LeanNioProcessor> all() {
        List<LeanNioProcessor> all = new ArrayList<>(processors.length);
        for (NioProcessor processor : processors) {
            all.add((LeanNioProcessor) processor);
        }
        return all;
    }

    /** Makes {@code outbound} use {@code client}'s processor; call before the session is added. */
    void pin(IoSession outbound, IoSession client) {
        ((TunnelSession) outbound).assignIfNone(processorOf(client));
    }

    /** Runs {@code task} on the thread of {@code session}'s processor; callable from any thread. */
    void execute(IoSession session, Runnable task) {
        ((LeanNioProcessor) processorOf(session)).execute(task);
    }

    /** The session's processor, assigned on first use: its partner's, or the next in turn. */
    private NioProcessor processorOf(IoSession session) {
        TunnelSession tunnelSession = (TunnelSession) session;
        NioProcessor processor = tunnelSession.assigned();
        if (processor == null) {
            IoSession partner = partnerOf.apply(session);
            processor = tunnelSession.assignIfNone(
                    partner != null
                            ? processorOf(partner)
                            : processors[Math.floorMod(next.getAndIncrement(), processors.length)]);
        }
        return processor;
    }

    @Override
    public void add(NioSession session) {
        processorOf(session).add(session);
    }

    @Override
    public void flush(NioSession session) {
        processorOf(session).flush(session);
    }

    @Override
    public void write(NioSession session, WriteRequest writeRequest) {
        processorOf(session).write(session, writeRequest);
    }

    @Override
    public void updateTrafficControl(NioSession session) {
        processorOf(session).updateTrafficControl(session);
    }

    @Override
    public void remove(NioSession session) {
        processorOf(session).remove(session);
    }

    @Override
    public boolean isDisposing() {
        return processors[0].isDisposing();
    }

    @Override
    public boolean isDisposed() {
        return processors[0].isDisposed();
    }

    @Override
    public void dispose() {
        for (NioProcessor processor : processors) {
            processor.dispose();
        }
        threads.shutdown();
    }
}
