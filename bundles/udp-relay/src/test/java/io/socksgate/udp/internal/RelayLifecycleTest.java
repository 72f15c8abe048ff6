package io.socksgate.udp.internal;

import static io.socksgate.udp.internal.RelayRoundTripTest.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socksgate.api.HostPort;
import io.socksgate.api.UdpAssociation;
import io.socksgate.api.UdpPortsExhaustedException;
import io.socksgate.config.PortRange;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Associations open on a port of the range, end by close() or idle timeout, and leave nothing behind. */
@Timeout(120)
class RelayLifecycleTest {

    @Test
    void theRelayBindsOnTheListenerAddressWithinTheRange() throws Exception {
        try (TestRelay relay = new TestRelay();
                SocksUdpClient client = new SocksUdpClient(TestRelay.IPV4);
                UdpAssociation association = relay.open(client)) {
            assertThat(association.relayAddress().getAddress()).isEqualTo(TestRelay.IPV4);
            assertThat(relay.ports.contains(association.relayAddress().getPort()))
                    .isTrue();
            assertThat(association.advertisedAddress()).isEqualTo(association.relayAddress());
            assertThat(FreePorts.isFree(
                            TestRelay.IPV4, association.relayAddress().getPort()))
                    .isFalse();
        }
    }

    @Test
    void theAdvertisedAddressIsTheConfiguredOneWithTheRelayPort() throws Exception {
        try (TestRelay relay = new TestRelay(Map.of("advertise", "192.0.2.10"));
                SocksUdpClient client = new SocksUdpClient(TestRelay.IPV4);
                UdpAssociation association = relay.open(client)) {
            assertThat(association.advertisedAddress())
                    .isEqualTo(new InetSocketAddress(
                            InetAddress.getByName("192.0.2.10"),
                            association.relayAddress().getPort()));
            assertThat(association.relayAddress().getAddress()).isEqualTo(TestRelay.IPV4);
        }
    }

    @Test
    void theRangeIsExhaustedAndAClosedPortIsFreeAgainAtOnce() throws Exception {
        PortRange two = FreePorts.range(TestRelay.IPV4, 2);
        try (TestRelay relay = new TestRelay(Map.of("ports", two.toString()));
                SocksUdpClient client = new SocksUdpClient(TestRelay.IPV4)) {
            UdpAssociation first = relay.open(client);
            UdpAssociation second = relay.open(client);
            assertThat(Set.of(
                            first.relayAddress().getPort(),
                            second.relayAddress().getPort()))
                    .containsExactlyInAnyOrder(two.first(), two.last());

            assertThatThrownBy(() -> relay.open(client)).isInstanceOf(UdpPortsExhaustedException.class);

            first.close();
            // No wait: open() waits for a port that is being released rather than refuse.
            try (UdpAssociation third = relay.open(client)) {
                assertThat(third.relayAddress().getPort())
                        .isEqualTo(first.relayAddress().getPort());
            }
            second.close();
            relay.awaitNothingLeft();
        }
    }

    @Test
    void portsTakenByOtherProgramsAreSkipped() throws Exception {
        PortRange three = FreePorts.range(TestRelay.IPV4, 3);
        try (java.net.DatagramSocket squatter =
                        new java.net.DatagramSocket(new InetSocketAddress(TestRelay.IPV4, three.first() + 1));
                TestRelay relay = new TestRelay(Map.of("ports", three.toString()));
                SocksUdpClient client = new SocksUdpClient(TestRelay.IPV4)) {
            Set<Integer> ports = new HashSet<>();
            List<UdpAssociation> open = new ArrayList<>();
            open.add(relay.open(client));
            open.add(relay.open(client));
            open.forEach(a -> ports.add(a.relayAddress().getPort()));
            assertThat(ports).containsExactlyInAnyOrder(three.first(), three.last());
            assertThat(squatter.getLocalPort()).isEqualTo(three.first() + 1);
            assertThatThrownBy(() -> relay.open(client)).isInstanceOf(UdpPortsExhaustedException.class);
            open.forEach(UdpAssociation::close);
            relay.awaitNothingLeft();
        }
    }

