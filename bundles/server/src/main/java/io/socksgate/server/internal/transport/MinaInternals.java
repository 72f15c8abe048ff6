package io.socksgate.server.internal.transport;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.Lock;
import org.apache.mina.core.filterchain.IoFilterChain;
import org.apache.mina.core.service.IoProcessor;
import org.apache.mina.transport.socket.nio.NioProcessor;
import org.apache.mina.transport.socket.nio.NioSession;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;

/**
 * Everything Socksgate takes from MINA beyond what MINA offers for extension, in one place: the
 * state and the locking rules of MINA's NIO classes. A MINA upgrade re-reads this class against
 * the new MINA's sources, and {@link FilterlessChain} against the head and tail of the new MINA's
 * {@code DefaultIoFilterChain}, whose work it does.
 *
 * <p>Written against MINA {@value #WRITTEN_FOR}; {@code MinaInternalsTest} fails on any other
 * MINA, and checks that each piece below still works. {@link LeanNioProcessor} and
 * {@link BackingOffAcceptor} build on the two base classes here and otherwise only override
 * MINA's protected template methods ({@code select}, {@code wakeup}, {@code read}, {@code write},
 * {@code accept}, {@code init}, {@code destroy}); {@link EagerSocketConnector} implements MINA's
 * connector template, {@link IoThreadAcceptor} MINA's acceptor template, and {@link TunnelSession}
 * and {@link ListeningSession} MINA's public {@code NioSession}. One piece is reflection:
 * {@link #replaceFilterChain}.
 */
final class MinaInternals {

    /** The MINA version whose sources this class was checked against. */
    static final String WRITTEN_FOR = "2.2.10";

    /** NioSession's private final {@code filterChain}, which its constructor fills and its getter returns. */
    private static final Field FILTER_CHAIN = filterChainField();

    private MinaInternals() {}

    /**
     * Puts {@code chain} in place of the chain NioSession's constructor made, which is then
     * garbage: MINA offers no way to give a session its own chain, and {@code getFilterChain} is
     * what MINA's processor, services and session call for every event. Only while constructing
     * {@code session}, before any other thread can see it.
     */
    static void replaceFilterChain(NioSession session, IoFilterChain chain) {
        try {
            FILTER_CHAIN.set(session, chain);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("MINA's NioSession.filterChain cannot be set", e);
        }
    }

    private static Field filterChainField() {
        try {
            Field field = NioSession.class.getDeclaredField("filterChain");
            if (field.getType() != IoFilterChain.class) {
                throw new IllegalStateException("MINA's NioSession.filterChain is a " + field.getType());
            }
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("MINA's NioSession has no filterChain field", e);
        }
    }

    /**
     * NioProcessor with a poll of its selector. MINA keeps the selector in a protected field and
     * replaces it (registerNewSelector, its cure for a spinning selector) under the write lock of
     * its protected {@code selectorLock}; its own select and wakeup hold the read lock, and so does
     * this poll.
     */
    abstract static class PollingProcessor extends NioProcessor {

        PollingProcessor(Executor executor) {
            super(executor);
        }

        /** {@code selectNow} on MINA's current selector, under MINA's selector lock. */
        final int pollSelector() throws IOException {
            Lock lock = selectorLock.readLock();
            lock.lock();
            try {
                return selector.selectNow();
            } finally {
                lock.unlock();
            }
        }

        /** Registers {@code channel} with MINA's current selector, under MINA's selector lock. */
        final SelectionKey register(SelectableChannel channel, int ops, Object attachment) throws IOException {
            Lock lock = selectorLock.readLock();
            lock.lock();
            try {
                return channel.register(selector, ops, attachment);
            } finally {
                lock.unlock();
            }
        }

        /** The keys MINA's current selector selected last; loop thread only. */
        final Set<SelectionKey> selectedKeys() {
            return selector.selectedKeys();
        }

        /** The key of {@code channel} on MINA's current selector, or null when it has none there. */
        final SelectionKey keyOf(SelectableChannel channel) {
            return channel.keyFor(selector);
        }

        /**
         * What MINA's own wakeup sets first: its spin detection then takes a select that returned
         * early with nothing selected for an expected one, not for a broken selector.
         */
        final void markWakeupCalled() {
            wakeupCalled.set(true);
        }
    }

    /**
     * NioSocketAcceptor that accepts connections itself. MINA's accept checks the channel's key on
     * the acceptor's selector, a protected field.
     */
    abstract static class AcceptingAcceptor extends NioSocketAcceptor {

        AcceptingAcceptor(IoProcessor<NioSession> processor) {
            super(processor);
        }

        /** Whether the listening channel is ready to accept, as MINA's accept checks first. */
        final boolean readyToAccept(ServerSocketChannel handle) {
            SelectionKey key = handle == null ? null : handle.keyFor(selector);
            return key != null && key.isValid() && key.isAcceptable();
        }
    }
}
