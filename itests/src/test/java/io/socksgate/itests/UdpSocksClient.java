package io.socksgate.itests;

import static org.junit.Assert.fail;

import io.socksgate.api.SessionInfo;
import io.socksgate.api.SessionRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A SOCKS5 UDP client written out byte by byte (RFC 1928 section 7), for what PySocks cannot do:
 * datagrams with FRAG set, a control connection over IPv6, datagrams from a second socket. It
 * makes the UDP ASSOCIATE on a TCP control connection (method 00, no authentication), then sends
 * and receives datagrams with the SOCKS UDP header through the relay address of the reply, and
 * keeps a transcript of both that every failure message shows.
 */
final class UdpSocksClient implements AutoCloseable {

    /** A datagram the relay sent to the client, taken apart. */
    record Received(int fragment, int addressType, String host, int port, byte[] payload) {

        /** The sender the header names, as {@code host:port} ({@code [v6]:port} for IPv6). */
        String sender() {
            return (addressType == 0x04 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    private final Socket control;
    private final InputStream in;
    private final DatagramSocket udp;
    private final WireTranscript transcript;
    private InetSocketAddress advertised;
    private InetSocketAddress relay;

    private UdpSocksClient(Socket control, DatagramSocket udp) throws IOException {
        this.control = control;
        this.in = control.getInputStream();
        this.udp = udp;
        this.transcript = new WireTranscript(in, control.getOutputStream(), this::describe);
    }

    /**
     * Connects to the proxy at {@code proxy} from {@code source} (a loopback address: the UDP
     * socket binds there too), greets with method 00 and makes a UDP ASSOCIATE naming the UDP
     * socket's port (and the unspecified address of its family); fails unless the proxy grants
     * it. Datagrams then go to the address of the reply.
     */
    static UdpSocksClient associate(InetAddress source, InetSocketAddress proxy, int readTimeoutMillis)
            throws IOException {
        UdpSocksClient client = open(source, proxy, readTimeoutMillis);
        try {
            if (client.request() != 0x00) {
                fail("UDP ASSOCIATE was not granted (expected 05 00)" + client.describe());
            }
            return client;
        } catch (IOException | RuntimeException | AssertionError e) {
            client.close();
            throw e;
        }
    }

    /** Connects to the proxy from {@code source}, with a UDP socket there; {@link #request} asks. */
    static UdpSocksClient open(InetAddress source, InetSocketAddress proxy, int readTimeoutMillis) throws IOException {
        if (!source.isLoopbackAddress() || !proxy.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("test clients stay on loopback, not " + source + " -> " + proxy);
        }
        DatagramSocket udp = new DatagramSocket(new InetSocketAddress(source, 0));
        Socket control = new Socket();
        try {
            udp.setReceiveBufferSize(1 << 20);
            udp.setSoTimeout(readTimeoutMillis);
            control.bind(new InetSocketAddress(source, 0));
            control.connect(proxy, readTimeoutMillis);
            control.setSoTimeout(readTimeoutMillis);
            return new UdpSocksClient(control, udp);
        } catch (IOException | RuntimeException e) {
            control.close();
            udp.close();
            throw e;
        }
    }

    /**
     * Greets (method 00) and sends the UDP ASSOCIATE request; returns the reply code (REP) and,
     * for 00, takes the relay address from the reply.
     */
    int request() throws IOException {
        transcript.send("greeting (method 00)", new byte[] {0x05, 0x01, 0x00});
        byte[] selection = transcript.receive("method selection", 2);
        if (selection[0] != 0x05 || selection[1] != 0x00) {
            fail("the proxy did not choose method 00" + describe());
        }
        InetAddress local = udp.getLocalAddress();
        byte[] unspecified = new byte[local instanceof Inet6Address ? 16 : 4];
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write(0x05);
        request.write(0x03); // UDP ASSOCIATE
        request.write(0x00);
        request.write(unspecified.length == 4 ? 0x01 : 0x04);
        request.writeBytes(unspecified);
        request.write(udp.getLocalPort() >> 8);
        request.write(udp.getLocalPort());
        transcript.send("UDP ASSOCIATE, client port " + udp.getLocalPort(), request.toByteArray());
        byte[] head = transcript.receive("UDP ASSOCIATE reply", 4);
        if (head[0] != 0x05) {
            fail("the UDP ASSOCIATE reply is not SOCKS5" + describe());
        }
        int length =
                switch (head[3]) {
                    case 0x01 -> 4;
                    case 0x04 -> 16;
                    default -> {
                        fail("the UDP ASSOCIATE reply must carry an IP address (ATYP 01 or 04)" + describe());
                        yield 0;
                    }
                };
        byte[] address = transcript.receive("relay address", length);
        byte[] port = transcript.receive("relay port", 2);
        if (head[1] == 0x00) {
            advertised = new InetSocketAddress(
                    InetAddress.getByAddress(address), ((port[0] & 0xFF) << 8) | (port[1] & 0xFF));
            relay = advertised;
            transcript.append("\n  relay (advertised): ").append(advertised);
        }
        return head[1] & 0xFF;
    }

    /** The relay address the UDP ASSOCIATE reply carried. */
    InetSocketAddress advertised() {
        return advertised;
    }

    /** Sends the datagrams to {@code address} rather than to the advertised one. */
    void useRelay(InetSocketAddress address) {
        transcript.append("\n  relay (used): ").append(address);
        relay = address;
    }

    /** The control connection's local address, as the proxy records it for the session. */
    InetSocketAddress controlAddress() {
        return (InetSocketAddress) control.getLocalSocketAddress();
    }

    /** The session whose client end is {@code control}, if the registry shows it. */
    static Optional<SessionInfo> sessionOf(SessionRegistry sessions, InetSocketAddress control) {
        return sessions.sessions().stream()
                .filter(s -> control.equals(s.client()))
                .findFirst();
    }

    /** This client's session in {@code sessions} once {@code ready} holds, waiting bounded. */
    SessionInfo awaitSession(SessionRegistry sessions, Predicate<SessionInfo> ready) {
        InetSocketAddress control = controlAddress();
        AtomicReference<SessionInfo> last = new AtomicReference<>();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
                Optional<SessionInfo> session = sessionOf(sessions, control);
                session.ifPresent(last::set);
                return session.isPresent() && ready.test(session.get());
            });
        } catch (ConditionTimeoutException e) {
            fail("the SessionRegistry does not show the expected UDP session of " + control + "; last seen: "
                    + last.get() + "; live sessions: " + sessions.sessions() + describe());
        }
        return last.get();
    }

