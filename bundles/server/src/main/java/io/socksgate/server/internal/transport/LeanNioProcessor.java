package io.socksgate.server.internal.transport;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.transport.socket.nio.NioSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MINA's I/O processor without two system calls it makes for nothing on a relay's hot path.
 *
 * <p><b>Waking itself.</b> Every write calls {@code wakeup()}, which writes to the selector's
 * wake-up descriptor so that a blocked {@code select} returns; the next select then also reads
 * it back. When the write comes from the processor's own thread (the relay's case: a read on
 * one side becomes a write on the other) nothing is blocked: the loop selects again as soon as
 * this round is done. So here a wake-up from the own thread only marks that the next select
 * must not block, and that select polls instead ({@code selectNow}): the same effect without
 * writing and draining the descriptor. Wake-ups from other threads are real ones. The poll is
 * {@link MinaInternals.PollingProcessor#pollSelector}: MINA's selector, under MINA's lock.
 *
 * <p><b>Resets are normal.</b> A peer that resets its connection (or is gone when written to)
 * makes MINA log an ERROR line for every such read or write, although that is what clients do;
 * here the failure goes to the session's handler instead (which logs it at DEBUG) and the
 * session is closed, as MINA would close it.
 *
 * <p><b>Closing after the selector let go.</b> MINA closes a session's channel right after
 * cancelling its key, while the channel is still registered; the JDK then cannot close the socket
 * yet and, to have the peer see the end at once, reads {@code SO_LINGER} and shuts the output
 * down, and closes the socket only when the next select drops the key. Here the key is
 * cancelled, the next select polls (which drops the key), and the channel is closed right after
 * that poll. A socket whose peer's stream was read to its end (a tunnel that ended normally)
 * is just closed, which sends its FIN; any other is shut down for output first, as the JDK
 * does, so that the peer sees the end of stream before a reset for bytes it sent and nobody
 * read. Two or one system calls fewer per socket.
 *
 * <p><b>Accepting.</b> A listening socket of an {@link IoThreadAcceptor} is registered here too,
 * with a {@link ListeningSession} as its key's attachment. When a select reports it ready, this
 * processor accepts one connection and keeps the new session, before MINA looks at the selected
 * keys (MINA never sees the listening socket's).
 *
 * <p><b>Reading once more.</b> MINA reads a ready socket until a read returns nothing, which
 * costs a failed read after every short one. A read that did not fill the space offered has
 * emptied the socket's receive queue; more data, or the end of stream, makes the selector report
 * the socket again (it is level-triggered), so the next read is left to the next round.
 */
public final class LeanNioProcessor extends MinaInternals.PollingProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(LeanNioProcessor.class);

    /** The thread running the processor loop; it may change when the loop stops and restarts. */
    private volatile Thread loopThread;
    /** The next select must return at once: the loop's own thread has queued work. */
    private volatile boolean selectNow;
    /** The session whose last read came up short; the loop's next read of it returns 0. Loop thread only. */
    private NioSession drained;
    /** Work handed in by other threads, run on the loop's thread before it selects. */
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Removed sessions whose keys are cancelled: their channels close after the next select. Loop thread only. */
    private final List<NioSession> closing = new ArrayList<>();
    /** The listening sockets registered here. Loop thread only. */
    private final List<ListeningSession> listening = new ArrayList<>();

    LeanNioProcessor(Executor executor) {
        super(executor);
    }

    @Override
    protected void wakeup() {
        Thread current = Thread.currentThread();
        if (current == loopThread) {
            markWakeupCalled(); // tells MINA's spin detector this early return is expected
            selectNow = true;
            if (loopThread == current) {
                return;
            }
            // The loop moved to another thread meanwhile (it stops when idle and restarts on
            // any pooled thread), which may have checked the flag already: wake it for real.
        }
        super.wakeup();
    }

    /** Runs {@code task} on this processor's thread soon; callable from any thread. */
    void execute(Runnable task) {
        tasks.add(task);
        wakeup();
    }

    @Override
    protected int select(long timeout) throws Exception {
        loopThread = Thread.currentThread();
        runTasks();
        int selected;
        if (selectNow) {
            selectNow = false;
            selected = pollSelector();
        } else {
            selected = super.select(timeout);
        }
        closeDeregistered();
        if (selected > 0 && !listening.isEmpty()) {
            selected -= acceptReady(selected);
        }
        return selected;
    }

    /** Registers a listening socket for accepting instead of reading; MINA's init for the rest. */
    @Override
    protected void init(NioSession session) throws Exception {
        if (session instanceof ListeningSession listener) {
            register(listener.server, SelectionKey.OP_ACCEPT, listener);
            listening.add(listener);
            return;
        }
        super.init(session);
    }

    /**
     * Accepts on the listening sockets among the selected keys and takes their keys out of the
     * selection; returns how many there were.
     */
    private int acceptReady(int selected) {
        int ready = 0;
        for (Iterator<SelectionKey> i = selectedKeys().iterator(); i.hasNext(); ) {
            SelectionKey key = i.next();
            if (key.attachment() instanceof ListeningSession listener) {
                i.remove();
                ready++;
                if (key.isValid() && key.isAcceptable()) {
                    listener.acceptor.acceptReady(listener);
                }
            }
        }
        if (ready > 0 && ready == selected) {
            markWakeupCalled(); // nothing left selected is expected here, not a spinning selector
        }
        return ready;
    }
    /** On the loop's thread, from MINA's removal of a closed session. */
    @Override
    protected void destroy(NioSession session) throws Exception {
        if (session instanceof ListeningSession listener) {
            stopListening(listener);
            return;
        }
        SelectableChannel channel = (SelectableChannel) session.getChannel();
        SelectionKey key = keyOf(channel);
        if (key == null) {
            super.destroy(session); // never registered here: nothing to wait for
            return;
        }
        key.cancel();
        boolean nothingUnread = session instanceof TunnelSession tunnel && tunnel.hasInputEnded();
        if (!nothingUnread && channel instanceof SocketChannel socket) {
            shutdownOutput(socket);
        }
        closing.add(session);
        markWakeupCalled(); // the poll's early return is expected, not a spinning selector
        selectNow = true;
    }

    /**
     * The key is cancelled, and after the next select, which drops it, the session is released.
     * The socket itself is the acceptor's to close once every processor has let it go: closing
     * it here would cancel its keys on the other processors too, behind their backs.
     */
    private void stopListening(ListeningSession listener) {
        SelectionKey key = keyOf(listener.server);
        if (key == null) { // removed before it was registered
            listener.released.complete(null);
            return;
        }
        listening.remove(listener);
        key.cancel();
        closing.add(listener);
        markWakeupCalled();
        selectNow = true;
    }

    private static void shutdownOutput(SocketChannel channel) {
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            // not connected, or the peer is gone: the close is all there is to do
        }
    }

    /** Closes the channels whose keys the select just dropped. */
    private void closeDeregistered() {
        for (int i = 0; i < closing.size(); i++) {
            close(closing.get(i));
        }
        closing.clear();
    }

    private static void close(NioSession session) {
        if (session instanceof ListeningSession listener) {
            listener.released.complete(null);
            return;
        }
        try {
            session.getChannel().close();
        } catch (IOException e) {
            LOG.debug("closing a connection failed: {}", e.toString());
        }
    }

    /** The loop goes on while channels wait for their close. */
    @Override
    protected boolean isSelectorEmpty() {
        return closing.isEmpty() && super.isSelectorEmpty();
    }

    @Override
    protected void doDispose() throws Exception {
        super.doDispose(); // closes the selector, which drops every key
        closeDeregistered();
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("task on an I/O thread failed", e);
            }
        }
    }

    @Override
    protected int read(NioSession session, IoBuffer buffer) throws Exception {
        if (session == drained) {
            drained = null;
            return 0;
        }
        int room = buffer.remaining();
        int read;
        try {
            read = super.read(session, buffer);
        } catch (IOException e) {
            drained = null;
            return connectionFailed(session, e);
        }
        drained = read > 0 && read < room ? session : null;
        if (read < 0 && session instanceof TunnelSession tunnel) {
            tunnel.inputEnded();
        }
        return read;
    }

    @Override
    protected int write(NioSession session, IoBuffer buffer, int length) throws IOException {
        try {
            return super.write(session, buffer, length);
        } catch (IOException e) {
            return connectionFailed(session, e);
        }
    }

    /**
     * What MINA does on a failed read or write, without its ERROR line: the handler hears of the
     * failure and the session is closed. Reported as nothing transferred; the close removes the
     * session before the loop comes back to it.
     */
    private static int connectionFailed(NioSession session, IOException failure) {
        session.getFilterChain().fireExceptionCaught(failure);
        session.closeNow();
        return 0;
    }
}
