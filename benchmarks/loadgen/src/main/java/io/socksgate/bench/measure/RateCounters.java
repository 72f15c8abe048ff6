package io.socksgate.bench.measure;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** What the {@link RateLoop}s of one connection-rate row share: the window's flags and the counts. */
final class RateCounters {

    /** Set during the measured window: only then are times and errors recorded. */
    final AtomicBoolean measuring = new AtomicBoolean();

    final AtomicBoolean stop = new AtomicBoolean();

    /** Operations that failed in the measured window. */
    final AtomicInteger measuredErrors = new AtomicInteger();

    /** Operations completed and failed since the start, warm-up included. */
    final LongAdder completed = new LongAdder();

    final LongAdder failed = new LongAdder();

    /** Why the first operation failed, for the log line of a proxy that refuses. */
    final AtomicReference<String> firstError = new AtomicReference<>();

    void failure(Exception e) {
        failed.increment();
        firstError.compareAndSet(null, e.toString());
        if (measuring.get()) {
            measuredErrors.incrementAndGet();
        }
    }

    /** Nothing completed, and something failed: the proxy refuses these tunnels. */
    boolean refused() {
        return completed.sum() == 0 && failed.sum() > 0;
    }
}
