package io.socksgate.server.internal.transport;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.Lock;
import org.apache.mina.core.service.IoProcessor;
import org.apache.mina.core.service.IoService;
import org.apache.mina.transport.socket.nio.NioProcessor;
import org.apache.mina.transport.socket.nio.NioSession;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;

/**
 * Everything Socksgate takes from MINA beyond what MINA offers for extension, in one place: the
 * state and the locking rules of MINA's NIO classes, and a constructor MINA keeps to itself. A
 * MINA upgrade re-reads this class against the new MINA's sources, and nothing else.
 *
 * <p>Written against MINA {@value #WRITTEN_FOR}; {@code MinaInternalsTest} fails on any other
 * MINA, and checks that each piece below still works. {@link LeanNioProcessor} and
 * {@link BackingOffAcceptor} build on the two base classes here and otherwise only override
 * MINA's protected template methods ({@code select}, {@code wakeup}, {@code read}, {@code write},
 * {@code accept}); {@link EagerSocketConnector} implements MINA's connector template and takes
 * its sessions from {@link #socketSession}.
 */
final class MinaInternals {

    /** The MINA version whose sources this class was checked against. */
    static final String WRITTEN_FOR = "2.2.10";

    private static final Constructor<?> SOCKET_SESSION = socketSessionConstructor();

    private MinaInternals() {}

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
     * the acceptor's selector (a protected field) and creates the session with NioSocketSession's
     * constructor, which is not public: it is found by reflection, once.
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

        /** MINA's session for a channel this acceptor accepted; closes the channel on failure. */
        final NioSession newSession(IoProcessor<NioSession> processor, SocketChannel channel) throws IOException {
            return socketSession(this, processor, channel);
        }
    }

    /**
     * Whether this MINA lets sessions be created for channels opened outside its own socket
     * acceptor and connector; if not, use those.
     */
    static boolean createsSessions() {
        return SOCKET_SESSION != null;
    }

    /**
     * MINA's TCP session for {@code channel}, as its own acceptor and connector create them:
     * NioSocketSession's constructor is public but its class is not, so it is found by reflection,
     * once. Closes the channel on failure.
     */
    static NioSession socketSession(IoService service, IoProcessor<NioSession> processor, SocketChannel channel)
            throws IOException {
        try {
            return (NioSession) SOCKET_SESSION.newInstance(service, processor, channel);
        } catch (ReflectiveOperationException | RuntimeException e) {
            channel.close();
            throw new IOException("cannot create a MINA session for a connection", e);
        }
    }

    private static Constructor<?> socketSessionConstructor() {
        try {
            Class<?> type = Class.forName(
                    "org.apache.mina.transport.socket.nio.NioSocketSession",
                    false,
                    NioSocketAcceptor.class.getClassLoader());
            Constructor<?> constructor =
                    type.getDeclaredConstructor(IoService.class, IoProcessor.class, SocketChannel.class);
            constructor.setAccessible(true);
            return constructor;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
