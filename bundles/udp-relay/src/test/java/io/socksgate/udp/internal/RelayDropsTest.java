package io.socksgate.udp.internal;

import static io.socksgate.udp.internal.RelayRoundTripTest.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.socksgate.api.HostPort;
import io.socksgate.api.UdpAssociation;
import io.socksgate.api.UdpCounters;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Datagrams the relay must not pass on are dropped and counted by reason. Each test ends with a
 * good datagram that does get through: the drop cost nothing but the one datagram.
 */
@Timeout(60)
class RelayDropsTest {

    @Test
    void aFragmentIsDropped() throws Exception {
        try (TestRelay relay = new TestRelay();
                UdpEcho echo = new UdpEcho(TestRelay.IPV4);
                SocksUdpClient client = new SocksUdpClient(TestRelay.IPV4);
                UdpAssociation association = relay.open(client)) {
            client.send(association.relayAddress(), 1, HostPort.of(echo.address()), randomBytes(10));
            awaitDropped(association, UdpCounters.FRAGMENTED, 1);
            assertThat(echo.received()).isZero();
            assertStillRelays(client, association, echo);
        }
    }

    @Test
    void aDatagramFromAnotherPortOfTheClientsHostIsDroppedOnceThePortIsPinned() throws Exception {
        try (TestRelay relay = new TestRelay();
                UdpEcho echo = new UdpEcho(TestRelay.IPV4);
                SocksUdpClient client = new SocksUdpClient(TestRelay.IPV4);
                SocksUdpClient impostor = new SocksUdpClient(TestRelay.IPV4);
                UdpAssociation association = relay.open(client)) {
            assertStillRelays(client, association, echo); // the first datagram pins the client's port
            impostor.send(association.relayAddress(), HostPort.of(echo.address()), randomBytes(10));
            awaitDropped(association, UdpCounters.FOREIGN_SOURCE, 1);
            assertThat(echo.received()).isEqualTo(1);
            assertStillRelays(client, association, echo);
        }
    }

    @Test
    void aDeclaredPortPinsTheClientBeforeItsFirstDatagram() throws Exception {
        try (TestRelay relay = new TestRelay();
                UdpEcho echo = new UdpEcho(TestRelay.IPV4);
                SocksUdpClient client = new SocksUdpClient(TestRelay.IPV4);
                SocksUdpClient other = new SocksUdpClient(TestRelay.IPV4);
                UdpAssociation association = relay.open(
                        TestRelay.IPV4,
                        HostPort.of(TestRelay.IPV4, client.address().getPort()),
                        TestRelay.ALLOW_ALL)) {
            other.send(association.relayAddress(), HostPort.of(echo.address()), randomBytes(10));
            awaitDropped(association, UdpCounters.FOREIGN_SOURCE, 1);
            assertThat(echo.received()).isZero();
            assertStillRelays(client, association, echo);
        }
    }

    @Test
    void aDatagramFromAThirdSocketIsNotRelayed() throws Exception {
        try (TestRelay relay = new TestRelay();
                UdpEcho echo = new UdpEcho(TestRelay.IPV4);
                SocksUdpClient client = new SocksUdpClient(TestRelay.IPV4);
                SocksUdpClient stranger = new SocksUdpClient(TestRelay.IPV4);
                UdpAssociation association = relay.open(client)) {
            assertStillRelays(client, association, echo);
            // Raw bytes, as a scanner would send. On a shared loopback IP the stranger is on the
            // client's host, so it counts as a foreign source of client datagrams.
            stranger.sendRaw(association.relayAddress(), randomBytes(40));
            awaitDropped(association, UdpCounters.FOREIGN_SOURCE, 1);
            assertThat(echo.received()).isEqualTo(1);
            assertStillRelays(client, association, echo);
            assertThat(association.counters().datagramsFromClient()).isEqualTo(2);
        }
    }

    @Test
    void aDatagramFromAHostThatIsNeitherTheClientNorADestinationIsUnsolicited() throws Exception {
        // The control connection came from ::1 while the relay port is on 127.0.0.1: a sender on
        // 127.0.0.1 is then neither the client's host nor anywhere the association has sent to.
        try (TestRelay relay = new TestRelay(Map.of("bind", "127.0.0.1"));
                SocksUdpClient stranger = new SocksUdpClient(TestRelay.IPV4);
                UdpAssociation association = relay.open(
                        TestRelay.IPV6, HostPort.of(TestRelay.anyLocal(TestRelay.IPV6), 0), TestRelay.ALLOW_ALL)) {
            assertThat(association.relayAddress().getAddress()).isEqualTo(TestRelay.IPV4);
            stranger.sendRaw(association.relayAddress(), randomBytes(40));
            awaitDropped(association, UdpCounters.UNSOLICITED, 1);
            assertThat(association.counters().datagramsToClient()).isZero();
        }
    }

