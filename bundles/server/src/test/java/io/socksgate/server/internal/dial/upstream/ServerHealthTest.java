package io.socksgate.server.internal.dial.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.socksgate.api.HostPort;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ServerHealthTest {

    private final TestClock clock = new TestClock();
    private final HostPort server = HostPort.ofName("proxy.example", 3128);

    @Test
    void failMaxConsecutiveFailuresMarkDownForFailTimeout() {
        Instant configured = clock.instant();
        ServerHealth health = new ServerHealth(server, 2, Duration.ofSeconds(30), clock);
        assertThat(health.isUp()).isTrue();
        assertThat(health.since()).as("never changed: the configuration's time").isEqualTo(configured);

        clock.advance(Duration.ofSeconds(5));
        assertThat(health.failed()).isFalse();
        assertThat(health.isUp()).as("one failure of two").isTrue();
        assertThat(health.failed()).as("this one marks it down").isTrue();
        assertThat(health.isUp()).isFalse();
        Instant down = clock.instant();
        assertThat(health.since()).isEqualTo(down);
        assertThat(health.failed()).as("already down").isFalse();
        assertThat(health.consecutiveFailures()).isEqualTo(3);

        clock.advance(Duration.ofSeconds(29));
        assertThat(health.isUp()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(health.isUp()).as("after fail.timeout it is tried again").isTrue();
        assertThat(health.since()).isEqualTo(down.plusSeconds(30));

        // Back on probation: its next failure marks it down again at once.
        assertThat(health.failed()).isTrue();
        assertThat(health.isUp()).isFalse();
    }

    @Test
    void aSuccessResetsTheCount() {
        ServerHealth health = new ServerHealth(server, 2, Duration.ofSeconds(30), clock);
        health.failed();
        health.succeeded();
        assertThat(health.consecutiveFailures()).isZero();
        health.failed();
        assertThat(health.isUp()).isTrue();
        assertThat(health.consecutiveFailures()).isEqualTo(1);
    }

    @Test
    void aSuccessBringsADownServerBack() {
        ServerHealth health = new ServerHealth(server, 1, Duration.ofSeconds(30), clock);
        health.failed();
        assertThat(health.isUp()).isFalse();
        clock.advance(Duration.ofSeconds(3));
        health.succeeded(); // an attempt that was already under way when it was marked down
        assertThat(health.isUp()).isTrue();
        assertThat(health.since()).isEqualTo(clock.instant());
        assertThat(health.toString()).contains("proxy.example:3128").contains("up");
    }

    @Test
    void tunnelsCounted() {
        ServerHealth health = new ServerHealth(server, 1, Duration.ofSeconds(30), clock);
        health.tunnelOpened();
        health.tunnelOpened();
        health.tunnelClosed();
        assertThat(health.tunnels()).isEqualTo(1);
    }
}
