package io.socksgate.server.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;

/**
 * A plain socket that speaks SOCKS bytes as the test writes them. Every read is bounded by the
 * socket timeout, so a proxy that hangs fails the test instead of stalling it.
 */
final class RawClient implements AutoCloseable {

    static final int READ_TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    private final InputStream in;

    RawClient(InetSocketAddress proxy) throws IOException {
        this(proxy, null);
    }

    /**
     * A client connecting from {@code from} (any port), for example another loopback address
     * (127.0.0.2) playing a load balancer; null for the system's choice.
     */
    RawClient(InetSocketAddress proxy, java.net.InetAddress from) throws IOException {
        socket = new Socket();
        if (from != null) {
            socket.bind(new InetSocketAddress(from, 0));
        }
        socket.connect(proxy, READ_TIMEOUT_MILLIS);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
    }

    RawClient send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    RawClient send(String hex) throws IOException {
        return send(Hex.bytes(hex));
    }

    /** Exactly {@code n} bytes, or an error when the proxy closes or stalls first. */
    byte[] read(int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length != n) {
            throw new AssertionError("closed after " + bytes.length + " of " + n + " bytes: " + Hex.of(bytes));
        }
        return bytes;
    }

    /** Reads until the proxy closes the connection; fails when it stays open past the timeout. */
    byte[] readToEnd() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        try {
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the proxy did not close the connection within " + READ_TIMEOUT_MILLIS + " ms", e);
        }
        return out.toByteArray();
    }

    /** A SOCKS5 CONNECT request for an IPv4 or IPv6 literal destination. */
    static byte[] connectRequest(InetSocketAddress destination) {
        byte[] address = destination.getAddress().getAddress();
        ByteBuffer request = ByteBuffer.allocate(6 + address.length);
        request.put(new byte[] {5, 1, 0, (byte) (address.length == 4 ? 1 : 4)});
        request.put(address);
        request.putShort((short) destination.getPort());
        return request.array();
    }

    /** A SOCKS5 CONNECT request for a host name. */
    static byte[] connectRequest(String name, int port) {
        byte[] host = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ByteBuffer request = ByteBuffer.allocate(7 + host.length);
        request.put(new byte[] {5, 1, 0, 3, (byte) host.length});
        request.put(host);
        request.putShort((short) port);
        return request.array();
    }

    Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
