package io.socksgate.bench.servers;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;

/** Sends every datagram back to its sender. */
public final class UdpEchoServer {

    private UdpEchoServer() {}

    public static void start(DatagramSocket socket) {
        new Thread(() -> echo(socket), "udp-echo").start();
    }

    private static void echo(DatagramSocket socket) {
        byte[] buffer = new byte[65536];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (true) {
            try {
                packet.setData(buffer);
                socket.receive(packet);
                socket.send(new DatagramPacket(buffer, packet.getLength(), packet.getSocketAddress()));
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    System.err.println("UDP echo server stopped: " + e);
                }
                return;
            }
        }
    }
}
