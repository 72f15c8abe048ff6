package io.socksgate.udp.internal;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's UDP sockets (relay ports and the sockets for the other address family) and the one
 * thread that reads them all, handing each datagram to its socket's {@link Receiver} in a buffer it
 * reuses for every datagram.
 *
 * <p>A socket is bound on the caller's thread, a single bind(2), and is usable for sending at once;
 * this class's thread only registers it for reading, so opening one never waits for that thread
 * (which is busy relaying). A datagram arriving before the registration waits in the socket's
 * buffer. This replaces a MINA datagram acceptor, whose bind went through its I/O thread and slept
 * 10 ms under a lock shared by every bind and unbind: it capped association setups near 100/s.
 *
 * <p>Closing goes through this class's thread: a channel registered with a selector keeps its port
 * until the selector drops it, so the thread closes it, lets the selector drop it, and only then
 * reports the port free.
 */
final class DatagramSockets implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DatagramSockets.class);

    /** Takes the datagrams arriving on one socket, on this class's thread. */
    @FunctionalInterface
    interface Receiver {
        /**
         * @param channel the socket it arrived on
         * @param source who sent it
         * @param datagram the payload, from position to limit; valid only during the call
         */
        void received(DatagramChannel channel, InetSocketAddress source, ByteBuffer datagram);
    }

    private record Registration(DatagramChannel channel, Receiver receiver) {}

    private record Closing(DatagramChannel channel, Runnable whenClosed) {}

    private final Selector selector;
    private final Thread thread;
    private final Queue<Registration> registering = new ConcurrentLinkedQueue<>();
    private final Queue<Closing> closing = new ConcurrentLinkedQueue<>();
    private final ByteBuffer buffer = ByteBuffer.allocate(DatagramRelay.READ_BUFFER_SIZE);
    private volatile boolean closed;

    DatagramSockets(String threadName) throws IOException {
        selector = Selector.open();
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Opens a non-blocking socket of {@code local}'s address family bound to {@code local}, and
     * passes what arrives on it to {@code receiver}. Binds on the caller's thread.
     *
     * @throws IOException when the address cannot be bound (port taken, address not local)
     */
    DatagramChannel open(InetSocketAddress local, Receiver receiver) throws IOException {
        if (closed) {
            throw new IOException("UDP relay stopped");
        }
        ProtocolFamily family =
                local.getAddress() instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
        DatagramChannel channel = DatagramChannel.open(family);
        try {
            channel.configureBlocking(false);
            channel.bind(local);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        registering.add(new Registration(channel, receiver));
        selector.wakeup();
        if (closed) { // raced with close(), whose thread may have missed it
            channel.close();
            throw new IOException("UDP relay stopped");
        }
        return channel;
    }

    /**
     * Closes a socket {@link #open} returned; {@code whenClosed} runs once its port is free again,
     * on this class's thread (or the caller's, once this class is being closed).
     */
    void close(DatagramChannel channel, Runnable whenClosed) {
        closing.add(new Closing(channel, whenClosed));
        selector.wakeup();
        // Not closed yet: the thread sees the request, at the latest when it stops. Closed: it may
        // have looked for the last time already, so once it has ended, this thread does it.
        if (closed && Thread.currentThread() != thread) {
            awaitThread();
            closeRequested(false);
        }
    }

    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        awaitThread();
    }

    private void awaitThread() {
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (!closed) {
                selector.select(this::read);
                // The select in closeRequested clears any wakeup, so look at both queues again
                // after it: what came before that wakeup is in them.
                do {
                    register();
                } while (closeRequested(true));
            }
        } catch (IOException | ClosedSelectorException e) {
            LOG.error("UDP relay: its selector failed; relay ports receive nothing more", e);
        } finally {
            for (SelectionKey key : selector.keys()) {
                closeQuietly(key.channel());
            }
            Registration left;
            while ((left = registering.poll()) != null) {
                closeQuietly(left.channel());
            }
            closeQuietly(selector); // drops every key: the sockets are closed for good
            closeRequested(false);
        }
    }

    private void register() {
        Registration next;
        while ((next = registering.poll()) != null) {
            try {
                next.channel().register(selector, SelectionKey.OP_READ, next.receiver());
            } catch (ClosedChannelException e) {
                // closed before it was registered
            }
        }
    }

    /**
     * Closes the sockets asked for and reports them free. On this class's thread, a closed socket's
     * key is dropped by the selector's next select, which is what releases its port.
     *
     * @return whether it selected, which clears a wakeup meant for the loop
     */
    private boolean closeRequested(boolean selecting) {
        List<Runnable> closedNow = null;
        Closing next;
        while ((next = closing.poll()) != null) {
            closeQuietly(next.channel());
            if (closedNow == null) {
                closedNow = new ArrayList<>();
            }
            closedNow.add(next.whenClosed());
        }
        if (closedNow == null) {
            return false;
        }
        if (selecting) {
            try {
                selector.selectNow(this::read);
            } catch (IOException | ClosedSelectorException e) {
                LOG.debug("UDP relay: releasing closed sockets failed: {}", e.toString());
            }
        }
        for (Runnable whenClosed : closedNow) {
            try {
                whenClosed.run();
            } catch (RuntimeException e) {
                LOG.warn("UDP relay: releasing a closed socket failed", e);
            }
        }
        return selecting;
    }

    /**
     * Reads one datagram per readiness: a second receive would mostly find nothing and cost a system
     * call on every datagram of a request-reply exchange; one still waiting is reported ready again
     * at once, after the other sockets' turn.
     */
    private void read(SelectionKey key) {
        DatagramChannel channel = (DatagramChannel) key.channel();
        buffer.clear();
        SocketAddress source;
        try {
            source = channel.receive(buffer);
        } catch (IOException e) {
            return; // closed meanwhile; the selector drops its key
        }
        if (source == null) {
            return;
        }
        buffer.flip();
        try {
            ((Receiver) key.attachment()).received(channel, (InetSocketAddress) source, buffer);
        } catch (RuntimeException e) {
            LOG.warn(
                    "UDP relay: a datagram from {} could not be handled",
                    Association.text((InetSocketAddress) source),
                    e);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // a socket that cannot be closed is closed as far as anyone can tell
        }
    }
}
