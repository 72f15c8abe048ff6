package io.socksgate.udp.internal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/** A UDP echo server on a free loopback port: sends every datagram back to its sender. */
final class UdpEcho implements AutoCloseable {

    private final DatagramSocket socket;
    private final AtomicInteger received = new AtomicInteger();

    UdpEcho(InetAddress address) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(address, 0));
        Thread thread = new Thread(this::loop, "udp-echo-" + socket.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Datagrams received so far. */
    int received() {
        return received.get();
    }

    private void loop() {
        byte[] buffer = new byte[65536];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                received.incrementAndGet();
                byte[] data = Arrays.copyOfRange(packet.getData(), packet.getOffset(), packet.getLength());
                socket.send(new DatagramPacket(data, data.length, packet.getSocketAddress()));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
