package io.socksgate.udp.internal;

import static io.socksgate.udp.internal.ClientPinTest.at;
import static io.socksgate.udp.internal.ClientPinTest.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.socksgate.api.HostPort;
import io.socksgate.api.UdpCounters;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.apache.mina.core.buffer.IoBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How one association sorts the datagrams on its port, driven directly: the sources are plain
 * addresses handed to {@link Association#received}, so the client can be a host that no socket in
 * this test is on. Datagrams are only ever sent to loopback.
 */
class AssociationTest {

    private static final InetAddress CLIENT_HOST = ip("192.0.2.10"); // documentation address, never sent to

    private final List<Association> released = new CopyOnWriteArrayList<>();
    private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);
    private DatagramSockets sockets;
    private DatagramChannel relayPort;
    private UdpEcho echo;
    private Association association;

    @BeforeEach
    void open() throws Exception {
        relayPort = DatagramChannel.open().bind(new InetSocketAddress(TestRelay.IPV4, 0));
        relayPort.configureBlocking(false);
        echo = new UdpEcho(TestRelay.IPV4);
        InetSocketAddress relayAddress = (InetSocketAddress) relayPort.getLocalAddress();
        NameResolver resolver =
                new NameResolver(InetAddress::getAllByName, Runnable::run, System::nanoTime, 8, Duration.ofSeconds(30));
        sockets = new DatagramSockets("test-udp-io");
        association = new Association(
                released::add,
                "[unit]",
                relayAddress,
                relayPort,
                relayAddress,
                Configs.settings(Map.of()),
                CLIENT_HOST,
                HostPort.of(ip("0.0.0.0"), 0),
                TestRelay.ALLOW_ALL,
                null,
                resolver,
                new OtherFamilySockets(sockets),
                timers);
        association.start();
    }

    @AfterEach
    void close() throws Exception {
        association.close();
        echo.close();
        relayPort.close();
        sockets.close();
        timers.shutdownNow();
    }

    @Test
    void theClientIsPinnedByItsFirstDatagramAndItsDatagramsAreForwarded() {
        receive(at("192.0.2.10", 5000), toEcho(new byte[] {1, 2, 3}));
        await().atMost(Duration.ofSeconds(5)).until(() -> echo.received() == 1);
        assertThat(association.counters().datagramsFromClient()).isEqualTo(1);
        assertThat(association.counters().bytesFromClient()).isEqualTo(3);

        receive(at("192.0.2.10", 5001), toEcho(new byte[] {4}));
        assertDropped(UdpCounters.FOREIGN_SOURCE);
        assertThat(association.counters().datagramsFromClient()).isEqualTo(1);
    }

    @Test
    void onlyTheExactDestinationSentToMayAnswer() {
        receive(at("192.0.2.10", 5000), toEcho(new byte[] {1}));
        InetSocketAddress destination = echo.address();
        // The destination's host, another port: never sent to.
        receive(new InetSocketAddress(destination.getAddress(), destination.getPort() + 1), raw(9));
        assertDropped(UdpCounters.UNSOLICITED);
        // Another host entirely, before and after pinning.
        receive(at("198.51.100.1", 53), raw(9));
        assertThat(association.counters().dropped(UdpCounters.UNSOLICITED)).isEqualTo(2);
        assertThat(association.counters().datagramsToClient()).isZero();
    }

    @Test
    void nothingIsHandledAfterTheEnd() {
        association.close();
        receive(at("192.0.2.10", 5000), toEcho(new byte[] {1}));
        assertThat(association.counters().datagramsFromClient()).isZero();
        assertThat(association.counters().drops().values()).containsOnly(0L);
        assertThat(released).containsExactly(association);
    }

    @Test
    void endingReleasesThePortOnce() {
        association.close();
        association.end("again");
        assertThat(released).containsExactly(association);
        assertThat(association.hasEnded()).isTrue();
    }

    @Test
    void reachableAddressFamilies() {
        assertThat(Association.canReach(ip("127.0.0.1"), ip("192.0.2.1"))).isTrue();
        assertThat(Association.canReach(ip("127.0.0.1"), ip("::1"))).isFalse();
        assertThat(Association.canReach(ip("0.0.0.0"), ip("::1"))).isFalse();
        assertThat(Association.canReach(ip("::1"), ip("2001:db8::1"))).isTrue();
        assertThat(Association.canReach(ip("::1"), ip("127.0.0.1"))).isFalse();
        assertThat(Association.canReach(ip("::"), ip("127.0.0.1"))).isTrue();
        assertThat(Association.canReach(ip("::"), ip("::1"))).isTrue();
    }

    private void receive(InetSocketAddress source, byte[] datagram) {
        association.received(source, IoBuffer.wrap(datagram));
    }

    private byte[] toEcho(byte[] payload) {
        return SocksUdpClient.wrap(0, HostPort.of(echo.address()), payload);
    }

    private static byte[] raw(int size) {
        return RelayRoundTripTest.randomBytes(size);
    }

    private void assertDropped(String reason) {
        assertThat(association.counters().dropped(reason)).isEqualTo(1);
    }
}
