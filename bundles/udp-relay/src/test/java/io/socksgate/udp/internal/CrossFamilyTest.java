package io.socksgate.udp.internal;

import static io.socksgate.udp.internal.RelayDropsTest.awaitDropped;
import static io.socksgate.udp.internal.RelayRoundTripTest.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.socksgate.api.HostPort;
import io.socksgate.api.UdpAssociation;
import io.socksgate.api.UdpCounters;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The relay reaches IPv4 and IPv6 destinations whatever family the client's relay port has: a
 * client on 127.0.0.1 gets the answer of a destination on [::1], and the other way round, through
 * a second socket its association opens for the other family; the relay port's own family never
 * needs one.
 */
@Timeout(60)
class CrossFamilyTest {

    @ParameterizedTest(name = "client on {0}, destination on {1}")
    @CsvSource({"127.0.0.1, ::1", "::1, 127.0.0.1"})
    void aDestinationOfTheOtherFamilyAnswersTheClient(String clientSide, String destinationSide) throws Exception {
        InetAddress client = InetAddress.getByName(clientSide);
        InetAddress destination = InetAddress.getByName(destinationSide);
        try (TestRelay relay = new TestRelay(client, Map.of());
                UdpEcho echo = new UdpEcho(destination);
                SocksUdpClient socks = new SocksUdpClient(client)) {
            UdpAssociation association = relay.open(socks);
            assertThat(association.relayAddress().getAddress()).isEqualTo(client);
            for (int size : new int[] {1, 1400, 8192, 60000}) {
                byte[] payload = randomBytes(size);
                socks.send(association.relayAddress(), HostPort.of(echo.address()), payload);
                SocksUdpClient.Reply reply = socks.receive();
                assertThat(reply.source())
                        .isEqualTo(HostPort.of(destination, echo.address().getPort()));
                assertThat(reply.payload()).isEqualTo(payload);
            }
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> association.counters().datagramsToClient() == 4);
            assertThat(association.counters().bytesFromClient()).isEqualTo(1 + 1400 + 8192 + 60000);
            assertThat(association.counters().drops().values()).containsOnly(0L);
            assertThat(relay.relay.otherFamilySockets()).isEqualTo(1);

            association.close();
            relay.awaitNothingLeft(); // the other family's socket is closed with the association
        }
    }

    @Test
    void oneAssociationTalksToBothFamiliesAndEachAnswerNamesItsSender() throws Exception {
        try (TestRelay relay = new TestRelay();
                UdpEcho echo4 = new UdpEcho(TestRelay.IPV4);
                UdpEcho echo6 = new UdpEcho(TestRelay.IPV6);
                SocksUdpClient client = new SocksUdpClient(TestRelay.IPV4);
                UdpAssociation association = relay.open(client)) {
            for (int i = 0; i < 20; i++) {
                UdpEcho echo = i % 2 == 0 ? echo6 : echo4;
                byte[] payload = {(byte) i};
                client.send(association.relayAddress(), HostPort.of(echo.address()), payload);
                SocksUdpClient.Reply reply = client.receive();
                assertThat(reply.source()).isEqualTo(HostPort.of(echo.address()));
                assertThat(reply.payload()).containsExactly(i);
            }
            assertThat(echo4.received()).isEqualTo(10);
            assertThat(echo6.received()).isEqualTo(10);
            assertThat(relay.relay.otherFamilySockets()).isEqualTo(1);
        }
    }

    @Test
    void theRelayPortsOwnFamilyNeedsNoSecondSocket() throws Exception {
        try (TestRelay relay = new TestRelay();
                UdpEcho echo = new UdpEcho(TestRelay.IPV4);
                SocksUdpClient client = new SocksUdpClient(TestRelay.IPV4);
                UdpAssociation association = relay.open(client)) {
            client.send(association.relayAddress(), HostPort.of(echo.address()), randomBytes(10));
            client.receive();
            assertThat(relay.relay.otherFamilySockets()).isZero();
        }
    }

    @Test
    void aNameWithAnAddressOfTheOtherFamilyOnlyIsReached() throws Exception {
        // "localhost" is 127.0.0.1 only in the test hosts file; the relay port is on ::1.
        try (TestRelay relay = new TestRelay(TestRelay.IPV6, Map.of());
                UdpEcho echo = new UdpEcho(TestRelay.IPV4);
                SocksUdpClient client = new SocksUdpClient(TestRelay.IPV6);
                UdpAssociation association = relay.open(client)) {
            byte[] payload = randomBytes(100);
            client.send(
                    association.relayAddress(),
                    HostPort.ofName("localhost", echo.address().getPort()),
                    payload);
            SocksUdpClient.Reply reply = client.receive();
            assertThat(reply.source()).isEqualTo(HostPort.of(echo.address()));
            assertThat(reply.payload()).isEqualTo(payload);
        }
    }

    @Test
    void theDestinationCheckDecidesBeforeAnySocketIsOpened() throws Exception {
        try (TestRelay relay = new TestRelay();
                UdpEcho echo = new UdpEcho(TestRelay.IPV6);
                SocksUdpClient client = new SocksUdpClient(TestRelay.IPV4);
                UdpAssociation association = relay.open(client, (requested, resolved) -> false)) {
            client.send(association.relayAddress(), HostPort.of(echo.address()), randomBytes(10));
            awaitDropped(association, UdpCounters.DENIED, 1);
            assertThat(echo.received()).isZero();
            assertThat(relay.relay.otherFamilySockets()).isZero();
        }
    }

    @Test
    // The association is closed inside its try on purpose: what its close leaves behind is checked
    // there; the try closes it again (a no-op) only when an assertion failed before.
    @SuppressWarnings("try")
    void onTheOtherFamilysSocketOnlyDestinationsSentToAreRelayed() throws Exception {
        try (TestRelay relay = new TestRelay();
                DatagramSocket destination = new DatagramSocket(new InetSocketAddress(TestRelay.IPV6, 0));
                DatagramSocket stranger = new DatagramSocket(new InetSocketAddress(TestRelay.IPV6, 0));
                SocksUdpClient client = new SocksUdpClient(TestRelay.IPV4);
                UdpAssociation association = relay.open(client)) {
            destination.setSoTimeout(5000);
            InetSocketAddress destinationAddress = (InetSocketAddress) destination.getLocalSocketAddress();
            client.send(association.relayAddress(), HostPort.of(destinationAddress), new byte[] {1});
            DatagramPacket first = new DatagramPacket(new byte[16], 16);
            destination.receive(first);
            InetSocketAddress otherFamilySocket = (InetSocketAddress) first.getSocketAddress();

            stranger.send(new DatagramPacket(new byte[] {6, 6, 6}, 3, otherFamilySocket));
            awaitDropped(association, UdpCounters.UNSOLICITED, 1);
            destination.send(new DatagramPacket(new byte[] {2}, 1, otherFamilySocket));
            SocksUdpClient.Reply reply = client.receive();
            assertThat(reply.source()).isEqualTo(HostPort.of(destinationAddress));
            assertThat(reply.payload()).containsExactly(2);

            association.close();
            relay.awaitNothingLeft();
            // The socket itself is closed, not only counted as such: its port can be bound again.
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> FreePorts.isFree(TestRelay.anyLocal(TestRelay.IPV6), otherFamilySocket.getPort()));
        }
    }
}
