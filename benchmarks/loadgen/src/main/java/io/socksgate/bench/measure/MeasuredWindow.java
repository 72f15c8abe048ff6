package io.socksgate.bench.measure;

import io.socksgate.bench.probe.ProcessCpu;

/**
 * The warm-up and the measured window of a UDP client loop that runs on one thread: round trips
 * and losses count only once the window has opened, and the proxy's CPU is read at its two ends.
 */
final class MeasuredWindow {

    private final long pid;
    private final long opensAt;
    private final long closesAt;
    private boolean open;
    private long openedAt;
    private double cpuAtOpen = Double.NaN;
    private long answered;
    private long lost;

    /** @param pid the proxy's process, or 0 for none (direct) */
    MeasuredWindow(long pid, double warmSeconds, double seconds) {
        this.pid = pid;
        opensAt = System.nanoTime() + (long) (warmSeconds * 1e9);
        closesAt = opensAt + (long) (seconds * 1e9);
    }

    /** Opens the window when its time has come; false once it has closed. */
    boolean running(long now) {
        if (!open && now >= opensAt) {
            open = true;
            answered = 0;
            lost = 0;
            cpuAtOpen = cpuSeconds();
            openedAt = now;
        }
        return now < closesAt;
    }

    void answered() {
        answered++;
    }

    void lost() {
        lost++;
    }

    /** Round trips per second in the window and the proxy's CPU µs per round trip; losses printed as {@code what}. */
    UdpRoundTrips.Outcome outcome(String what) {
        double elapsed = (System.nanoTime() - openedAt) / 1e9;
        double cpu = cpuSeconds() - cpuAtOpen;
        if (lost > 0) {
            System.out.println("  (" + what + ": " + lost + " datagrams lost)");
        }
        return new UdpRoundTrips.Outcome(answered / elapsed, answered == 0 ? Double.NaN : cpu * 1e6 / answered, lost);
    }

    private double cpuSeconds() {
        return pid > 0 ? ProcessCpu.seconds(pid) : Double.NaN;
    }
}
