package io.socksgate.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Session limits count handshaking clients; half-open handshakes cost little and expire. */
@Timeout(120)
class LimitsTest {

    @Test
    void handshakingSessionsCountTowardsMaxSessionsAndFreedPlacesAreReused() throws IOException {
        List<RawClient> halfOpen = new ArrayList<>();
        try (ProxyFixture proxy = new ProxyFixture(Map.of("max.sessions", 20))) {
            for (int i = 0; i < 20; i++) {
                halfOpen.add(new RawClient(proxy.address()).send("05"));
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> proxy.sessions.sessions().size() == 20);
            try (RawClient overLimit = new RawClient(proxy.address())) {
                assertThat(overLimit.readToEnd()).isEmpty();
            }
            for (RawClient client : halfOpen.subList(0, 5)) {
                client.close();
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> proxy.sessions.sessions().size() == 15);
            try (RawClient next = new RawClient(proxy.address())) {
                next.send("05 01 00");
                assertThat(next.read(2)).isEqualTo(Hex.bytes("05 00"));
            }
        } finally {
            for (RawClient client : halfOpen) {
                client.close();
            }
        }
    }

    @Test
    void thousandsOfHalfOpenHandshakesFromOneAddressStayCheapAndExpire() throws IOException {
        int count = 2000;
        List<RawClient> clients = new ArrayList<>();
        // The deadline must outlast opening all of them: on a loaded machine that takes seconds,
        // and sessions expiring before the last one is open would never add up to the count.
        try (ProxyFixture proxy = new ProxyFixture(Map.of("timeout.handshake", 10))) {
            long before = heapAfterGc();
            for (int i = 0; i < count; i++) {
                clients.add(new RawClient(proxy.address()).send("05 02 00")); // one method short
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> proxy.sessions.sessions().size() == count);
            long perSession = (heapAfterGc() - before) / count;
            // Unbounded buffering (say a 64 KiB read buffer kept per session) would be far above.
            assertThat(perSession).as("heap bytes per half-open session").isLessThan(16 * 1024);

            for (RawClient client : clients) {
                assertThat(client.readToEnd()).isEmpty(); // closed at the deadline
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> proxy.sessions.sessions().isEmpty());
        } finally {
            for (RawClient client : clients) {
                client.close();
            }
        }
    }

    private static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
