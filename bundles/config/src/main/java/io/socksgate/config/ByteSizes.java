package io.socksgate.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte counts and rates as configuration keys write them: decimal digits with an optional suffix
 * {@code k}, {@code m} or {@code g} (any case), which are decimal (SI) multipliers as network rates
 * and disk sizes are sold: {@code 5m} is 5,000,000 bytes, not 5 MiB. No sign, no fraction, no
 * spaces inside ({@code 1.5m} is {@code 1500k}).
 */
public final class ByteSizes {

    /** What the error messages say is expected. */
    public static final String EXPECTED = "expected bytes as digits with an optional k, m or g (x1000) suffix, e.g. 5m";

    private static final Pattern SIZE = Pattern.compile("([0-9]{1,18})([kmg]?)");

    private ByteSizes() {}

    /**
     * The bytes {@code text} spells (spaces around it allowed).
     *
     * @throws IllegalArgumentException when it spells no size, or more than {@link Long#MAX_VALUE}
     */
    public static long parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SIZE.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + (text == null ? "" : text.trim()) + "': " + EXPECTED);
        }
        long digits = Long.parseLong(m.group(1));
        long unit =
                switch (m.group(2)) {
                    case "k" -> 1_000L;
                    case "m" -> 1_000_000L;
                    case "g" -> 1_000_000_000L;
                    default -> 1L;
                };
        try {
            return Math.multiplyExact(digits, unit);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text.trim() + "' is too large");
        }
    }

    /** {@code bytes} the short way a configuration would write it: {@code 5m}, {@code 1500k}, {@code 12}. */
    public static String shown(long bytes) {
        if (bytes != 0 && bytes % 1_000_000_000L == 0) {
            return bytes / 1_000_000_000L + "g";
        }
        if (bytes != 0 && bytes % 1_000_000L == 0) {
            return bytes / 1_000_000L + "m";
        }
        if (bytes != 0 && bytes % 1_000L == 0) {
            return bytes / 1_000L + "k";
        }
        return Long.toString(bytes);
    }
}
