package io.socksgate.server.internal.dial.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.socksgate.api.HostPort;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerHealthTest {

    private final TestClock clock = new TestClock();
    private final HostPort server = HostPort.ofName("proxy.example", 3128);

    @Test
    void failMaxConsecutiveFailuresMarkDownForFailTimeout() {
        ServerHealth health = new ServerHealth(server, 2, Duration.ofSeconds(30), clock);
        assertThat(health.isUp()).isTrue();
        assertThat(health.failed()).isFalse();
        assertThat(health.isUp()).as("one failure of two").isTrue();
        assertThat(health.failed()).as("this one marks it down").isTrue();
        assertThat(health.isUp()).isFalse();
        assertThat(health.failed()).as("already down").isFalse();
        assertThat(health.downSince()).isEqualTo(clock.instant());
        assertThat(health.failures()).isEqualTo(3);

        clock.advance(Duration.ofSeconds(29));
        assertThat(health.isUp()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(health.isUp()).as("after fail.timeout it is tried again").isTrue();
        assertThat(health.downSince()).isNull();

        // Back on probation: its next failure marks it down again at once.
        health.failed();
        assertThat(health.isUp()).isFalse();
    }

    @Test
    void aSuccessResetsTheCount() {
        ServerHealth health = new ServerHealth(server, 2, Duration.ofSeconds(30), clock);
        health.failed();
        health.succeeded();
        health.failed();
        assertThat(health.isUp()).isTrue();
        assertThat(health.failures()).as("total failures are still counted").isEqualTo(2);
    }

    @Test
    void aSuccessBringsADownServerBack() {
        ServerHealth health = new ServerHealth(server, 1, Duration.ofSeconds(30), clock);
        health.failed();
        assertThat(health.isUp()).isFalse();
        health.succeeded(); // an attempt that was already under way when it was marked down
        assertThat(health.isUp()).isTrue();
        assertThat(health.toString()).contains("proxy.example:3128").contains("up");
    }
}
