package io.socksgate.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** BIND for SOCKS5 and SOCKS4: two replies, the named peer only, a deadline, no leaked port. */
@Timeout(60)
class BindTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private ProxyFixture proxy;

    @BeforeEach
    void start() throws IOException {
        proxy = new ProxyFixture(Map.of("protocols", "socks5,socks4", "timeout.bind", 5));
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    @Test
    void socks5BindRepliesTwiceAndRelaysWithThePeer() throws IOException {
        try (RawClient client = new RawClient(proxy.address())) {
            client.send("05 01 00 05 02 00 01 7f 00 00 01 00 00");
            assertThat(client.read(2)).isEqualTo(Hex.bytes("05 00"));
            InetSocketAddress port = socks5Address(client.read(10));
            assertThat(port.getAddress()).isEqualTo(LOOPBACK); // the address the client reached us on

            try (Socket peer = new Socket(port.getAddress(), port.getPort())) {
                peer.setSoTimeout(RawClient.READ_TIMEOUT_MILLIS);
                InetSocketAddress second = socks5Address(client.read(10));
                assertThat(second).isEqualTo(peer.getLocalSocketAddress());

                client.send("01 02");
                assertThat(peer.getInputStream().readNBytes(2)).isEqualTo(Hex.bytes("01 02"));
                peer.getOutputStream().write(Hex.bytes("03 04 05"));
                assertThat(client.read(3)).isEqualTo(Hex.bytes("03 04 05"));
            }
            assertThat(client.readToEnd()).isEmpty(); // the peer closed: so does the tunnel
        }
        awaitNoBindPorts();
    }

    @Test
    void onlyThePeerAddressTheClientNamedIsAccepted() throws IOException {
        InetAddress expected = InetAddress.getByName("127.0.0.2");
        try (RawClient client = new RawClient(proxy.address())) {
            client.send("05 01 00 05 02 00 01 7f 00 00 02 00 00");
            client.read(2);
            InetSocketAddress port = socks5Address(client.read(10));

            try (Socket stranger = new Socket(LOOPBACK, port.getPort())) {
                stranger.setSoTimeout(RawClient.READ_TIMEOUT_MILLIS);
                assertThat(stranger.getInputStream().read()).isEqualTo(-1); // closed by the proxy
            }
            try (Socket peer = new Socket()) {
                peer.bind(new InetSocketAddress(expected, 0));
                peer.connect(port);
                assertThat(socks5Address(client.read(10)).getAddress()).isEqualTo(expected);
                client.send("2a");
                peer.setSoTimeout(RawClient.READ_TIMEOUT_MILLIS);
                assertThat(peer.getInputStream().read()).isEqualTo(0x2a);
            }
        }
    }

    @Test
    void noPeerWithinTimeoutBindGetsTtlExpiredAndThePortIsReleased() throws IOException {
        try (ProxyFixture quick = new ProxyFixture(Map.of("timeout.bind", 1));
                RawClient client = new RawClient(quick.address())) {
            client.send("05 01 00 05 02 00 01 00 00 00 00 00 00");
            client.read(2);
            InetSocketAddress port = socks5Address(client.read(10));
            assertThat(client.readToEnd()).isEqualTo(Hex.bytes("05 06 00 01 00 00 00 00 00 00"));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> quick.engine.binds().openPorts() == 0);
            assertThat(accepts(port)).isFalse();
        }
    }

    @Test
    void aClientLeavingWhileWaitingReleasesThePort() throws IOException {
        InetSocketAddress port;
        try (RawClient client = new RawClient(proxy.address())) {
            client.send("05 01 00 05 02 00 01 00 00 00 00 00 00");
            client.read(2);
            port = socks5Address(client.read(10));
            assertThat(accepts(port)).isTrue();
        }
        awaitNoBindPorts();
        assertThat(accepts(port)).isFalse();
    }

    @Test
    void socks4BindRepliesTwiceWithTheSocks4Layout() throws IOException {
        try (RawClient client = new RawClient(proxy.address())) {
            client.send("04 02 00 15 7f 00 00 01 00"); // BIND, expecting a peer from 127.0.0.1
            byte[] first = client.read(8);
            assertThat(Hex.of(first)).startsWith("00 5a");
            InetSocketAddress port = socks4Address(first);
            try (Socket peer = new Socket(port.getAddress(), port.getPort())) {
                byte[] second = client.read(8);
                assertThat(Hex.of(second)).startsWith("00 5a");
                assertThat(socks4Address(second)).isEqualTo(peer.getLocalSocketAddress());
                peer.getOutputStream().write(Hex.bytes("99"));
                assertThat(client.read(1)).isEqualTo(Hex.bytes("99"));
            }
        }
    }

    private void awaitNoBindPorts() {
        await().atMost(Duration.ofSeconds(10)).until(() -> proxy.engine.binds().openPorts() == 0);
    }

    private static boolean accepts(InetSocketAddress address) {
        try {
            new Socket(address.getAddress(), address.getPort()).close();
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /** BND.ADDR and BND.PORT of a 10-byte SOCKS5 reply with an IPv4 address; asserts success. */
    private static InetSocketAddress socks5Address(byte[] reply) throws IOException {
        assertThat(Hex.of(reply)).startsWith("05 00 00 01");
        ByteBuffer buffer = ByteBuffer.wrap(reply, 4, 6);
        byte[] address = new byte[4];
        buffer.get(address);
        return new InetSocketAddress(InetAddress.getByAddress(address), buffer.getShort() & 0xffff);
    }

    private static InetSocketAddress socks4Address(byte[] reply) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(reply, 2, 6);
        int port = buffer.getShort() & 0xffff;
        byte[] address = new byte[4];
        buffer.get(address);
        return new InetSocketAddress(InetAddress.getByAddress(address), port);
    }
}