    @Test
    void anIdleAssociationEndsRunsItsCallbackAndFreesItsPort() throws Exception {
        try (TestRelay relay = new TestRelay(Map.of("timeout.idle", 1));
                UdpEcho echo = new UdpEcho(TestRelay.IPV4);
                SocksUdpClient client = new SocksUdpClient(TestRelay.IPV4)) {
            UdpAssociation association = relay.open(client);
            CountDownLatch ended = new CountDownLatch(1);
            AtomicInteger endings = new AtomicInteger();
            association.onEnd(() -> {
                endings.incrementAndGet();
                ended.countDown();
            });
            byte[] payload = randomBytes(32);
            client.send(association.relayAddress(), HostPort.of(echo.address()), payload);
            assertThat(client.receive().payload()).isEqualTo(payload);

            assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
            int port = association.relayAddress().getPort();
            relay.awaitNothingLeft();
            assertThat(FreePorts.isFree(TestRelay.IPV4, port)).isTrue();
            association.close(); // after the end: nothing more happens
            assertThat(endings.get()).isEqualTo(1);
        }
    }

    @Test
    void trafficKeepsAnAssociationAlive() throws Exception {
        try (TestRelay relay = new TestRelay(Map.of("timeout.idle", 1));
                UdpEcho echo = new UdpEcho(TestRelay.IPV4);
                SocksUdpClient client = new SocksUdpClient(TestRelay.IPV4);
                UdpAssociation association = relay.open(client)) {
            AtomicInteger endings = new AtomicInteger();
            association.onEnd(endings::incrementAndGet);
            long until = System.nanoTime() + Duration.ofMillis(2500).toNanos();
            while (System.nanoTime() < until) { // a round trip every few milliseconds, for 2.5 idle timeouts
                byte[] payload = randomBytes(8);
                client.send(association.relayAddress(), HostPort.of(echo.address()), payload);
                assertThat(client.receive().payload()).isEqualTo(payload);
            }
            assertThat(endings.get()).isZero();
            assertThat(relay.relay.associations()).isEqualTo(1);
        }
    }

    @Test
    void closeEndsOnceAndRunsEveryCallbackOnce() throws Exception {
        try (TestRelay relay = new TestRelay();
                SocksUdpClient client = new SocksUdpClient(TestRelay.IPV4)) {
            UdpAssociation association = relay.open(client);
            AtomicInteger first = new AtomicInteger();
            AtomicInteger second = new AtomicInteger();
            association.onEnd(first::incrementAndGet);
            association.onEnd(() -> {
                throw new IllegalStateException("a failing callback does not stop the others");
            });
            association.onEnd(second::incrementAndGet);
            association.close();
            association.close();
            assertThat(first.get()).isEqualTo(1);
            assertThat(second.get()).isEqualTo(1);

            AtomicInteger late = new AtomicInteger();
            association.onEnd(late::incrementAndGet); // registered after the end: runs at once
            assertThat(late.get()).isEqualTo(1);
            relay.awaitNothingLeft();
        }
    }

    @Test
    void twoThousandOpenCloseCyclesLeaveNothingBehind() throws Exception {
        try (TestRelay relay = new TestRelay();
                UdpEcho echo = new UdpEcho(TestRelay.IPV4);
                SocksUdpClient client = new SocksUdpClient(TestRelay.IPV4)) {
            AtomicInteger endings = new AtomicInteger();
            for (int i = 0; i < 2000; i++) {
                UdpAssociation association = relay.open(client);
                association.onEnd(endings::incrementAndGet);
                if (i % 100 == 0) { // now and then with traffic, so sessions and peers are involved too
                    byte[] payload = randomBytes(16);
                    client.send(association.relayAddress(), HostPort.of(echo.address()), payload);
                    assertThat(client.receive().payload()).isEqualTo(payload);
                }
                association.close();
            }
            assertThat(endings.get()).isEqualTo(2000);
            relay.awaitNothingLeft();
            for (int port = relay.ports.first(); port <= relay.ports.last(); port++) {
                assertThat(FreePorts.isFree(TestRelay.IPV4, port))
                        .as("port %d", port)
                        .isTrue();
            }
        }
    }

