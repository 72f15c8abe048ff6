package io.socksgate.udp.internal;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
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
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sockets through which associations reach destinations of the other address family than their
 * relay port's: a relay port bound to an IPv4 address cannot send to IPv6, nor one bound to an IPv6
 * address to IPv4. An association gets one when it first sends to the other family, bound to that
 * family's wildcard address on a port the system picks (like any outgoing connection's), and closes
 * it when it ends. Datagrams to the relay port's own family never come here.
 *
 * <p>One thread waits for the replies to all of them and hands each to its association's
 * {@link Receiver}, with a buffer it reuses for every datagram.
 */
final class OtherFamilySockets implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OtherFamilySockets.class);

    /** Datagrams read from one socket before the others get their turn. */
    private static final int READS_PER_TURN = 64;

    /** Takes the datagrams arriving on one socket, on this class's thread. */
    @FunctionalInterface
    interface Receiver {
        /**
         * @param source who sent it
         * @param datagram the payload, from position to limit; valid only during the call
         */
        void received(InetSocketAddress source, ByteBuffer datagram);
    }

    private record Registration(DatagramChannel channel, Receiver receiver) {}

    private static final InetSocketAddress ANY_IPV4 = wildcard(new byte[4]);
    private static final InetSocketAddress ANY_IPV6 = wildcard(new byte[16]);

    private final Selector selector;
    private final Thread thread;
    private final Queue<Registration> pending = new ConcurrentLinkedQueue<>();
    private final ByteBuffer buffer = ByteBuffer.allocate(DatagramRelay.READ_BUFFER_SIZE);
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean closed;

    OtherFamilySockets(String threadName) throws IOException {
        selector = Selector.open();
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Opens a non-blocking socket that can send to {@code destination}'s family and passes what
     * arrives on it to {@code receiver}. It can send at once; replies are read as soon as this
     * class's thread has registered it (a reply arriving before waits in the socket's buffer).
     */
    DatagramChannel open(InetAddress destination, Receiver receiver) throws IOException {
        boolean ipv4 = destination instanceof Inet4Address;
        ProtocolFamily family = ipv4 ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
        DatagramChannel channel = DatagramChannel.open(family);
        try {
            channel.configureBlocking(false);
            channel.bind(ipv4 ? ANY_IPV4 : ANY_IPV6);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        open.incrementAndGet();
        pending.add(new Registration(channel, receiver));
        selector.wakeup();
        if (closed) { // raced with close(), which may have missed it
            close(channel);
            throw new IOException("UDP relay stopped");
        }
        return channel;
    }

    /** Closes a socket {@link #open} returned; its port is free once this class's thread has seen it. */
    void close(DatagramChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing a UDP socket failed: {}", e.toString());
        }
        open.decrementAndGet();
        // A registered channel is closed for good when the selector next deregisters it: wake it.
        selector.wakeup();
    }

    /** Sockets opened and not closed yet. */
    int openSockets() {
        return open.get();
    }

    @Override
    public void close() {
        closed = true;
        selector.wakeup();
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
                register();
            }
        } catch (IOException | ClosedSelectorException e) {
            LOG.error("UDP relay: the selector for other-family sockets failed; they receive nothing more", e);
        } finally {
            for (SelectionKey key : selector.keys()) {
                closeQuietly((DatagramChannel) key.channel());
            }
            Registration left;
            while ((left = pending.poll()) != null) {
                closeQuietly(left.channel());
            }
            closeQuietly(selector);
        }
    }

    private void register() {
        Registration next;
        while ((next = pending.poll()) != null) {
            try {
                next.channel().register(selector, SelectionKey.OP_READ, next.receiver());
            } catch (ClosedChannelException e) {
                // its association ended before it was registered
            }
        }
    }

    private void read(SelectionKey key) {
        DatagramChannel channel = (DatagramChannel) key.channel();
        Receiver receiver = (Receiver) key.attachment();
        for (int i = 0; i < READS_PER_TURN; i++) {
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
                receiver.received((InetSocketAddress) source, buffer);
            } catch (RuntimeException e) {
                LOG.warn("UDP relay: a datagram from {} could not be handled", source, e);
            }
        }
    }

    private static InetSocketAddress wildcard(byte[] zeros) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(zeros), 0);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // only for a length other than 4 or 16
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing at shutdown: nothing left to do about it
        }
    }
}
