package io.socksgate.bench.probe;

import io.socksgate.bench.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A proxy's memory from {@code /proc/PID/smaps_rollup}, summed over the process and all its
 * descendants (Dante forks a child per session).
 */
public final class ProcessMemory {

    /** PSS and RSS in kB. */
    public record Reading(double pssKb, double rssKb) {}

    private ProcessMemory() {}

    public static Reading read(long pid) {
        List<Long> pids = new ArrayList<>();
        pids.add(pid);
        ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> pids.add(d.pid())));
        double pss = 0;
        double rss = 0;
        for (long p : pids) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + p + "/smaps_rollup"))) {
                    if (line.startsWith("Pss:")) {
                        pss += kilobytes(line);
                    } else if (line.startsWith("Rss:")) {
                        rss += kilobytes(line);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the process went away
            }
        }
        return new Reading(pss, rss);
    }

    public static double pssKb(long pid) {
        return read(pid).pssKb();
    }

    /**
     * Waits (at most {@code timeout}) until two readings of the PSS 300 ms apart differ by less
     * than 512 kB: memory the proxy or the collector is still giving back or taking.
     *
     * @return whether it became steady in time
     */
    public static boolean awaitSteadyPss(long pid, Duration timeout) throws InterruptedException {
        double[] last = {Double.NaN};
        return Await.until(timeout, Duration.ofMillis(300), () -> {
            double now = pssKb(pid);
            boolean steady = Math.abs(now - last[0]) < 512;
            last[0] = now;
            return steady;
        });
    }

    private static double kilobytes(String line) {
        return Double.parseDouble(line.replaceAll("[^0-9]", ""));
    }
}