    /** The client's UDP socket. */
    InetSocketAddress udpAddress() {
        return (InetSocketAddress) udp.getLocalSocketAddress();
    }

    /** Sends {@code payload} for {@code destination} (an IP address) with the given FRAG field. */
    void send(int fragment, InetSocketAddress destination, byte[] payload) throws IOException {
        sendRaw(
                "datagram FRAG=" + fragment + " to " + destination + ", payload " + payload.length + " bytes",
                header(fragment, destination, payload));
    }

    /** Sends {@code datagram} (header included) from the client's socket to the relay. */
    void sendRaw(String what, byte[] datagram) throws IOException {
        transcript
                .append("\n  => ")
                .append(what)
                .append(" (")
                .append(datagram.length)
                .append(" bytes)");
        udp.send(new DatagramPacket(datagram, datagram.length, relay));
    }

    /** A client datagram: the SOCKS UDP header for {@code destination} (an IP address), then the payload. */
    static byte[] header(int fragment, InetSocketAddress destination, byte[] payload) {
        InetAddress address = destination.getAddress();
        int type = address instanceof Inet4Address ? 0x01 : 0x04;
        return datagram(fragment, type, address.getAddress(), destination.getPort(), payload);
    }

    private static byte[] datagram(int fragment, int type, byte[] address, int port, byte[] payload) {
        ByteArrayOutputStream datagram = new ByteArrayOutputStream();
        datagram.write(0x00);
        datagram.write(0x00);
        datagram.write(fragment);
        datagram.write(type);
        datagram.writeBytes(address);
        datagram.write(port >> 8);
        datagram.write(port);
        datagram.writeBytes(payload);
        return datagram.toByteArray();
    }

