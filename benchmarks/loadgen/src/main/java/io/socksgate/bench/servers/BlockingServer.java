package io.socksgate.bench.servers;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;

/** A thread-per-connection server for the bulk and slow rows: one accept thread, one worker each. */
final class BlockingServer {

    /** What a worker does with its connection; any exception just ends it (the peer went away). */
    interface Handler {
        void handle(Socket socket) throws IOException, InterruptedException;
    }

    private BlockingServer() {}

    /** Starts the accept thread; it is not a daemon, so the servers' JVM runs until killed. */
    static void start(ServerSocket server, Handler handler) {
        Thread acceptor = new Thread(() -> acceptLoop(server, handler), "accept-" + server.getLocalPort());
        acceptor.start();
    }

    private static void acceptLoop(ServerSocket server, Handler handler) {
        while (true) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return;
            }
            Thread worker = new Thread(() -> serve(socket, handler));
            worker.setDaemon(true);
            worker.start();
        }
    }

    private static void serve(Socket socket, Handler handler) {
        try (socket) {
            socket.setTcpNoDelay(true);
            handler.handle(socket);
        } catch (IOException ignored) {
            // the peer closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the benchmark is ending
        }
    }
}
