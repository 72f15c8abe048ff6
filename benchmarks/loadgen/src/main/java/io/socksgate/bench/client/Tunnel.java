package io.socksgate.bench.client;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.Socket;

/**
 * An open blocking tunnel. Bytes the server sent right behind the proxy's answer (the source
 * server writes at once) may have been read with it; {@link #in()} returns them first.
 */
public final class Tunnel implements Closeable {

    private final Socket socket;
    private final InputStream in;

    Tunnel(Socket socket, byte[] alreadyRead) throws IOException {
        this.socket = socket;
        this.in = alreadyRead.length == 0
                ? socket.getInputStream()
                : new SequenceInputStream(new ByteArrayInputStream(alreadyRead), socket.getInputStream());
    }

    public Socket socket() {
        return socket;
    }

    public InputStream in() {
        return in;
    }

    public OutputStream out() throws IOException {
        return socket.getOutputStream();
    }

    /** Reads exactly {@code length} bytes into {@code buffer}. */
    public void readFully(byte[] buffer, int length) throws IOException {
        Streams.readFully(in, buffer, length);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
