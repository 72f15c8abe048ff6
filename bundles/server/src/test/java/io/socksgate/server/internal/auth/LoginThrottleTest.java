package io.socksgate.server.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.socksgate.api.LoginBlock;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private static final Instant START = Instant.parse("2026-12-05T10:00:00Z");

    private final MovingClock clock = new MovingClock();
    private final LoginThrottle throttle = new LoginThrottle(limits(3, 60, 300), clock);

    @Test
    void failuresWithinTheWindowBlockForTheBlockTime() throws Exception {
        InetAddress client = address("10.0.0.7");
        assertThat(throttle.failed(client)).isFalse();
        assertThat(throttle.failed(client)).isFalse();
        assertThat(throttle.failed(client)).isTrue();
        assertThat(throttle.isBlocked(client)).isTrue();
        assertThat(throttle.blocks()).containsExactly(new LoginBlock(client, 3, START.plusSeconds(300)));

        clock.now = START.plusSeconds(300);
        assertThat(throttle.isBlocked(client)).isFalse();
        assertThat(throttle.blocks()).isEmpty();
    }

    @Test
    void blocksAreListedByEndAndLiftedOneByOneOrAll() throws Exception {
        InetAddress first = address("10.0.0.1");
        InetAddress second = address("2001:db8::2");
        InetAddress third = address("10.0.0.3");
        failTimes(second, 3);
        clock.now = START.plusSeconds(10);
        failTimes(first, 3);
        failTimes(third, 2); // not blocked yet

        List<LoginBlock> blocks = throttle.blocks();
        assertThat(blocks).extracting(LoginBlock::client).containsExactly(second, first);

        assertThat(throttle.unblock(first)).isTrue();
        assertThat(throttle.isBlocked(first)).isFalse();
        assertThat(throttle.unblock(first)).isFalse();
        assertThat(throttle.unblock(third)).isFalse(); // failing, but not blocked
        // a lifted address starts afresh: one more failure does not block it again
        assertThat(throttle.failed(first)).isFalse();

        failTimes(first, 2);
        assertThat(throttle.unblockAll()).isEqualTo(2);
        assertThat(throttle.blocks()).isEmpty();
        assertThat(throttle.isBlocked(second)).isFalse();
    }

    @Test
    void newLimitsKeepTheBlocksInForce() throws Exception {
        InetAddress client = address("10.0.0.7");
        failTimes(client, 3);
        throttle.setLimits(limits(10, 60, 5));
        assertThat(throttle.isBlocked(client)).isTrue();
        assertThat(throttle.blocks()).extracting(LoginBlock::blockedUntil).containsExactly(START.plusSeconds(300));

        InetAddress other = address("10.0.0.8");
        failTimes(other, 9);
        assertThat(throttle.isBlocked(other)).isFalse();
        assertThat(throttle.failed(other)).isTrue();
        assertThat(throttle.blocks()).extracting(LoginBlock::blockedUntil).contains(START.plusSeconds(5));
    }

    @Test
    void zeroMaxFailuresNeverBlocks() throws Exception {
        throttle.setLimits(limits(0, 60, 300));
        InetAddress client = address("10.0.0.7");
        failTimes(client, 50);
        assertThat(throttle.isBlocked(client)).isFalse();
        assertThat(throttle.blocks()).isEmpty();
    }

    private void failTimes(InetAddress client, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(client);
        }
    }

    private static LoginThrottle.Limits limits(int max, int windowSeconds, int blockSeconds) {
        return new LoginThrottle.Limits(max, Duration.ofSeconds(windowSeconds), Duration.ofSeconds(blockSeconds));
    }

    private static InetAddress address(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    private static final class MovingClock extends Clock {
        volatile Instant now = START;

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