    @Test
    void ipv6PortsAreReleasedToo() throws Exception {
        try (TestRelay relay = new TestRelay(TestRelay.IPV6, Map.of());
                SocksUdpClient client = new SocksUdpClient(TestRelay.IPV6)) {
            for (int i = 0; i < 20; i++) {
                relay.open(client).close();
            }
            relay.awaitNothingLeft();
        }
    }

    @Test
    void aConfigurationChangeAppliesToNewAssociationsOnly() throws Exception {
        try (TestRelay relay = new TestRelay();
                UdpEcho echo = new UdpEcho(TestRelay.IPV4);
                SocksUdpClient client = new SocksUdpClient(TestRelay.IPV4);
                SocksUdpClient later = new SocksUdpClient(TestRelay.IPV4);
                UdpAssociation before = relay.open(client)) {
            relay.relay.modified(Configs.udp(
                    Map.of("ports", relay.ports.toString(), "max.datagram", 100, "advertise", "192.0.2.1")));
            try (UdpAssociation after = relay.open(later)) {
                assertThat(after.advertisedAddress().getAddress().getHostAddress())
                        .isEqualTo("192.0.2.1");
                assertThat(before.advertisedAddress()).isEqualTo(before.relayAddress());

                byte[] large = randomBytes(500);
                client.send(before.relayAddress(), HostPort.of(echo.address()), large);
                assertThat(client.receive().payload()).isEqualTo(large);
                later.send(after.relayAddress(), HostPort.of(echo.address()), large);
                RelayDropsTest.awaitDropped(after, "oversize", 1);
            }
        }
    }

    @Test
    void anInvalidConfigurationChangeKeepsThePreviousOne() throws Exception {
        try (TestRelay relay = new TestRelay();
                SocksUdpClient client = new SocksUdpClient(TestRelay.IPV4)) {
            relay.relay.modified(Configs.udp(Map.of("ports", "70000")));
            try (UdpAssociation association = relay.open(client)) {
                assertThat(relay.ports.contains(association.relayAddress().getPort()))
                        .isTrue();
            }
        }
    }

    @Test
    void stoppingTheRelayEndsEveryAssociation() throws Exception {
        TestRelay relay = new TestRelay();
        try (SocksUdpClient client = new SocksUdpClient(TestRelay.IPV4)) {
            AtomicInteger endings = new AtomicInteger();
            for (int i = 0; i < 3; i++) {
                relay.open(client).onEnd(endings::incrementAndGet);
            }
            relay.close();
            assertThat(endings.get()).isEqualTo(3);
            assertThat(relay.relay.boundPorts()).isZero();
            assertThatThrownBy(() -> relay.open(client)).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aBindAddressThatIsNotLocalIsAnErrorNotExhaustion() throws Exception {
        // A configured bind address must be local (RelaySettingsTest); a listener address that is
        // not, or no longer, gets the same error when the port is bound.
        try (TestRelay relay = new TestRelay()) {
            assertThatThrownBy(() -> relay.open(
                            TestRelay.IPV4,
                            InetAddress.getByName("192.0.2.77"),
                            HostPort.of(TestRelay.anyLocal(TestRelay.IPV4), 0),
                            TestRelay.ALLOW_ALL))
                    .isInstanceOf(IOException.class)
                    .isNotInstanceOf(UdpPortsExhaustedException.class)
                    .hasMessageContaining("not an address of this host");
            relay.awaitNothingLeft();
        }
    }
}