    /**
     * The next datagram from the relay, waiting at most {@code timeout}; null when none came.
     * Fails when it is not a valid SOCKS UDP datagram.
     */
    Received receive(Duration timeout) throws IOException {
        int previous = udp.getSoTimeout();
        udp.setSoTimeout(Math.toIntExact(Math.max(1, timeout.toMillis())));
        byte[] buffer = new byte[65536];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            udp.receive(packet);
        } catch (SocketTimeoutException none) {
            transcript
                    .append("\n  <= nothing within ")
                    .append(timeout.toMillis())
                    .append(" ms");
            return null;
        } finally {
            udp.setSoTimeout(previous);
        }
        byte[] data = Arrays.copyOf(packet.getData(), packet.getLength());
        transcript.append("\n  <= ").append(data.length).append(" bytes from ").append(packet.getSocketAddress());
        return parse(data);
    }

    /** The next datagram from the relay; fails when none comes within {@code timeout}. */
    Received expect(Duration timeout, String what) throws IOException {
        Received received = receive(timeout);
        if (received == null) {
            fail("no datagram from the relay within " + timeout.toMillis() + " ms: expected " + what + describe());
        }
        return received;
    }

    private Received parse(byte[] data) {
        if (data.length < 4) {
            fail("a datagram from the relay shorter than a SOCKS UDP header" + describe());
        }
        int type = data[3] & 0xFF;
        int offset = 4;
        String host;
        try {
            switch (type) {
                case 0x01, 0x04 -> {
                    int length = type == 0x01 ? 4 : 16;
                    host = InetAddress.getByAddress(Arrays.copyOfRange(data, offset, offset + length))
                            .getHostAddress();
                    offset += length;
                }
                case 0x03 -> {
                    int length = data[offset] & 0xFF;
                    host = new String(data, offset + 1, length, StandardCharsets.US_ASCII);
                    offset += 1 + length;
                }
                default -> {
                    fail("unknown ATYP 0x" + HexFormat.of().toHexDigits((byte) type) + " from the relay" + describe());
                    return null;
                }
            }
        } catch (IOException | IndexOutOfBoundsException e) {
            fail("a truncated SOCKS UDP header from the relay: " + e + describe());
            return null;
        }
        if (data.length < offset + 2) {
            fail("a truncated SOCKS UDP header from the relay" + describe());
        }
        int port = ((data[offset] & 0xFF) << 8) | (data[offset + 1] & 0xFF);
        offset += 2;
        Received received =
                new Received(data[2] & 0xFF, type, host, port, Arrays.copyOfRange(data, offset, data.length));
        transcript
                .append(": RSV ")
                .append(HexFormat.of().formatHex(data, 0, 2))
                .append(" FRAG ")
                .append(received.fragment())
                .append(" from ")
                .append(received.sender())
                .append(", payload ")
                .append(received.payload().length)
                .append(" bytes");
        if (data[0] != 0 || data[1] != 0) {
            fail("RSV of a datagram from the relay is not 00 00" + describe());
        }
        return received;
    }

    /** Closes the control connection (which ends the association); the UDP socket stays open. */
    void closeControl() throws IOException {
        transcript.append("\n  -> control connection closed");
        control.close();
    }

    /**
     * Waits, at most {@code max}, for the proxy to close the control connection; returns how long
     * that took, and fails if it sent bytes instead or kept the connection open.
     */
    Duration awaitControlClosedByProxy(Duration max) throws IOException {
        long start = System.nanoTime();
        control.setSoTimeout(Math.toIntExact(max.toMillis()));
        int next;
        try {
            next = in.read();
        } catch (SocketTimeoutException stillOpen) {
            fail("the proxy kept the control connection open for " + max.toMillis() + " ms" + describe());
            return null;
        } catch (IOException reset) {
            next = -1; // closed, if not gracefully
            transcript.append("\n  <- control connection reset: ").append(reset.getMessage());
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (next >= 0) {
            fail("the proxy sent a byte (0x" + HexFormat.of().toHexDigits((byte) next)
                    + ") on the control connection instead of closing it" + describe());
        }
        transcript
                .append("\n  <- control connection closed by the proxy after ")
                .append(took.toMillis())
                .append(" ms");
        return took;
    }

    /** The transcript so far, for a failure message. */
    String describe() {
        return "\n  control " + control.getLocalSocketAddress() + " -> " + control.getRemoteSocketAddress() + ", udp "
                + udp.getLocalSocketAddress() + transcript;
    }

    @Override
    public void close() {
        try {
            control.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        udp.close();
    }
    /** A plain UDP socket on a loopback address, to send to a relay port as someone else. */
    static final class Sender implements AutoCloseable {
        private final DatagramSocket socket;

        Sender(InetAddress source) throws IOException {
            if (!source.isLoopbackAddress()) {
                throw new IllegalArgumentException("test clients stay on loopback, not " + source);
            }
            socket = new DatagramSocket(new InetSocketAddress(source, 0));
        }

        void send(InetSocketAddress target, byte[] datagram) throws IOException {
            socket.send(new DatagramPacket(datagram, datagram.length, target));
        }

        /** A datagram's bytes if one arrives within {@code timeout}, else null. */
        byte[] receive(Duration timeout) throws IOException {
            socket.setSoTimeout(Math.toIntExact(Math.max(1, timeout.toMillis())));
            DatagramPacket packet = new DatagramPacket(new byte[65536], 65536);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException none) {
                return null;
            }
            return Arrays.copyOf(packet.getData(), packet.getLength());
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
