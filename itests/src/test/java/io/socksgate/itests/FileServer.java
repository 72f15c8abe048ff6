package io.socksgate.itests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 server on a free port of a loopback address (127.0.0.1 unless told
 * otherwise, for example ::1) that answers every GET with one fixed body and closes the
 * connection. Enough for a download test; no dependency on JDK-internal servers.
 */
final class FileServer implements AutoCloseable {

    private final ServerSocket server;
    private final byte[] body;

    FileServer(byte[] body) throws IOException {
        this(body, InetAddress.getLoopbackAddress());
    }

    FileServer(byte[] body, InetAddress bind) throws IOException {
        if (!bind.isLoopbackAddress()) {
            throw new IllegalArgumentException("test servers listen on loopback only, not " + bind);
        }
        this.body = body;
        server = new ServerSocket(0, 50, bind);
        Thread acceptor = new Thread(this::acceptLoop, "itest-http");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                serve(socket);
            } catch (IOException ignored) {
                // closed, or a client that went away
            }
        }
    }

    private void serve(Socket socket) throws IOException {
        BufferedReader request =
                new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        String line;
        do {
            line = request.readLine(); // request line and headers, up to the empty line
        } while (line != null && !line.isEmpty());
        OutputStream out = socket.getOutputStream();
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
