package io.socksgate.itests;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP echo server on a free port of one loopback address: every datagram goes back unchanged to
 * where it came from, on a thread of its own. It counts what it received, so a test can tell
 * whether the relay passed a datagram on at all.
 */
final class UdpEchoServer implements AutoCloseable {

    /** Every UDP payload fits: IPv6's largest is 65527 bytes. */
    private static final int BUFFER_SIZE = 65536;

    private final DatagramSocket socket;
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();

    /** Echoes on a free port of {@code address}, which must be a loopback address. */
    UdpEchoServer(InetAddress address) throws IOException {
        if (!address.isLoopbackAddress()) {
            throw new IllegalArgumentException("test servers stay on loopback, not " + address);
        }
        socket = new DatagramSocket(new InetSocketAddress(address, 0));
        socket.setReceiveBufferSize(1 << 20);
        socket.setSendBufferSize(1 << 20);
        Thread echo = new Thread(this::echoLoop, "itest-udp-echo-" + socket.getLocalPort());
        echo.setDaemon(true);
        echo.start();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Datagrams received (and echoed) so far. */
    int received() {
        return received.get();
    }

    /** Payload bytes received so far. */
    long bytesReceived() {
        return bytes.get();
    }

    private void echoLoop() {
        byte[] buffer = new byte[BUFFER_SIZE];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                received.incrementAndGet();
                bytes.addAndGet(packet.getLength());
                byte[] copy = Arrays.copyOf(packet.getData(), packet.getLength());
                socket.send(new DatagramPacket(copy, copy.length, packet.getSocketAddress()));
            } catch (IOException closedOrUnreachable) {
                if (socket.isClosed()) {
                    return;
                }
                // an ICMP error for an earlier answer: UDP carries on
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }

    @Override
    public String toString() {
        return "UDP echo on " + address() + " (" + received() + " datagrams, " + bytesReceived() + " bytes received)";
    }
}
