package io.socksgate.bench;

/**
 * Paces a loop to one step per period on an absolute schedule, so a late step does not lower the
 * average rate: the slow reader's 64 KiB every 62.5 ms = 1 MiB/s. A rate limit that is part of
 * what is measured, not a wait for anything.
 */
public final class Pacer {

    /** 64 KiB every 62.5 ms is 1 MiB/s. */
    public static final int SLOW_CHUNK = 64 * 1024;

    private final long periodNanos;
    private long next = System.nanoTime();

    public Pacer(long periodNanos) {
        this.periodNanos = periodNanos;
    }

    /** The 1 MiB/s pace for {@link #SLOW_CHUNK}-sized steps. */
    public static Pacer oneMibPerSecond() {
        return new Pacer(62_500_000L);
    }

    /** Waits until the next step is due. */
    public void awaitNextStep() throws InterruptedException {
        next += periodNanos;
        long wait = next - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
        }
    }
}