    @Test
    void aDeniedDestinationIsDropped() throws Exception {
        try (TestRelay relay = new TestRelay();
                UdpEcho echo = new UdpEcho(TestRelay.IPV4);
                UdpEcho forbidden = new UdpEcho(TestRelay.IPV4);
                SocksUdpClient client = new SocksUdpClient(TestRelay.IPV4);
                UdpAssociation association =
                        relay.open(client, (requested, resolved) -> !resolved.equals(forbidden.address()))) {
            client.send(association.relayAddress(), HostPort.of(forbidden.address()), randomBytes(10));
            awaitDropped(association, UdpCounters.DENIED, 1);
            assertThat(forbidden.received()).isZero();
            assertStillRelays(client, association, echo);
        }
    }

    @Test
    void aCheckThatThrowsDenies() throws Exception {
        try (TestRelay relay = new TestRelay();
                UdpEcho echo = new UdpEcho(TestRelay.IPV4);
                SocksUdpClient client = new SocksUdpClient(TestRelay.IPV4);
                UdpAssociation association = relay.open(client, (requested, resolved) -> {
                    throw new IllegalStateException("policy bug");
                })) {
            client.send(association.relayAddress(), HostPort.of(echo.address()), randomBytes(10));
            awaitDropped(association, UdpCounters.DENIED, 1);
            assertThat(echo.received()).isZero();
        }
    }

    @Test
    void malformedHeadersAreDropped() throws Exception {
        try (TestRelay relay = new TestRelay();
                UdpEcho echo = new UdpEcho(TestRelay.IPV4);
                SocksUdpClient client = new SocksUdpClient(TestRelay.IPV4);
                UdpAssociation association = relay.open(client)) {
            InetSocketAddress relayAddress = association.relayAddress();
            client.sendRaw(relayAddress, new byte[] {0, 0}); // truncated header
            client.sendRaw(relayAddress, new byte[] {0, 0, 0, 9, 1, 2, 3, 4, 0, 53}); // unknown ATYP
            client.sendRaw(relayAddress, new byte[] {0, 0, 0, 1, 127, 0, 0, 1}); // no port
            client.send(relayAddress, HostPort.of(TestRelay.IPV4, 0), randomBytes(5)); // port 0
            awaitDropped(association, UdpCounters.MALFORMED, 4);
            assertThat(echo.received()).isZero();
            assertStillRelays(client, association, echo);
        }
    }

    @Test
    void anOversizePayloadIsDroppedEitherWay() throws Exception {
        try (TestRelay relay = new TestRelay(Map.of("max.datagram", 1000));
                UdpEcho echo = new UdpEcho(TestRelay.IPV4);
                SocksUdpClient client = new SocksUdpClient(TestRelay.IPV4);
                UdpAssociation association = relay.open(client)) {
            client.send(association.relayAddress(), HostPort.of(echo.address()), randomBytes(1001));
            awaitDropped(association, UdpCounters.OVERSIZE, 1);
            assertThat(echo.received()).isZero();
            byte[] largest = randomBytes(1000);
            client.send(association.relayAddress(), HostPort.of(echo.address()), largest);
            assertThat(client.receive().payload()).isEqualTo(largest);
        }
    }

    @Test
    void anOversizeReplyIsDropped() throws Exception {
        try (TestRelay relay = new TestRelay(Map.of("max.datagram", 1000));
                SocksUdpClient client = new SocksUdpClient(TestRelay.IPV4);
                SocksUdpClient destination = new SocksUdpClient(TestRelay.IPV4);
                UdpAssociation association = relay.open(client)) {
            client.send(association.relayAddress(), HostPort.of(destination.address()), randomBytes(10));
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> association.counters().datagramsFromClient() == 1);
            destination.sendRaw(association.relayAddress(), randomBytes(1001)); // a raw reply
            awaitDropped(association, UdpCounters.OVERSIZE, 1);
            byte[] fits = randomBytes(1000);
            destination.sendRaw(association.relayAddress(), fits);
            SocksUdpClient.Reply reply = client.receive();
            assertThat(reply.source()).isEqualTo(HostPort.of(destination.address()));
            assertThat(reply.payload()).isEqualTo(fits);
        }
    }

    @Test
    void anUnknownNameIsUnresolvable() throws Exception {
        try (TestRelay relay = new TestRelay();
                UdpEcho echo = new UdpEcho(TestRelay.IPV4);
                SocksUdpClient client = new SocksUdpClient(TestRelay.IPV4);
                UdpAssociation association = relay.open(client)) {
            // Not in the test hosts file, and .invalid never resolves anyway.
            client.send(association.relayAddress(), HostPort.ofName("nowhere.invalid", 53), randomBytes(10));
            awaitDropped(association, UdpCounters.UNRESOLVABLE, 1);
            assertStillRelays(client, association, echo);
        }
    }

    /** A datagram to the echo server makes the round trip. */
    private static void assertStillRelays(SocksUdpClient client, UdpAssociation association, UdpEcho echo)
            throws Exception {
        byte[] payload = randomBytes(64);
        client.send(association.relayAddress(), HostPort.of(echo.address()), payload);
        assertThat(client.receive().payload()).isEqualTo(payload);
    }

    static void awaitDropped(UdpAssociation association, String reason, long count) {
        await().atMost(Duration.ofSeconds(5)).until(() -> association.counters().dropped(reason) >= count);
        assertThat(association.counters().dropped(reason)).isEqualTo(count);
    }
}
