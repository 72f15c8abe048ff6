package io.socksgate.bench.probe;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM's live objects by class, as {@code jcmd PID GC.class_histogram} prints them (it runs a full
 * GC first), and what a number of like things added between two of them: the idle row's answer to
 * "what does each tunnel hold".
 */
public final class HeapHistogram {

    /** {@code "   1:   12345   678900  java.lang.String (java.base@17)"}: instances, bytes, class. */
    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)", Pattern.MULTILINE);

    /** Instances and bytes of one class. */
    private record Count(long instances, long bytes) {}

    /** What one thing added of a class: bytes and instances per thing. */
    public record Share(String className, double bytes, double instances) {}

    private final Map<String, Count> byClass;

    private HeapHistogram(Map<String, Count> byClass) {
        this.byClass = byClass;
    }

    public static HeapHistogram parse(String classHistogram) {
        Map<String, Count> byClass = new HashMap<>();
        Matcher m = ROW.matcher(classHistogram);
        while (m.find()) {
            // a class loaded by two loaders prints twice; both are live objects
            byClass.merge(
                    m.group(3),
                    new Count(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))),
                    (a, b) -> new Count(a.instances + b.instances, a.bytes + b.bytes));
        }
        return new HeapHistogram(byClass);
    }

    /**
     * What {@code count} things (tunnels) added from {@code before} to {@code after}, per thing,
     * largest first; classes that changed by less than {@code minBytes} per thing are left out.
     */
    public static List<Share> perThing(HeapHistogram before, HeapHistogram after, int count, double minBytes) {
        Count none = new Count(0, 0);
        Set<String> classes = new HashSet<>(after.byClass.keySet());
        classes.addAll(before.byClass.keySet()); // a class with no objects left counts as gone
        List<Share> shares = new ArrayList<>();
        for (String className : classes) {
            Count was = before.byClass.getOrDefault(className, none);
            Count is = after.byClass.getOrDefault(className, none);
            double bytes = (double) (is.bytes - was.bytes) / count;
            if (Math.abs(bytes) >= minBytes) {
                shares.add(new Share(className, bytes, (double) (is.instances - was.instances) / count));
            }
        }
        shares.sort(Comparator.comparingDouble(Share::bytes).reversed());
        return shares;
    }

    /** The table {@link #perThing} gives, as text, with its total. */
    public static String table(List<Share> shares) {
        StringBuilder text =
                new StringBuilder(String.format(Locale.ROOT, "%9s %9s  %s%n", "bytes", "objects", "class"));
        double total = 0;
        for (Share share : shares) {
            total += share.bytes();
            text.append(String.format(
                    Locale.ROOT, "%9.1f %9.2f  %s%n", share.bytes(), share.instances(), share.className()));
        }
        return text.append(String.format(Locale.ROOT, "%9.1f            total of the classes above%n", total))
                .toString();
    }
}
