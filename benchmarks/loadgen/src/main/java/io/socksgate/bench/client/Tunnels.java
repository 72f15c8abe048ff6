package io.socksgate.bench.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.mina.core.buffer.IoBuffer;

/** Opens blocking tunnels: the client of every row except the connection rate. */
public final class Tunnels {

    /** A proxy's answers are tens of bytes; an answer that fills this is broken. */
    private static final int ANSWER_BUFFER = 4096;

    private Tunnels() {}

    /** A TCP tunnel to {@code destination}, through the proxy when there is one. */
    public static Tunnel connect(ProxyTarget proxy, InetSocketAddress destination) throws IOException {
        return open(proxy.firstHop(destination), proxy.connectHandshake(destination));
    }

    /**
     * Connects to {@code firstHop} and runs {@code handshake} on the connection, waiting for each
     * answer (15 s read timeout, 10 s connect timeout).
     */
    public static Tunnel open(InetSocketAddress firstHop, ClientHandshake handshake) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(15_000);
            socket.connect(firstHop, 10_000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            ByteBuffer answer = ByteBuffer.allocate(ANSWER_BUFFER);
            Step step = handshake.start();
            while (!step.established()) {
                if (step.bytes() != null) {
                    out.write(step.bytes());
                } else {
                    if (!answer.hasRemaining()) {
                        throw new IOException("proxy answer longer than " + ANSWER_BUFFER + " bytes");
                    }
                    int n = in.read(answer.array(), answer.position(), answer.remaining());
                    if (n < 0) {
                        throw new EOFException("proxy closed during the handshake");
                    }
                    answer.position(answer.position() + n);
                }
                answer.flip();
                step = handshake.advance(IoBuffer.wrap(answer));
                answer.compact();
            }
            return new Tunnel(socket, Arrays.copyOf(answer.array(), answer.position()));
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }
}
