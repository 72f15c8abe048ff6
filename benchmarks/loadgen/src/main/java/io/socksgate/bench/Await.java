package io.socksgate.bench;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Bounded waits on real conditions (a port answers, sockets are gone, memory stops moving): the
 * program's only way to wait for something to happen. Timed warm-up and measurement windows are
 * {@link Windows}, not this.
 */
public final class Await {

    private Await() {}

    /**
     * Checks {@code condition} at once and then every {@code poll} until it holds or {@code timeout}
     * has passed.
     *
     * @return whether the condition held in time
     */
    public static boolean until(Duration timeout, Duration poll, BooleanSupplier condition)
            throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() - end >= 0) {
                return false;
            }
            Thread.sleep(poll.toMillis());
        }
    }
}
