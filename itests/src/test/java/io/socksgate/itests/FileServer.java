package io.socksgate.itests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A minimal HTTP/1.1 server on a free port of a loopback address (127.0.0.1 unless told
 * otherwise, for example ::1) that answers every GET with one fixed body and closes the
 * connection; over TLS when given a server {@link SSLContext} (https through a CONNECT tunnel).
 * Enough for a download test; no dependency on JDK-internal servers. A thread per connection.
 */
final class FileServer implements AutoCloseable {

    /** How long a server made by {@link #answeringTogether} waits for the other requests. */
    private static final long TOGETHER_TIMEOUT_SECONDS = 30;

    private final ServerSocket server;
    private final byte[] body;
    private final AtomicInteger requests = new AtomicInteger();
    /** Counted down by each request; answers wait for zero (null: answer at once). */
    private final CountDownLatch together;

    FileServer(byte[] body) throws IOException {
        this(body, InetAddress.getLoopbackAddress());
    }

    FileServer(byte[] body, InetAddress bind) throws IOException {
        this(body, plainSocket(bind), null);
    }

    /** Serves https with {@code tls}'s key on 127.0.0.1. */
    FileServer(byte[] body, SSLContext tls) throws IOException {
        this(body, tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress()), null);
    }

    private FileServer(byte[] body, ServerSocket server, CountDownLatch together) {
        this.body = body;
        this.server = server;
        this.together = together;
        Thread acceptor = new Thread(this::acceptLoop, "itest-http");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * A server on 127.0.0.1 that answers only once {@code clients} requests have arrived, each
     * on its connection (at most {@value #TOGETHER_TIMEOUT_SECONDS} s, then it closes them
     * unanswered): when every client gets the body, all their connections were open at once.
     */
    static FileServer answeringTogether(byte[] body, int clients) throws IOException {
        return new FileServer(body, plainSocket(InetAddress.getLoopbackAddress()), new CountDownLatch(clients));
    }

    private static ServerSocket plainSocket(InetAddress bind) throws IOException {
        if (!bind.isLoopbackAddress()) {
            throw new IllegalArgumentException("test servers listen on loopback only, not " + bind);
        }
        return new ServerSocket(0, 50, bind);
    }

    int port() {
        return server.getLocalPort();
    }

    /** How many requests (request line and headers read) the server has had so far. */
    int requests() {
        return requests.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread connection = new Thread(() -> serve(socket), "itest-http-" + socket.getPort());
                connection.setDaemon(true);
                connection.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            BufferedReader request =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String line;
            do {
                line = request.readLine(); // request line and headers, up to the empty line
            } while (line != null && !line.isEmpty());
            requests.incrementAndGet();
            if (together != null) {
                together.countDown();
                if (!together.await(TOGETHER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    return; // the others never came: no answer
                }
            }
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + body.length
                            + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        } catch (IOException ignored) {
            // a client that went away (or a failed TLS handshake: the client reports it)
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
