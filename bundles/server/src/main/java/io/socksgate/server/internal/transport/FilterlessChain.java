package io.socksgate.server.internal.transport;

import java.util.List;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.DefaultIoFilterChain;
import org.apache.mina.core.filterchain.IoFilter;
import org.apache.mina.core.filterchain.IoFilterChain;
import org.apache.mina.core.future.ConnectFuture;
import org.apache.mina.core.service.IoHandler;
import org.apache.mina.core.service.IoProcessor;
import org.apache.mina.core.session.AbstractIoSession;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;
import org.apache.mina.core.write.WriteRequestQueue;
import org.apache.mina.filter.FilterEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The filter chain of a {@link TunnelSession}: the engine installs no filter, so every event goes
 * straight between the I/O processor and the handler, doing what the head and tail of MINA's
 * {@link DefaultIoFilterChain} do around an empty chain.
 *
 * <p>Why its own: MINA's chain is two entries, their filters and next-filter objects and a map of
 * names, 240 bytes per session and so 480 per idle tunnel (docs/PERFORMANCE.md), for a
 * chain that stays empty. This one is the session reference. Adding a filter is refused, so a
 * filter meant for tunnels cannot be dropped silently.
 *
 * <p>A buffer written to a tunnel's session is handed over: once sent it is freed, back to the
 * pool it came from ({@link PooledBuffers}), and may be handed out for the next read. So a writer
 * writes a buffer of its own, never one it keeps or shares (a constant's array, say).
 *
 * <p>Left out of MINA's tail: the service's throughput statistics, which take a lock on every
 * message and which nothing here reads (the listeners count their own), and the read futures of
 * {@code useReadOperation}, which {@link TunnelSession} refuses to enable.
 */
final class FilterlessChain implements IoFilterChain {

    private static final Logger LOG = LoggerFactory.getLogger(FilterlessChain.class);

    private final AbstractIoSession session;

    FilterlessChain(AbstractIoSession session) {
        this.session = session;
    }

    @Override
    public IoSession getSession() {
        return session;
    }

    private IoHandler handler() {
        return session.getHandler();
    }

    // ---- events from the processor to the handler (MINA's tail)

    @Override
    public void fireSessionCreated() {
        try {
            handler().sessionCreated(session);
        } catch (Exception | Error e) {
            failed(e);
        }
    }

    @Override
    public void fireSessionOpened() {
        try {
            try {
                handler().sessionOpened(session);
            } finally {
                // a connector's future learns its session once the handler has seen it open
                ConnectFuture future =
                        (ConnectFuture) session.removeAttribute(DefaultIoFilterChain.SESSION_CREATED_FUTURE);
                if (future != null) {
                    future.setSession(session);
                }
            }
        } catch (Exception | Error e) {
            failed(e);
        }
    }

    @Override
    public void fireSessionClosed() {
        try {
            session.getCloseFuture().setClosed();
        } catch (Exception | Error e) {
            failed(e);
        }
        try {
            try {
                handler().sessionClosed(session);
            } finally {
                try {
                    session.getWriteRequestQueue().dispose(session);
                } finally {
                    session.getAttributeMap().dispose(session);
                }
            }
        } catch (Exception | Error e) {
            fireExceptionCaught(e); // as MINA's chain: the session is closed already, nothing to rethrow to
        }
    }

    @Override
    public void fireSessionIdle(IdleStatus status) {
        session.increaseIdleCount(status, System.currentTimeMillis());
        try {
            handler().sessionIdle(session, status);
        } catch (Exception | Error e) {
            failed(e);
        }
    }

    @Override
    public void fireMessageReceived(Object message) {
        long now = System.currentTimeMillis();
        if (message instanceof IoBuffer buffer) {
            session.increaseReadBytes(buffer.remaining(), now);
            if (!buffer.hasRemaining()) {
                session.increaseReadMessages(now);
            }
        }
        try {
            handler().messageReceived(session, message);
        } catch (Exception | Error e) {
            failed(e);
        }
    }

    @Override
    public void fireMessageSent(WriteRequest request) {
        try {
            request.getFuture().setWritten();
        } catch (Exception | Error e) {
            failed(e);
        }
        if (request.isEncoded()) {
            return;
        }
        Object original = request.getOriginalMessage();
        try {
            session.increaseWrittenMessages(request, System.currentTimeMillis());
            handler().messageSent(session, original);
        } catch (Exception | Error e) {
            failed(e);
        }
        // MINA writes a duplicate of a buffer and, once written, frees that duplicate, which
        // never goes back to the pool (PooledBuffers): so a relay's read buffer never went back,
        // and every read zeroed a new one of up to 256 KiB. Freed here, after its handler has
        // seen it. Only when MINA did write a duplicate, which it alone still looks at: the
        // original itself it would free, and look at after this.
        if (original instanceof IoBuffer buffer && request.getMessage() != original) {
            buffer.free();
        }
    }

    @Override
    public void fireExceptionCaught(Throwable cause) {
        ConnectFuture future = (ConnectFuture) session.removeAttribute(DefaultIoFilterChain.SESSION_CREATED_FUTURE);
        if (future != null) {
            // failed before its connector's future knew it: the future takes the failure
            if (!session.isClosing()) {
                session.closeNow();
            }
            future.setException(cause);
            return;
        }
        try {
            handler().exceptionCaught(session, cause);
        } catch (Throwable e) {
            LOG.warn("A handler's exceptionCaught failed", e);
        }
    }

    @Override
    public void fireInputClosed() {
        try {
            handler().inputClosed(session);
        } catch (Throwable e) {
            fireExceptionCaught(e);
        }
    }

    @Override
    public void fireEvent(FilterEvent event) {
        try {
            handler().event(session, event);
        } catch (Exception | Error e) {
            failed(e);
        }
    }

    // ---- requests from the session to the processor (MINA's head)

    @Override
    public void fireFilterWrite(WriteRequest request) {
        try {
            if (request.getMessage() instanceof IoBuffer buffer && buffer.remaining() > 0) {
                session.increaseScheduledWriteBytes(buffer.remaining());
            }
            session.increaseScheduledWriteMessages();
            WriteRequestQueue queue = session.getWriteRequestQueue();
            if (session.isWriteSuspended()) {
                queue.offer(session, request);
            } else if (queue.isEmpty(session)) {
                processor().write(session, request);
            } else {
                queue.offer(session, request);
                processor().flush(session);
            }
        } catch (Exception | Error e) {
            request.getFuture().setException(e);
            failed(e);
        }
    }

    @Override
    public void fireFilterClose() {
        try {
            processor().remove(session);
        } catch (Exception | Error e) {
            failed(e);
        }
    }

    /**
     * What MINA's chain does when a step fails: the handler's exceptionCaught hears of it, and an
     * {@link Error} goes on up to the I/O processor.
     */
    private void failed(Throwable failure) {
        fireExceptionCaught(failure);
        if (failure instanceof Error error) {
            throw error;
        }
    }

    @SuppressWarnings("unchecked")
    private IoProcessor<AbstractIoSession> processor() {
        return session.getProcessor();
    }

    // ---- the chain's contents: always empty

    @Override
    public Entry getEntry(String name) {
        return null;
    }

    @Override
    public Entry getEntry(IoFilter filter) {
        return null;
    }

    @Override
    public Entry getEntry(Class<? extends IoFilter> filterType) {
        return null;
    }

    @Override
    public IoFilter get(String name) {
        return null;
    }

    @Override
    public IoFilter get(Class<? extends IoFilter> filterType) {
        return null;
    }

    @Override
    public IoFilter.NextFilter getNextFilter(String name) {
        return null;
    }

    @Override
    public IoFilter.NextFilter getNextFilter(IoFilter filter) {
        return null;
    }

    @Override
    public IoFilter.NextFilter getNextFilter(Class<? extends IoFilter> filterType) {
        return null;
    }

    @Override
    public List<Entry> getAll() {
        return List.of();
    }

    @Override
    public List<Entry> getAllReversed() {
        return List.of();
    }

    @Override
    public boolean contains(String name) {
        return false;
    }

    @Override
    public boolean contains(IoFilter filter) {
        return false;
    }

    @Override
    public boolean contains(Class<? extends IoFilter> filterType) {
        return false;
    }

    @Override
    public void addFirst(String name, IoFilter filter) {
        throw noFilters(name);
    }

    @Override
    public void addLast(String name, IoFilter filter) {
        throw noFilters(name);
    }

    @Override
    public void addBefore(String baseName, String name, IoFilter filter) {
        throw noFilters(name);
    }

    @Override
    public void addAfter(String baseName, String name, IoFilter filter) {
        throw noFilters(name);
    }

    @Override
    public IoFilter replace(String name, IoFilter newFilter) {
        throw new IllegalArgumentException("Filter not found: " + name);
    }

    @Override
    public void replace(IoFilter oldFilter, IoFilter newFilter) {
        throw new IllegalArgumentException(
                "Filter not found: " + oldFilter.getClass().getName());
    }

    @Override
    public IoFilter replace(Class<? extends IoFilter> oldFilterType, IoFilter newFilter) {
        throw new IllegalArgumentException("Filter not found: " + oldFilterType.getName());
    }

    @Override
    public IoFilter remove(String name) {
        throw new IllegalArgumentException("Filter not found: " + name);
    }

    @Override
    public void remove(IoFilter filter) {
        throw new IllegalArgumentException(
                "Filter not found: " + filter.getClass().getName());
    }

    @Override
    public IoFilter remove(Class<? extends IoFilter> filterType) {
        throw new IllegalArgumentException("Filter not found: " + filterType.getName());
    }

    @Override
    public void clear() {
        // nothing to remove
    }

    private static UnsupportedOperationException noFilters(String name) {
        return new UnsupportedOperationException(
                "tunnel sessions take no filters (FilterlessChain); refused filter " + name);
    }

    @Override
    public String toString() {
        return "{ empty }";
    }
}
