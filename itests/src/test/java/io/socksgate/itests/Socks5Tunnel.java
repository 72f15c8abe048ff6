package io.socksgate.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An anonymous SOCKS5 CONNECT written out byte by byte (greeting offering method 00, CONNECT to
 * an IPv4 destination), from 127.0.0.1 to a proxy port on 127.0.0.1. Every read is bounded by
 * the socket's read timeout, so a proxy that hangs fails the test instead of stalling it.
 */
final class Socks5Tunnel implements AutoCloseable {

    static final int SUCCEEDED = 0x00;
    static final int NOT_ALLOWED = 0x02;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private Socks5Tunnel(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Opens a tunnel through the proxy on {@code proxyPort}; fails unless the proxy replies 00. */
    static Socks5Tunnel open(int proxyPort, InetSocketAddress destination, int readTimeoutMillis) throws IOException {
        return open(InetAddress.getLoopbackAddress(), proxyPort, destination, readTimeoutMillis);
    }

    /**
     * As {@link #open(int, InetSocketAddress, int)}, from {@code source}: any 127.0.0.0/8 address
     * is this host's on Linux, and the proxy's rules and access log tell clients apart by it.
     */
    static Socks5Tunnel open(InetAddress source, int proxyPort, InetSocketAddress destination, int readTimeoutMillis)
            throws IOException {
        Socks5Tunnel tunnel = connect(source, proxyPort, readTimeoutMillis);
        try {
            int reply = tunnel.request(destination);
            if (reply != SUCCEEDED) {
                fail("CONNECT " + destination + " through port " + proxyPort + " was answered 0x"
                        + HexFormat.of().toHexDigits((byte) reply) + ", not 00 (succeeded)");
            }
            return tunnel;
        } catch (IOException | RuntimeException | AssertionError e) {
            tunnel.close();
            throw e;
        }
    }

    /** The reply code the proxy on {@code proxyPort} gives to a CONNECT to {@code destination}. */
    static int connectReply(int proxyPort, InetSocketAddress destination, int readTimeoutMillis) throws IOException {
        try (Socks5Tunnel tunnel = connect(proxyPort, readTimeoutMillis)) {
            return tunnel.request(destination);
        }
    }

    /**
     * Whether a SOCKS5 greeting offering {@code none} is answered {@code 05 00} on the port: a
     * SOCKS listener, not just an open port. False when the port refuses or closes.
     */
    static boolean greets(int proxyPort, int readTimeoutMillis) {
        try (Socks5Tunnel probe = connect(proxyPort, readTimeoutMillis)) {
            probe.out.write(new byte[] {5, 1, 0});
            probe.out.flush();
            return Arrays.equals(new byte[] {5, 0}, probe.in.readNBytes(2));
        } catch (IOException refused) {
            return false;
        }
    }

    private static Socks5Tunnel connect(int proxyPort, int readTimeoutMillis) throws IOException {
        return connect(InetAddress.getLoopbackAddress(), proxyPort, readTimeoutMillis);
    }

    private static Socks5Tunnel connect(InetAddress source, int proxyPort, int readTimeoutMillis) throws IOException {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxyPort), readTimeoutMillis);
            socket.setSoTimeout(readTimeoutMillis);
            return new Socks5Tunnel(socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Greeting, method selection, CONNECT and its reply; returns the reply code. */
    private int request(InetSocketAddress destination) throws IOException {
        InetAddress address = destination.getAddress();
        if (!(address instanceof Inet4Address)) {
            throw new IllegalArgumentException("IPv4 destinations only: " + destination);
        }
        byte[] greetingAndRequest = new byte[13];
        greetingAndRequest[0] = 0x05;
        greetingAndRequest[1] = 0x01;
        greetingAndRequest[2] = 0x00; // no authentication
        greetingAndRequest[3] = 0x05;
        greetingAndRequest[4] = 0x01; // CONNECT
        greetingAndRequest[5] = 0x00;
        greetingAndRequest[6] = 0x01; // IPv4
        System.arraycopy(address.getAddress(), 0, greetingAndRequest, 7, 4);
        greetingAndRequest[11] = (byte) (destination.getPort() >> 8);
        greetingAndRequest[12] = (byte) destination.getPort();
        out.write(greetingAndRequest);
        out.flush();
        assertArrayEquals("method selection (05 00)", new byte[] {5, 0}, readExactly(2, "the method selection"));
        byte[] reply = readExactly(10, "the CONNECT reply (IPv4 bound address)");
        assertEquals("reply version", 5, reply[0]);
        return reply[1] & 0xFF;
    }

    /** The client's address and port, as the proxy records it for the session. */
    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    int localPort() {
        return socket.getLocalPort();
    }

    /** Sends {@code message} and fails unless the same bytes come back. */
    void assertEchoes(byte[] message) throws IOException {
        out.write(message);
        out.flush();
        assertArrayEquals("the echo through the tunnel", message, readExactly(message.length, "the echo"));
    }

    /**
     * Fails unless the proxy ends the tunnel: the next read returns end of stream (or a reset)
     * within the socket's read timeout.
     */
    void assertClosedByProxy(String when) throws IOException {
        int next;
        try {
            next = in.read();
        } catch (SocketTimeoutException stillOpen) {
            fail("the tunnel from " + localAddress() + " stayed open " + when);
            return;
        } catch (IOException reset) {
            return; // closed, if not gracefully
        }
        assertEquals("the next read " + when + " (-1: end of stream)", -1, next);
    }

    private byte[] readExactly(int length, String what) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            fail("the proxy closed the connection during " + what + " (" + bytes.length + " of " + length + " bytes)");
        }
        return bytes;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
