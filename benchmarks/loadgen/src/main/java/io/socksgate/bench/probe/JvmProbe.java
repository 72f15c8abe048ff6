package io.socksgate.bench.probe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What {@code jcmd} tells about a JVM proxy (Socksgate's Karaf): full GCs and the live heap. */
public final class JvmProbe {

    /**
     * A heap's or generation's line of {@code GC.heap_info}: "total NK, used NK". G1 prints one
     * for the whole heap; the serial and parallel collectors one per generation (young and old),
     * which together are the heap. The metaspace lines say "used" without "total".
     */
    private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

    private JvmProbe() {}

    public static boolean isJvm(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8)
                    .contains("java");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * For a JVM proxy: a full GC (jcmd GC.run), so heap pages made resident by earlier rows are
     * given back (G1 shrinks after a full GC) and a PSS delta means something, then a bounded wait
     * until the PSS stops falling (G1 gives the regions back concurrently).
     *
     * @return the heap in use afterwards (kB), or NaN when the process is not a JVM
     */
    public static double settle(long pid) throws InterruptedException {
        if (!isJvm(pid)) {
            return Double.NaN;
        }
        jcmd(pid, "GC.run");
        ProcessMemory.awaitSteadyPss(pid, Duration.ofSeconds(8));
        return heapUsedKb(jcmd(pid, "GC.heap_info"));
    }

    /** The live objects by class ({@code GC.class_histogram}, after a full GC of its own). */
    public static HeapHistogram histogram(long pid) throws InterruptedException {
        return HeapHistogram.parse(jcmd(pid, "GC.class_histogram"));
    }

    /**
     * The heap in use (kB) that {@code GC.heap_info} printed: the sum over its heap or generation
     * lines, or NaN when it printed none. A JVM on one CPU (a shielded run) picks the serial
     * collector, whose first line is the young generation alone.
     */
    static double heapUsedKb(String heapInfo) {
        Matcher m = HEAP_USED.matcher(heapInfo);
        double used = 0;
        boolean found = false;
        while (m.find()) {
            used += Double.parseDouble(m.group(1));
            found = true;
        }
        return found ? used : Double.NaN;
    }

    private static String jcmd(long pid, String command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(pid), command)
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out;
        } catch (IOException e) {
            return "";
        }
    }
}
