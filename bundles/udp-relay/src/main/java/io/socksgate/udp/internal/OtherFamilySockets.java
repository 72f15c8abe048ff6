package io.socksgate.udp.internal;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sockets through which associations reach destinations of the other address family than their
 * relay port's: a relay port bound to an IPv4 address cannot send to IPv6, nor one bound to an IPv6
 * address to IPv4. An association gets one when it first sends to the other family, bound to that
 * family's wildcard address on a port the system picks (like any outgoing connection's), and closes
 * it when it ends. Datagrams to the relay port's own family never come here. The replies are read by
 * the relay's {@link DatagramSockets} thread, like the relay ports' datagrams.
 */
final class OtherFamilySockets {

    private static final InetSocketAddress ANY_IPV4 = wildcard(new byte[4]);
    private static final InetSocketAddress ANY_IPV6 = wildcard(new byte[16]);

    private final DatagramSockets sockets;
    private final AtomicInteger open = new AtomicInteger();

    OtherFamilySockets(DatagramSockets sockets) {
        this.sockets = sockets;
    }

    /**
     * Opens a non-blocking socket that can send to {@code destination}'s family and passes what
     * arrives on it to {@code receiver}. It can send at once.
     */
    DatagramChannel open(InetAddress destination, DatagramSockets.Receiver receiver) throws IOException {
        DatagramChannel channel = sockets.open(destination instanceof Inet4Address ? ANY_IPV4 : ANY_IPV6, receiver);
        open.incrementAndGet();
        return channel;
    }

    /** Closes a socket {@link #open} returned. */
    void close(DatagramChannel channel) {
        sockets.close(channel, open::decrementAndGet);
    }

    /** Sockets opened and not closed yet. */
    int openSockets() {
        return open.get();
    }

    private static InetSocketAddress wildcard(byte[] zeros) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(zeros), 0);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // only for a length other than 4 or 16
        }
    }
}
