package io.socksgate.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.socksgate.api.HostPort;
import io.socksgate.api.Protocol;
import io.socksgate.api.SessionInfo;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SOCKS4 and SOCKS4a CONNECT on a listener that enables them. */
@Timeout(60)
class Socks4Test {

    private EchoServer echo;
    private ProxyFixture proxy;

    @BeforeEach
    void start() throws IOException {
        echo = EchoServer.onLoopback();
        proxy = new ProxyFixture(Map.of("protocols", "socks5,socks4"));
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void socks4ConnectIsGrantedRelaysAndRecordsTheUserId() throws IOException {
        try (RawClient client = new RawClient(proxy.address())) {
            client.send(socks4Connect(echo.port(), InetAddress.getLoopbackAddress(), "Fred"));
            byte[] reply = client.read(8);
            assertThat(Hex.of(reply)).startsWith("00 5a");
            int boundPort = ((reply[2] & 0xff) << 8) | (reply[3] & 0xff);
            echo.awaitPeer(boundPort);
            client.send("46 72 65 64");
            assertThat(client.read(4)).isEqualTo(Hex.bytes("46 72 65 64"));

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> proxy.sessions.sessions().size() == 1);
            SessionInfo info = proxy.sessions.sessions().get(0);
            assertThat(info.protocol()).isEqualTo(Protocol.SOCKS4);
            assertThat(info.user()).isEqualTo("Fred");
            assertThat(info.destination()).isEqualTo(HostPort.of(echo.address()));
        }
    }

    @Test
    void socks4aNameIsResolvedByTheProxy() throws IOException {
        try (RawClient client = new RawClient(proxy.address())) {
            client.send(socks4aConnect(echo.port(), "loopback.socksgate.test", ""));
            assertThat(Hex.of(client.read(8))).startsWith("00 5a");
            client.send("0a");
            assertThat(client.read(1)).isEqualTo(Hex.bytes("0a"));
            assertThat(proxy.sessions.sessions().get(0).destination())
                    .isEqualTo(HostPort.ofName("loopback.socksgate.test", echo.port()));
        }
    }

    @Test
    void theSeedExampleIsDecodedAndRefusedWithoutLeavingTheMachine() throws IOException {
        // 04 01 00 50 42 66 07 63 "Fred" 00: CONNECT 66.102.7.99:80. Only loopback is reachable
        // from tests, so point it at a loopback port where nothing listens.
        int closedPort = ProxyFixture.freePort();
        try (RawClient client = new RawClient(proxy.address())) {
            client.send(socks4Connect(closedPort, InetAddress.getLoopbackAddress(), "Fred"));
            assertThat(Hex.of(client.readToEnd())).isEqualTo("00 5b 00 00 00 00 00 00");
        }
    }

    @Test
    void anUnresolvableSocks4aNameIsRejected() throws IOException {
        try (RawClient client = new RawClient(proxy.address())) {
            client.send(socks4aConnect(80, "nowhere.socksgate.test", "u"));
            assertThat(Hex.of(client.readToEnd())).isEqualTo("00 5b 00 00 00 00 00 00");
        }
    }

    @Test
    void malformedSocks4RequestsGet5bAndAClose() throws IOException {
        // port 0
        try (RawClient client = new RawClient(proxy.address())) {
            client.send("04 01 00 00 7f 00 00 01 00");
            assertThat(Hex.of(client.readToEnd())).isEqualTo("00 5b 00 00 00 00 00 00");
        }
        // unknown command 03
        try (RawClient client = new RawClient(proxy.address())) {
            client.send("04 03 00 50 7f 00 00 01 00");
            assertThat(Hex.of(client.readToEnd())).isEqualTo("00 5b 00 00 00 00 00 00");
        }
        // SOCKS4a with an empty name
        try (RawClient client = new RawClient(proxy.address())) {
            client.send("04 01 00 50 00 00 00 01 00 00");
            assertThat(Hex.of(client.readToEnd())).isEqualTo("00 5b 00 00 00 00 00 00");
        }
        // a user id of 256 bytes without its NUL
        try (RawClient client = new RawClient(proxy.address())) {
            client.send("04 01 00 50 7f 00 00 01");
            client.send(new byte[256]);
            assertThat(Hex.of(client.readToEnd())).isEqualTo("00 5b 00 00 00 00 00 00");
        }
    }

    @Test
    void aListenerThatRequiresAPasswordRejectsSocks4() throws IOException {
        try (ProxyFixture strict = new ProxyFixture(Map.of("protocols", "socks5,socks4", "auth", "password"));
                RawClient client = new RawClient(strict.address())) {
            client.send(socks4Connect(echo.port(), InetAddress.getLoopbackAddress(), ""));
            assertThat(Hex.of(client.readToEnd())).isEqualTo("00 5b 00 00 00 00 00 00");
        }
        assertThat(echo.peerPorts()).isEmpty();
    }

    static byte[] socks4Connect(int port, InetAddress address, String userId) {
        byte[] user = userId.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(9 + user.length)
                .put(new byte[] {4, 1})
                .putShort((short) port)
                .put(address.getAddress())
                .put(user)
                .put((byte) 0)
                .array();
    }

    static byte[] socks4aConnect(int port, String name, String userId) {
        byte[] user = userId.getBytes(StandardCharsets.US_ASCII);
        byte[] host = name.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(10 + user.length + host.length)
                .put(new byte[] {4, 1})
                .putShort((short) port)
                .put(new byte[] {0, 0, 0, 1})
                .put(user)
                .put((byte) 0)
                .put(host)
                .put((byte) 0)
                .array();
    }
}
