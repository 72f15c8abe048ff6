package io.socksgate.server.internal.log;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A warning that may repeat thousands of times a second (connections refused at a limit, accept
 * failing for want of file descriptors): the first one is logged at once, the ones that follow
 * within {@code interval} are counted, and at its end one line gives the latest with the count.
 * A burst costs a line or two per interval instead of one per event; a quiet interval ends it.
 */
public final class CountedWarning {

    private final Logger log;
    private final Duration interval;
    private final ScheduledExecutorService timers;
    /** True while an interval runs: occurrences are counted, not logged. */
    private final AtomicBoolean counting = new AtomicBoolean();

    private final AtomicLong unreported = new AtomicLong();
    private volatile String latest;

    public CountedWarning(Logger log, Duration interval, ScheduledExecutorService timers) {
        this.log = log;
        this.interval = interval;
        this.timers = timers;
    }

    /** One occurrence; {@code message} is what would be logged for it alone. */
    public void occurred(String message) {
        if (counting.compareAndSet(false, true)) {
            log.warn("{} (more like it within {} s are counted)", message, interval.toSeconds());
            scheduleReport();
        } else {
            latest = message;
            unreported.incrementAndGet();
        }
    }

    private void scheduleReport() {
        try {
            timers.schedule(this::report, interval.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            counting.set(false); // shutting down: nothing left to report to
        }
    }

    /** End of an interval: the count, and another interval if there was any. */
    private void report() {
        long count = unreported.getAndSet(0);
        if (count > 0) {
            log.warn("{} (and {} more like it in the last {} s)", latest, count, interval.toSeconds());
            scheduleReport();
            return;
        }
        counting.set(false);
        // An occurrence between the count and the reset above was counted, not logged: start over.
        if (unreported.get() > 0 && counting.compareAndSet(false, true)) {
            scheduleReport();
        }
    }
}
