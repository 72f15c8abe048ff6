package io.socksgate.bench.probe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A proxy's CPU time (user + system) from {@code /proc/PID/stat}: the process's own (all its
 * threads), its reaped children's, and its live descendants' (Dante forks per session). On 2
 * shared cores a rate alone hides who paid for it; CPU per operation does not.
 */
public final class ProcessCpu {

    private static final double TICKS_PER_SECOND = clockTicks();

    private ProcessCpu() {}

    /** CPU seconds used so far; NaN when there is no such process. */
    public static double seconds(long pid) {
        if (pid <= 0) {
            return Double.NaN;
        }
        long[] own = ticks(pid);
        if (own == null) {
            return Double.NaN;
        }
        long total = own[0] + own[1] + own[2] + own[3];
        for (long child : ProcessHandle.of(pid)
                .map(h -> h.descendants().mapToLong(ProcessHandle::pid).toArray())
                .orElse(new long[0])) {
            long[] c = ticks(child);
            if (c != null) {
                total += c[0] + c[1];
            }
        }
        return total / TICKS_PER_SECOND;
    }

    /** utime, stime, cutime, cstime; null when the process is gone. */
    private static long[] ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
            // the command name, in parentheses, may contain spaces: the fields follow the last ')'
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            // f[0] is field 3 (state); utime..cstime are fields 14..17
            return new long[] {
                Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14])
            };
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The kernel's USER_HZ (getconf CLK_TCK); 100 on every Linux this runs on, if getconf fails. */
    private static double clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            p.waitFor();
            return Double.parseDouble(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
