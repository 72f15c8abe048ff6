package io.socksgate.server.internal.dial.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback TCP servers the tests dial through upstreams: an echo server that may speak first (a
 * banner, as SSH or SMTP servers do), and a silent one that accepts and never answers (a hung
 * upstream), counting the connections each accepted.
 */
final class Destinations implements AutoCloseable {

    private final List<ServerSocket> servers = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    /** A listening server and how many connections it has accepted. */
    record Server(ServerSocket socket, AtomicInteger accepted) {
        int port() {
            return socket.getLocalPort();
        }

        String address() {
            return "127.0.0.1:" + port();
        }
    }

    /** Echoes every byte; sends {@code banner} first when not null. */
    Server echo(String banner) throws IOException {
        return serve(socket -> {
            try (InputStream in = socket.getInputStream();
                    OutputStream out = socket.getOutputStream()) {
                if (banner != null) {
                    out.write(banner.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                byte[] buffer = new byte[8192];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                }
            }
        });
    }

    /** Accepts and reads, never writes: a server that hangs in the middle of a handshake. */
    Server silent() throws IOException {
        return serve(socket -> socket.getInputStream().transferTo(OutputStream.nullOutputStream()));
    }

    /** Writes {@code response} at once, in one write, then echoes: an HTTP proxy stand-in. */
    Server answering(String response) throws IOException {
        return serve(socket -> {
            try (InputStream in = socket.getInputStream();
                    OutputStream out = socket.getOutputStream()) {
                byte[] head = new byte[4096];
                int length = 0;
                while (!new String(head, 0, length, StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                    int n = in.read(head, length, head.length - length);
                    if (n < 0) {
                        return;
                    }
                    length += n;
                }
                out.write(response.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                in.transferTo(out);
            }
        });
    }

    /** A loopback port nothing listens on (connects are refused). */
    static int closedPort() throws IOException {
        return Peers.freePort();
    }

    private interface Conversation {
        void talk(Socket socket) throws IOException;
    }

    private Server serve(Conversation conversation) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        servers.add(server);
        AtomicInteger accepted = new AtomicInteger();
        Thread acceptor = new Thread(
                () -> {
                    while (!server.isClosed()) {
                        try {
                            Socket socket = server.accept();
                            sockets.add(socket);
                            accepted.incrementAndGet();
                            Thread talker = new Thread(
                                    () -> {
                                        try (socket) {
                                            conversation.talk(socket);
                                        } catch (IOException e) {
                                            // the peer went away
                                        }
                                    },
                                    "destination-" + socket.getPort());
                            talker.setDaemon(true);
                            talker.start();
                        } catch (IOException e) {
                            return; // closed
                        }
                    }
                },
                "destination-acceptor-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
        return new Server(server, accepted);
    }

    @Override
    public void close() throws IOException {
        for (ServerSocket server : servers) {
            server.close();
        }
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
