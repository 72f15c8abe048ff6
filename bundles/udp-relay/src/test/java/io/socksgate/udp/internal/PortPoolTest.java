package io.socksgate.udp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.socksgate.config.PortRange;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PortPoolTest {

    private static final PortRange RANGE = new PortRange(100, 102);
    private final PortPool pool = new PortPool();

    @Test
    void portsAreHandedOutInRotationAndNeverTwice() {
        assertThat(reserve()).isEqualTo(100);
        assertThat(reserve()).isEqualTo(101);
        assertThat(reserve()).isEqualTo(102);
        assertThat(reserve()).isEqualTo(-1);
        pool.release(100);
        assertThat(pool.size()).isEqualTo(2);
        assertThat(reserve()).isEqualTo(100);
    }

    @Test
    void aReleasedPortIsTheLastToBeReused() {
        assertThat(reserve()).isEqualTo(100);
        pool.release(100);
        assertThat(reserve()).isEqualTo(101);
        assertThat(reserve()).isEqualTo(102);
        assertThat(reserve()).isEqualTo(100);
    }

    @Test
    void skippedPortsAreNotReserved() {
        assertThat(pool.reserve(RANGE, Set.of(100, 101), Duration.ZERO)).isEqualTo(102);
        assertThat(pool.reserve(RANGE, Set.of(100, 101), Duration.ZERO)).isEqualTo(-1);
    }

    @Test
    void aNewRangeIsServedFromItsStart() {
        assertThat(reserve()).isEqualTo(100);
        assertThat(pool.reserve(new PortRange(200, 201), Set.of(), Duration.ZERO))
                .isEqualTo(200);
    }

    @Test
    void aReservationWaitsForAPortBeingReleased() throws Exception {
        reserve();
        reserve();
        reserve();
        pool.releasing(101);
        CompletableFuture<Integer> waiting =
                CompletableFuture.supplyAsync(() -> pool.reserve(RANGE, Set.of(), Duration.ofSeconds(20)));
        pool.release(101);
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo(101);
    }

    @Test
    void withNothingBeingReleasedThereIsNoWait() {
        reserve();
        reserve();
        reserve();
        long started = System.nanoTime();
        assertThat(pool.reserve(RANGE, Set.of(), Duration.ofSeconds(20))).isEqualTo(-1);
        assertThat(System.nanoTime() - started).isLessThan(Duration.ofSeconds(5).toNanos());
    }

    private int reserve() {
        return pool.reserve(RANGE, Set.of(), Duration.ZERO);
    }
}
