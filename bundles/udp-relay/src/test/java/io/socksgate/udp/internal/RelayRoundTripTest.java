package io.socksgate.udp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.socksgate.api.HostPort;
import io.socksgate.api.UdpAssociation;
import io.socksgate.api.UdpCounters;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Datagrams go out through the relay to an echo server and come back whole, wrapped for the client. */
@Timeout(60)
class RelayRoundTripTest {

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {1, 512, 2049, 8192, 60000})
    void roundTripOverIpv4(int size) throws Exception {
        try (TestRelay relay = new TestRelay();
                UdpEcho echo = new UdpEcho(TestRelay.IPV4);
                SocksUdpClient client = new SocksUdpClient(TestRelay.IPV4);
                UdpAssociation association = relay.open(client)) {
            byte[] payload = randomBytes(size);
            client.send(association.relayAddress(), HostPort.of(echo.address()), payload);

            SocksUdpClient.Reply reply = client.receive();
            assertThat(reply.source()).isEqualTo(HostPort.of(echo.address()));
            assertThat(reply.payload()).isEqualTo(payload);
            // The relay counts a datagram once it is sent, so the client may see it first.
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> association.counters().datagramsToClient() == 1);
            UdpCounters counters = association.counters();
            assertThat(counters.datagramsFromClient()).isEqualTo(1);
            assertThat(counters.bytesFromClient()).isEqualTo(size);
            assertThat(counters.datagramsToClient()).isEqualTo(1);
            assertThat(counters.bytesToClient()).isEqualTo(size);
            assertThat(counters.drops())
                    .containsOnlyKeys(
                            "foreign-source",
                            "fragmented",
                            "malformed",
                            "denied",
                            "unresolvable",
                            "unsolicited",
                            "oversize",
                            "over-rate");
            assertThat(counters.drops().values()).containsOnly(0L);
        }
    }

    @Test
    void manyDatagramsOnOneAssociation() throws Exception {
        try (TestRelay relay = new TestRelay();
                UdpEcho echo = new UdpEcho(TestRelay.IPV4);
                SocksUdpClient client = new SocksUdpClient(TestRelay.IPV4);
                UdpAssociation association = relay.open(client)) {
            for (int i = 0; i < 200; i++) {
                byte[] payload = randomBytes(1 + i * 7);
                client.send(association.relayAddress(), HostPort.of(echo.address()), payload);
                assertThat(client.receive().payload()).isEqualTo(payload);
            }
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> association.counters().datagramsToClient() == 200);
        }
    }

    @Test
    void ipv6Target() throws Exception {
        try (TestRelay relay = new TestRelay(TestRelay.IPV6, Map.of());
                UdpEcho echo = new UdpEcho(TestRelay.IPV6);
                SocksUdpClient client = new SocksUdpClient(TestRelay.IPV6)) {
            UdpAssociation association = relay.open(client);
            assertThat(association.relayAddress().getAddress()).isEqualTo(TestRelay.IPV6);
            byte[] payload = randomBytes(8192);
            client.send(association.relayAddress(), HostPort.of(echo.address()), payload);

            SocksUdpClient.Reply reply = client.receive();
            assertThat(reply.source())
                    .isEqualTo(HostPort.of(TestRelay.IPV6, echo.address().getPort()));
            assertThat(reply.payload()).isEqualTo(payload);
            association.close();
            relay.awaitNothingLeft(); // its port, bound on ::1, is released too
        }
    }

    @Test
    void domainDestinationIsResolvedAndSentToExactlyTheCheckedAddress() throws Exception {
        List<String> checked = new CopyOnWriteArrayList<>();
        try (TestRelay relay = new TestRelay();
                UdpEcho echo = new UdpEcho(TestRelay.IPV4);
                SocksUdpClient client = new SocksUdpClient(TestRelay.IPV4);
                UdpAssociation association = relay.open(client, (requested, resolved) -> {
                    checked.add(requested + " -> " + resolved.getAddress().getHostAddress() + ":" + resolved.getPort());
                    return true;
                })) {
            int port = echo.address().getPort();
            // "localhost" resolves from the test hosts file, never through DNS.
            for (int i = 0; i < 3; i++) { // the first is looked up, the others come from the cache
                byte[] payload = randomBytes(100 + i);
                client.send(association.relayAddress(), HostPort.ofName("localhost", port), payload);
                SocksUdpClient.Reply reply = client.receive();
                assertThat(reply.source()).isEqualTo(HostPort.of(echo.address()));
                assertThat(reply.payload()).isEqualTo(payload);
            }
            assertThat(checked).containsOnly("localhost:" + port + " -> 127.0.0.1:" + port);
            assertThat(checked).hasSize(3);
        }
    }

    @Test
    void repliesFromTwoDestinationsCarryTheirOwnAddresses() throws Exception {
        try (TestRelay relay = new TestRelay();
                UdpEcho first = new UdpEcho(TestRelay.IPV4);
                UdpEcho second = new UdpEcho(TestRelay.IPV4);
                SocksUdpClient client = new SocksUdpClient(TestRelay.IPV4);
                UdpAssociation association = relay.open(client)) {
            InetSocketAddress relayAddress = association.relayAddress();
            client.send(relayAddress, HostPort.of(first.address()), new byte[] {1});
            assertThat(client.receive()).satisfies(r -> {
                assertThat(r.source()).isEqualTo(HostPort.of(first.address()));
                assertThat(r.payload()).containsExactly(1);
            });
            client.send(relayAddress, HostPort.of(second.address()), new byte[] {2});
            assertThat(client.receive()).satisfies(r -> {
                assertThat(r.source()).isEqualTo(HostPort.of(second.address()));
                assertThat(r.payload()).containsExactly(2);
            });
        }
    }

    @Test
    void twoAssociationsTalkingToTheSameDestinationGetOnlyTheirOwnReplies() throws Exception {
        try (TestRelay relay = new TestRelay();
                UdpEcho echo = new UdpEcho(TestRelay.IPV4);
                SocksUdpClient alice = new SocksUdpClient(TestRelay.IPV4);
                SocksUdpClient bob = new SocksUdpClient(TestRelay.IPV4);
                UdpAssociation aliceAssociation = relay.open(alice);
                UdpAssociation bobAssociation = relay.open(bob)) {
            for (int i = 0; i < 20; i++) {
                alice.send(aliceAssociation.relayAddress(), HostPort.of(echo.address()), new byte[] {'a', (byte) i});
                bob.send(bobAssociation.relayAddress(), HostPort.of(echo.address()), new byte[] {'b', (byte) i});
                assertThat(alice.receive().payload()).containsExactly('a', i);
                assertThat(bob.receive().payload()).containsExactly('b', i);
            }
        }
    }

    static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
