package io.socksgate.bench;

/**
 * Timed warm-up and measurement windows: here the program waits for time to pass on purpose.
 * Waiting for something to happen is {@link Await}.
 */
public final class Windows {

    private Windows() {}

    /** Lets {@code seconds} pass while the load runs on other threads. */
    public static void elapse(double seconds) throws InterruptedException {
        Thread.sleep((long) (seconds * 1000));
    }
}
