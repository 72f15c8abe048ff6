package io.socksgate.itests;

import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A SOCKS5 client written out byte by byte, for the RFC 1929 username/password exchange: it
 * connects from a chosen loopback address (so the proxy's per-address login throttle can be
 * told apart between tests) and keeps a transcript of every byte both ways, which each failure
 * message shows.
 */
final class PasswordSocksClient implements AutoCloseable {

    /** RFC 1929: the only version of the subnegotiation. */
    static final int AUTH_VERSION = 0x01;

    static final int AUTH_SUCCESS = 0x00;
    static final int AUTH_FAILURE = 0x01;

    private final Socket socket;
    private final InputStream in;
    private final WireTranscript transcript;

    private PasswordSocksClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.transcript = new WireTranscript(in, socket.getOutputStream(), this::describe);
    }

    /**
     * Connects to the proxy on 127.0.0.1:{@code proxyPort} from {@code source} (any loopback
     * address; on Linux all of 127.0.0.0/8 is).
     */
    static PasswordSocksClient open(InetAddress source, int proxyPort, int readTimeoutMillis) throws IOException {
        if (!source.isLoopbackAddress()) {
            throw new IllegalArgumentException("test clients stay on loopback, not " + source);
        }
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxyPort), readTimeoutMillis);
            socket.setSoTimeout(readTimeoutMillis);
            return new PasswordSocksClient(socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** The client's own address and port, as the proxy records it for the session. */
    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /**
     * Greets offering only the given methods and returns the method the proxy chose (0xFF: none
     * acceptable).
     */
    int greet(int... methods) throws IOException {
        transcript.send("greeting", greeting(methods));
        return receiveMethodSelection();
    }

    private int receiveMethodSelection() throws IOException {
        byte[] selection = transcript.receive("method selection", 2);
        if (selection[0] != 0x05) {
            fail("the method selection is not SOCKS5" + describe());
        }
        return selection[1] & 0xFF;
    }

    /**
     * Sends greeting (method 02 only), credentials and a CONNECT request in one write, without
     * waiting for any answer, as a client optimising round trips may; then reads the method
     * selection and returns the RFC 1929 status. After 00 the CONNECT reply is the caller's to
     * read ({@link #receiveConnectReply}).
     */
    int pipelineLoginAndConnect(String user, String password, InetSocketAddress destination) throws IOException {
        byte[] greeting = greeting(0x02);
        byte[] credentials = credentials(user, password);
        byte[] request = connectRequest(destination);
        byte[] all = new byte[greeting.length + credentials.length + request.length];
        System.arraycopy(greeting, 0, all, 0, greeting.length);
        System.arraycopy(credentials, 0, all, greeting.length, credentials.length);
        System.arraycopy(request, 0, all, greeting.length + credentials.length, request.length);
        transcript.send(
                "greeting + username/password for " + user + " + CONNECT " + destination + " in one write", all);
        int method = receiveMethodSelection();
        if (method != 0x02) {
            fail("the proxy did not choose username/password (02) but 0x" + hex(method) + describe());
        }
        return receiveAuthStatus();
    }

    private static byte[] greeting(int... methods) {
        byte[] greeting = new byte[2 + methods.length];
        greeting[0] = 0x05;
        greeting[1] = (byte) methods.length;
        for (int i = 0; i < methods.length; i++) {
            greeting[2 + i] = (byte) methods[i];
        }
        return greeting;
    }

    private static byte[] credentials(String user, String password) {
        byte[] name = user.getBytes(StandardCharsets.UTF_8);
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        byte[] request = new byte[3 + name.length + secret.length];
        request[0] = AUTH_VERSION;
        request[1] = (byte) name.length;
        System.arraycopy(name, 0, request, 2, name.length);
        request[2 + name.length] = (byte) secret.length;
        System.arraycopy(secret, 0, request, 3 + name.length, secret.length);
        return request;
    }

    private static byte[] connectRequest(InetSocketAddress destination) {
        InetAddress address = destination.getAddress();
        if (!(address instanceof Inet4Address)) {
            throw new IllegalArgumentException("IPv4 destinations only: " + destination);
        }
        byte[] request = new byte[10];
        request[0] = 0x05;
        request[1] = 0x01; // CONNECT
        request[2] = 0x00;
        request[3] = 0x01; // IPv4
        System.arraycopy(address.getAddress(), 0, request, 4, 4);
        request[8] = (byte) (destination.getPort() >> 8);
        request[9] = (byte) destination.getPort();
        return request;
    }

    /**
     * Greets offering only method 02, expects the proxy to choose it, sends the credentials and
     * returns the RFC 1929 status (00 success, anything else failure).
     */
    int login(String user, String password) throws IOException {
        int method = greet(0x02);
        if (method != 0x02) {
            fail("the proxy did not choose username/password (02) but 0x" + hex(method) + describe());
        }
        transcript.send("username/password for " + user, credentials(user, password));
        return receiveAuthStatus();
    }

    private int receiveAuthStatus() throws IOException {
        byte[] reply = transcript.receive("username/password reply", 2);
        if (reply[0] != AUTH_VERSION) {
            fail("the username/password reply has version 0x" + hex(reply[0]) + ", not 01" + describe());
        }
        return reply[1] & 0xFF;
    }

    /** Logs in and fails unless the proxy answers 01 00. */
    void assertLogsIn(String user, String password) throws IOException {
        int status = login(user, password);
        if (status != AUTH_SUCCESS) {
            fail(user + " should be let in (01 00), the proxy answered 01 " + hex(status) + describe());
        }
    }

    /** Logs in and fails unless the proxy answers 01 01 and then closes the connection. */
    void assertRefused(String user, String password) throws IOException {
        int status = login(user, password);
        if (status != AUTH_FAILURE) {
            fail(user + " should be refused (01 01), the proxy answered 01 " + hex(status) + describe());
        }
        assertClosedByProxy("after refusing " + user);
    }

    /** Fails unless the proxy closes the connection (end of stream) without sending more. */
    void assertClosedByProxy(String when) throws IOException {
        int next;
        try {
            next = in.read();
        } catch (SocketTimeoutException stillOpen) {
            fail("the proxy kept the connection open " + when + describe());
            return;
        } catch (IOException reset) {
            transcript.append("\n  <- connection reset: ").append(reset.getMessage());
            return; // closed, even if not gracefully
        }
        if (next >= 0) {
            transcript.append("\n  <- 1 more byte: ").append(hex(next));
            fail("the proxy sent more bytes " + when + ", instead of closing" + describe());
        }
        transcript.append("\n  <- end of stream");
    }

    /** SOCKS5 CONNECT to an IPv4 destination; fails unless the proxy replies 00 (succeeded). */
    void connect(InetSocketAddress destination) throws IOException {
        transcript.send("CONNECT " + destination, connectRequest(destination));
        receiveConnectReply(destination);
    }

    /** Reads a CONNECT reply and fails unless it is 00 (succeeded). */
    void receiveConnectReply(InetSocketAddress destination) throws IOException {
        byte[] head = transcript.receive("CONNECT reply", 4);
        if (head[0] != 0x05 || head[1] != 0x00) {
            fail("CONNECT " + destination + " was not granted (expected 05 00)" + describe());
        }
        int addressLength =
                switch (head[3]) {
                    case 0x01 -> 4;
                    case 0x04 -> 16;
                    case 0x03 -> transcript.receive("bound name length", 1)[0] & 0xFF;
                    default -> {
                        fail("unknown address type in the CONNECT reply" + describe());
                        yield 0;
                    }
                };
        transcript.receive("bound address and port", addressLength + 2);
    }

    /** Sends {@code text} through the tunnel and fails unless it comes back unchanged. */
    void assertEchoes(String text) throws IOException {
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        transcript.send("data", message);
        byte[] echoed = transcript.receive("echo", message.length);
        if (!Arrays.equals(message, echoed)) {
            fail("the tunnel did not echo the data unchanged" + describe());
        }
    }

    /** The transcript so far, for a failure message. */
    String describe() {
        return "\n  client " + socket.getLocalSocketAddress() + " -> proxy " + socket.getRemoteSocketAddress()
                + transcript;
    }

    private static String hex(int value) {
        return HexFormat.of().toHexDigits((byte) value);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
