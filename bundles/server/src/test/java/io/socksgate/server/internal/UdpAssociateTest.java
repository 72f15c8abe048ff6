package io.socksgate.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.socksgate.api.SessionInfo;
import io.socksgate.api.UdpCounters;
import io.socksgate.server.internal.limit.LimitTable;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** UDP ASSOCIATE through the listener and the real relay: reply, datagrams, policy, lifetime. */
@Timeout(60)
class UdpAssociateTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private DatagramSocket echo;
    private ProxyFixture proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        Thread echoer = new Thread(this::echoLoop, "udp-echo");
        echoer.setDaemon(true);
        echoer.start();
        proxy = new ProxyFixture();
    }

    @AfterEach
    void stop() {
        proxy.close();
        echo.close();
    }

    @Test
    void datagramsGoBothWaysAndTheSessionShowsTheirCounters() throws IOException {
        try (RawClient control = new RawClient(proxy.address());
                DatagramSocket client = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            InetSocketAddress relay = associate(control, client.getLocalPort());
            client.setSoTimeout(RawClient.READ_TIMEOUT_MILLIS);
            for (int size : new int[] {1, 2049, 8192}) {
                byte[] payload = new byte[size];
                Arrays.fill(payload, (byte) size);
                client.send(wrapped(payload, (InetSocketAddress) echo.getLocalSocketAddress(), relay));
                DatagramPacket reply = new DatagramPacket(new byte[65536], 65536);
                client.receive(reply);
                ByteBuffer answer = ByteBuffer.wrap(reply.getData(), 0, reply.getLength());
                assertThat(answer.getInt()).isEqualTo(0x00000001); // RSV RSV FRAG ATYP=IPv4
                byte[] from = new byte[4];
                answer.get(from);
                assertThat(new InetSocketAddress(InetAddress.getByAddress(from), answer.getShort() & 0xffff))
                        .isEqualTo(echo.getLocalSocketAddress());
                byte[] body = new byte[answer.remaining()];
                answer.get(body);
                assertThat(body).isEqualTo(payload);
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                SessionInfo info = proxy.sessions.sessions().get(0);
                UdpCounters udp = info.udp();
                assertThat(udp.datagramsFromClient()).isEqualTo(3);
                assertThat(udp.datagramsToClient()).isEqualTo(3);
                assertThat(info.bytesFromClient()).isEqualTo(1 + 2049 + 8192);
            });
        }
    }

    /** The listener's limits: one, {@code name}, for UDP associations; the caller stops the table. */
    private LimitTable udpLimit(String name, String... keyValues) {
        LimitTable limits = LimitTable.create(
                proxy.policy, proxy.engine::runLater, proxy.engine.timers(), proxy.engine.blockingWork(), null);
        proxy.listener.limits = limits;
        Map<String, Object> properties = new HashMap<>();
        properties.put("service.pid", "io.socksgate.limit~" + name);
        properties.put("commands", "udp");
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put(keyValues[i], keyValues[i + 1]);
        }
        limits.create("io.socksgate.limit~" + name, properties);
        return limits;
    }

    @Test
    void datagramsOverALimitsRateAreDroppedAndCounted() throws IOException {
        LimitTable limits = udpLimit("udp", "scope", "per-client", "rate.out", "10k", "burst", "10k");
        try (RawClient control = new RawClient(proxy.address());
                DatagramSocket client = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            InetSocketAddress relay = associate(control, client.getLocalPort());
            for (int i = 0; i < 50; i++) { // 50 kB at once: the 10 kB burst and little more pass
                client.send(wrapped(new byte[1000], (InetSocketAddress) echo.getLocalSocketAddress(), relay));
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                UdpCounters udp = proxy.sessions.sessions().get(0).udp();
                assertThat(udp.datagramsFromClient() + udp.dropped(UdpCounters.OVER_RATE))
                        .isEqualTo(50);
                assertThat(udp.datagramsFromClient()).isBetween(10L, 20L);
            });
            assertThat(proxy.sessions.sessions().get(0).limits()).containsExactly("udp");
        } finally {
            limits.stop();
        }
    }

    /** A UDP-only quota: 20 datagrams of 1000 bytes, counted both ways, as a TCP tunnel's bytes are. */
    private LimitTable udpQuota(String action) {
        return udpLimit("qudp", "quota", "20k", "quota.period", "hour", "quota.action", action);
    }

    @Test
    void datagramsCountAgainstAQuotaAndThoseBeyondItAreDropped() throws IOException {
        LimitTable limits = udpQuota("deny");
        try (RawClient control = new RawClient(proxy.address());
                DatagramSocket client = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            InetSocketAddress relay = associate(control, client.getLocalPort());
            for (int i = 0; i < 40; i++) { // 40 kB out, and the echo of each one relayed back
                client.send(wrapped(new byte[1000], (InetSocketAddress) echo.getLocalSocketAddress(), relay));
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                UdpCounters udp = proxy.sessions.sessions().get(0).udp();
                assertThat(udp.datagramsFromClient() + udp.dropped(UdpCounters.OVER_RATE))
                        .isGreaterThanOrEqualTo(40);
                long used = limits.limits().get(0).quotaUsed().values().stream()
                        .mapToLong(Long::longValue)
                        .sum();
                assertThat(used).isEqualTo(20_000);
                assertThat((udp.bytesFromClient() + udp.bytesToClient())).isEqualTo(20_000);
            });
        } finally {
            limits.stop();
        }
    }

    @Test
    void aQuotaThatClosesEndsTheAssociationAndItsTcpConnection() throws IOException {
        LimitTable limits = udpQuota("close");
        try (RawClient control = new RawClient(proxy.address());
                DatagramSocket client = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            InetSocketAddress relay = associate(control, client.getLocalPort());
            for (int i = 0; i < 40; i++) {
                client.send(wrapped(new byte[1000], (InetSocketAddress) echo.getLocalSocketAddress(), relay));
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> proxy.sessions.sessions().isEmpty());
            assertThat(control.readToEnd()).isEmpty(); // and the TCP connection was closed
        } finally {
            limits.stop();
        }
    }

    @Test
    void closingTheTcpConnectionEndsTheAssociation() throws IOException {
        InetSocketAddress relay;
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            try (RawClient control = new RawClient(proxy.address())) {
                relay = associate(control, client.getLocalPort());
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> proxy.sessions.sessions().isEmpty());
            client.setSoTimeout(1000);
            client.send(wrapped(new byte[] {42}, (InetSocketAddress) echo.getLocalSocketAddress(), relay));
            DatagramPacket reply = new DatagramPacket(new byte[100], 100);
            try {
                client.receive(reply);
                throw new AssertionError("a datagram was relayed after the association ended");
            } catch (SocketTimeoutException expected) {
                // nothing comes back
            }
        }
    }

    @Test
    void aDestinationThePolicyDeniesIsDroppedAndCounted() throws IOException {
        // The rule grants the association (it names destinations: each datagram's is decided on its own).
        try (ProxyFixture strict = new ProxyFixture(Map.of(), Map.of(), "deny")
                        .withRule(
                                "allow-udp-to-documentation-net",
                                Map.of("action", "allow", "commands", "udp", "destination", "192.0.2.0/24"));
                RawClient control = new RawClient(strict.address());
                DatagramSocket client = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            InetSocketAddress relay = associate(control, client.getLocalPort());
            client.send(wrapped(new byte[] {1}, (InetSocketAddress) echo.getLocalSocketAddress(), relay));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> strict.sessions.sessions().get(0).udp().dropped("denied") == 1);
        }
    }

    @Test
    void withoutTheUdpRelayBundleUdpAssociateIsNotSupported() throws IOException {
        proxy.listener.udpRelay = null; // as when the udp-relay bundle is stopped
        try (RawClient control = new RawClient(proxy.address())) {
            control.send("05 01 00 05 03 00 01 00 00 00 00 00 00");
            assertThat(control.readToEnd()).isEqualTo(Hex.bytes("05 00 05 07 00 01 00 00 00 00 00 00"));
        }
    }

    /** Greeting, UDP ASSOCIATE naming the client's UDP port; returns the relay's address. */
    private static InetSocketAddress associate(RawClient control, int clientPort) throws IOException {
        control.send("05 01 00 05 03 00 01 7f 00 00 01").send(new byte[] {(byte) (clientPort >> 8), (byte) clientPort});
        assertThat(control.read(2)).isEqualTo(Hex.bytes("05 00"));
        ByteBuffer reply = ByteBuffer.wrap(control.read(10));
        assertThat(reply.getInt()).isEqualTo(0x05000001);
        byte[] address = new byte[4];
        reply.get(address);
        return new InetSocketAddress(InetAddress.getByAddress(address), reply.getShort() & 0xffff);
    }

    /** A datagram for the relay: the SOCKS UDP header for an IPv4 destination, then the payload. */
    static DatagramPacket wrapped(byte[] payload, InetSocketAddress destination, InetSocketAddress relay) {
        ByteBuffer datagram = ByteBuffer.allocate(10 + payload.length);
        datagram.putInt(0x00000001).put(destination.getAddress().getAddress()).putShort((short) destination.getPort());
        datagram.put(payload);
        return new DatagramPacket(datagram.array(), datagram.capacity(), relay);
    }

    private void echoLoop() {
        byte[] buffer = new byte[65536];
        while (!echo.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                echo.receive(packet);
                echo.send(new DatagramPacket(packet.getData(), packet.getLength(), packet.getSocketAddress()));
            } catch (IOException closed) {
                return;
            }
        }
    }
}
