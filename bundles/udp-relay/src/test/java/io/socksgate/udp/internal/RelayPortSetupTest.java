package io.socksgate.udp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.socksgate.api.HostPort;
import io.socksgate.api.UdpAssociation;
import io.socksgate.api.UdpDestinationCheck;
import io.socksgate.config.PortRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Opening and closing an association binds and closes its relay port on the caller's thread, never
 * through the thread that relays datagrams. (A MINA datagram acceptor bound each port through its
 * I/O thread, sleeping 10 ms under its bind lock first, so every setup waited for the previous one
 * and for the relaying of datagrams.)
 */
@Timeout(60)
class RelayPortSetupTest {

    private static final int SETUPS = 50;
    private static final int CONCURRENT = 16;

    @Test
    void associationsOpenAndCloseWhileTheRelayingThreadIsBusy() throws Exception {
        CountDownLatch checking = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        // The destination check runs on the relaying thread: this one holds it until told to go on.
        UdpDestinationCheck holding = (requested, resolved) -> {
            checking.countDown();
            try {
                return proceed.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        };
        PortRange ports = FreePorts.range(TestRelay.IPV4, SETUPS + 8);
        try (TestRelay relay = new TestRelay(Map.of("ports", ports.toString()));
                UdpEcho echo = new UdpEcho(TestRelay.IPV4);
                SocksUdpClient client = new SocksUdpClient(TestRelay.IPV4)) {
            UdpAssociation held = relay.open(client, holding);
            client.send(held.relayAddress(), HostPort.of(echo.address()), new byte[] {1});
            assertThat(checking.await(10, TimeUnit.SECONDS))
                    .as("the relaying thread is in the check")
                    .isTrue();

            ExecutorService setups = Executors.newFixedThreadPool(CONCURRENT);
            try {
                List<Future<Integer>> opened = new ArrayList<>();
                for (int i = 0; i < SETUPS; i++) {
                    opened.add(setups.submit(() -> {
                        try (SocksUdpClient other = new SocksUdpClient(TestRelay.IPV4);
                                UdpAssociation association = relay.open(other)) {
                            return association.relayAddress().getPort();
                        }
                    }));
                }
                for (Future<Integer> setup : opened) {
                    // Bounded far above any setup's cost: what fails here is waiting for the
                    // relaying thread, which the check holds for 30 s.
                    assertThat(ports.contains(setup.get(10, TimeUnit.SECONDS))).isTrue();
                }
            } finally {
                proceed.countDown();
                setups.shutdownNow();
            }

            // Once the thread is free again, the held association relays and a new one works.
            assertThat(client.receive().payload()).containsExactly(1);
            try (SocksUdpClient fresh = new SocksUdpClient(TestRelay.IPV4);
                    UdpAssociation association = relay.open(fresh)) {
                fresh.send(association.relayAddress(), HostPort.of(echo.address()), new byte[] {2, 3});
                assertThat(fresh.receive().payload()).containsExactly(2, 3);
            }
            held.close();
            relay.awaitNothingLeft();
        }
    }
}
