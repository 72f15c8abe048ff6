package io.socksgate.server.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A destination that sends to everyone who connects, as fast as they are read, until they close:
 * byte k of each connection's stream is {@link #byteAt}(k), so a byte out of place shows.
 */
final class Firehose implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    Firehose() throws IOException {
        server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "firehose-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                accepted.add(socket);
                Thread sender = new Thread(() -> send(socket), "firehose-send");
                sender.setDaemon(true);
                sender.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** Byte k of a connection's stream: k mod 251, a period that no buffer size divides. */
    static byte byteAt(long k) {
        return (byte) (k % 251);
    }

    private static void send(Socket socket) {
        byte[] chunk = new byte[251 * 512]; // whole periods: every chunk is the same
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = byteAt(i);
        }
        try (socket;
                OutputStream out = socket.getOutputStream()) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException gone) {
            // the client (or the proxy) closed: done
        }
    }

    InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : accepted) {
            socket.close();
        }
    }
}
