package io.socksgate.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SOCKS5 CONNECT with the `none` method, against a real listener and real sockets. */
@Timeout(60)
class Socks5ConnectTest {

    private static final String GREETING = "05 01 00";
    private static final String SELECTED_NONE = "05 00";

    private EchoServer echo;
    private ProxyFixture proxy;

    @BeforeEach
    void start() throws IOException {
        echo = EchoServer.onLoopback();
        proxy = new ProxyFixture(Map.of("timeout.connect", 2));
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void jdkClientTalksThroughTheTunnel() throws IOException {
        try (Socket socket = new Socket(new Proxy(Proxy.Type.SOCKS, proxy.address()))) {
            socket.setSoTimeout(RawClient.READ_TIMEOUT_MILLIS);
            socket.connect(echo.address());
            assertEchoes(socket, "hello through socksgate");
        }
    }

    @Test
    void jdkClientWithAnUnresolvedNameLetsTheProxyResolveIt() throws IOException {
        try (Socket socket = new Socket(new Proxy(Proxy.Type.SOCKS, proxy.address()))) {
            socket.setSoTimeout(RawClient.READ_TIMEOUT_MILLIS);
            socket.connect(InetSocketAddress.createUnresolved("loopback.socksgate.test", echo.port()));
            assertEchoes(socket, "resolved by the proxy");
        }
    }

    @Test
    void manyTunnelsOpenedWhileOthersAreLiveAllRelay() throws IOException {
        // Regression: a connect completing on the connector thread was cancelled by the dialer
        // after it had succeeded, and the tunnel hung without a reply (a few percent of tunnels).
        List<RawClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 60; i++) {
                RawClient tunnel = ListenerLifecycleTest.openTunnel(proxy.address(), echo);
                open.add(tunnel);
                tunnel.send(new byte[] {(byte) i});
                assertThat(tunnel.read(1)).containsExactly((byte) i);
            }
        } finally {
            for (RawClient tunnel : open) {
                tunnel.close();
            }
        }
    }

    @Test
    void successReplyCarriesTheRealBoundAddressAndPort() throws IOException {
        try (RawClient client = new RawClient(proxy.address())) {
            client.send(GREETING);
            assertThat(client.read(2)).isEqualTo(Hex.bytes(SELECTED_NONE));
            client.send(RawClient.connectRequest(echo.address()));
            ByteBuffer reply = ByteBuffer.wrap(client.read(10));
            assertThat(reply.getInt()).isEqualTo(0x05000001); // VER REP RSV ATYP=IPv4
            byte[] address = new byte[4];
            reply.get(address);
            assertThat(InetAddress.getByAddress(address)).isEqualTo(InetAddress.getLoopbackAddress());
            int boundPort = reply.getShort() & 0xffff;
            echo.awaitPeer(boundPort);
        }
    }

    @Test
    void ipv6DestinationGetsAnIpv6BoundAddress() throws IOException {
        try (EchoServer echo6 = new EchoServer(InetAddress.getByName("::1"));
                RawClient client = new RawClient(proxy.address())) {
            client.send(GREETING).send(RawClient.connectRequest(echo6.address()));
            assertThat(client.read(2)).isEqualTo(Hex.bytes(SELECTED_NONE));
            byte[] reply = client.read(22);
            assertThat(Hex.of(reply)).startsWith("05 00 00 04 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01");
            int boundPort = ((reply[20] & 0xff) << 8) | (reply[21] & 0xff);
            echo6.awaitPeer(boundPort);
            client.send("ab cd");
            assertThat(client.read(2)).isEqualTo(Hex.bytes("ab cd"));
        }
    }

    @Test
    void greetingRequestAndDataInOneSegmentAreAllServed() throws IOException {
        try (RawClient client = new RawClient(proxy.address())) {
            byte[] data = "early bytes".getBytes(StandardCharsets.US_ASCII);
            client.send(concat(Hex.bytes(GREETING), RawClient.connectRequest(echo.address()), data));
            assertThat(client.read(2)).isEqualTo(Hex.bytes(SELECTED_NONE));
            assertThat(client.read(10)[1]).isEqualTo((byte) 0);
            assertThat(client.read(data.length)).isEqualTo(data);
        }
    }

    @Test
    void aRequestArrivingOneByteAtATimeWorks() throws IOException {
        try (RawClient client = new RawClient(proxy.address())) {
            byte[] handshake =
                    concat(Hex.bytes(GREETING), RawClient.connectRequest("loopback.socksgate.test", echo.port()));
            for (byte b : handshake) {
                client.send(new byte[] {b});
            }
            assertThat(client.read(2)).isEqualTo(Hex.bytes(SELECTED_NONE));
            assertThat(client.read(10)[1]).isEqualTo((byte) 0);
            client.send("01 02 03");
            assertThat(client.read(3)).isEqualTo(Hex.bytes("01 02 03"));
        }
    }

    @Test
    void refusedConnectionRepliesConnectionRefused() throws IOException {
        assertThat(connectReplyCode(RawClient.connectRequest(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), ProxyFixture.freePort()))))
                .isEqualTo(0x05);
    }

    @Test
    void unreachableNetworkRepliesNetworkUnreachable() throws IOException {
        // The kernel refuses TCP to a multicast group at once (ENETUNREACH): nothing is sent.
        assertThat(connectReplyCode(RawClient.connectRequest(new InetSocketAddress("224.0.0.1", 9))))
                .isEqualTo(0x03);
    }

    @Test
    void unresolvableNameRepliesHostUnreachable() throws IOException {
        // Names resolve from src/test/hosts only (jdk.net.hosts.file), so no DNS query leaves the machine.
        assertThat(connectReplyCode(RawClient.connectRequest("nowhere.socksgate.test", 80)))
                .isEqualTo(0x04);
    }

    @Test
    void namesThatLookLikeAddressesAreNeverResolved() throws IOException {
        // The JDK (and libc) would read 127.1 as 127.0.0.1 and send 10.0.0.256 to DNS.
        for (String name : new String[] {"127.1", "10.0.0.256", "0x7f.0.0.1"}) {
            assertThat(connectReplyCode(RawClient.connectRequest(name, echo.port())))
                    .as(name)
                    .isEqualTo(4);
        }
        assertThat(echo.peerPorts()).isEmpty();
        try (RawClient client = new RawClient(proxy.address())) {
            client.send(GREETING);
            client.read(2);
            client.send(RawClient.connectRequest("127.0.0.1", echo.port()));
            assertThat(client.read(10)[1]).as("a literal sent as a name").isZero();
        }
    }

    @Test
    void connectTimeoutRepliesTtlExpired() throws IOException {
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = fillBacklog(full);
            try {
                assertThat(connectReplyCode(RawClient.connectRequest((InetSocketAddress) full.getLocalSocketAddress())))
                        .isEqualTo(0x06);
            } finally {
                for (Socket filler : fillers) {
                    filler.close();
                }
            }
        }
    }

    @Test
    void unknownCommandRepliesCommandNotSupported() throws IOException {
        assertThat(connectReplyCode(Hex.bytes("05 09 00 01 7f 00 00 01 00 50"))).isEqualTo(0x07);
    }

    @Test
    void unknownAddressTypeRepliesAddressTypeNotSupported() throws IOException {
        assertThat(connectReplyCode(Hex.bytes("05 01 00 05 7f 00 00 01 00 50"))).isEqualTo(0x08);
    }

    @Test
    void portZeroEmptyAndControlCharacterNamesAreRefused() throws IOException {
        assertThat(connectReplyCode(Hex.bytes("05 01 00 01 7f 00 00 01 00 00"))).isEqualTo(0x01);
        assertThat(connectReplyCode(Hex.bytes("05 01 00 03 00 00 50"))).isEqualTo(0x01);
        assertThat(connectReplyCode(Hex.bytes("05 01 00 03 03 61 00 62 00 50"))).isEqualTo(0x01); // "a\0b"
        assertThat(connectReplyCode(Hex.bytes("05 01 00 03 03 61 0a 62 00 50"))).isEqualTo(0x01); // "a\nb"
    }

    @Test
    void greetingWithoutMethodsGetsNoAcceptableMethodsAndAClose() throws IOException {
        try (RawClient client = new RawClient(proxy.address())) {
            client.send("05 00");
            assertThat(client.readToEnd()).isEqualTo(Hex.bytes("05 ff"));
        }
    }

    @Test
    void clientOfferingOnlyPasswordGetsNoAcceptableMethods() throws IOException {
        try (RawClient client = new RawClient(proxy.address())) {
            client.send("05 01 02");
            assertThat(client.readToEnd()).isEqualTo(Hex.bytes("05 ff"));
        }
    }

    @Test
    void otherProtocolVersionsAreClosedWithoutAnAnswer() throws IOException {
        try (RawClient client = new RawClient(proxy.address())) {
            client.send("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(client.readToEnd()).isEmpty();
        }
        try (RawClient client = new RawClient(proxy.address())) {
            client.send("04 01 00 50 42 66 07 63 46 72 65 64 00"); // SOCKS4 is off by default
            assertThat(client.readToEnd()).isEmpty();
        }
    }

    @Test
    void dataAfterAFailureReplyIsNeverRelayed() throws IOException {
        try (RawClient client = new RawClient(proxy.address())) {
            client.send(GREETING + " 05 09 00 01 7f 00 00 01 00 50 de ad be ef");
            assertThat(client.readToEnd()).isEqualTo(Hex.bytes("05 00 05 07 00 01 00 00 00 00 00 00"));
        }
        assertThat(echo.peerPorts()).isEmpty();
    }

    private int connectReplyCode(byte[] request) throws IOException {
        try (RawClient client = new RawClient(proxy.address())) {
            client.send(GREETING);
            assertThat(client.read(2)).isEqualTo(Hex.bytes(SELECTED_NONE));
            client.send(request);
            byte[] reply = client.readToEnd();
            assertThat(reply).hasSizeGreaterThanOrEqualTo(10);
            assertThat(reply[0]).isEqualTo((byte) 5);
            return reply[1] & 0xff;
        }
    }

    /** Fills a listener's accept queue so that further connects wait for the SYN to be answered. */
    private static List<Socket> fillBacklog(ServerSocket server) throws IOException {
        List<Socket> fillers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Socket socket = new Socket();
            try {
                socket.connect(server.getLocalSocketAddress(), 500);
                fillers.add(socket);
            } catch (SocketTimeoutException full) {
                socket.close();
                return fillers;
            }
        }
        throw new IllegalStateException("the accept queue never filled up");
    }

    private static void assertEchoes(Socket socket, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
        InputStream in = socket.getInputStream();
        assertThat(in.readNBytes(bytes.length)).isEqualTo(bytes);
    }

    static byte[] concat(byte[]... parts) {
        ByteBuffer all = ByteBuffer.allocate(
                java.util.Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] part : parts) {
            all.put(part);
        }
        return all.array();
    }
}
