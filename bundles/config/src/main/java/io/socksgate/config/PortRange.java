package io.socksgate.config;

import java.util.regex.Pattern;

/**
 * Ports {@code first} to {@code last} inclusive, as port lists and ranges write them: {@code 80},
 * {@code 16000-16100}. A port is written in decimal digits only: no sign, no other script's digits
 * (which the JDK's number parsing would take), at most five of them.
 *
 * @param first the lowest port, 0 to 65535
 * @param last the highest port, {@code first} to 65535
 */
public record PortRange(int first, int last) {

    /** What the error messages say is expected of one entry. */
    public static final String EXPECTED = "a port or a range of ports A-B, from 0 to 65535";

    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    public PortRange {
        if (first < 0 || last > 65535 || first > last) {
            throw new IllegalArgumentException(first + "-" + last + " is not a range of ports from 0 to 65535");
        }
    }

    /**
     * The port {@code text} spells, 0 to 65535 (spaces around it allowed).
     *
     * @throws IllegalArgumentException when it is anything else
     */
    public static int port(String text) {
        int port = portOrNegative(text);
        if (port < 0) {
            throw new IllegalArgumentException("'" + text.trim() + "' is not a port from 0 to 65535");
        }
        return port;
    }

    /**
     * Parses {@code A-B} or a single port {@code P} (spaces around the numbers allowed).
     *
     * @throws IllegalArgumentException when {@code text} is neither, or the range runs backwards
     */
    public static PortRange parse(String text) {
        String t = text.trim();
        String[] bounds = t.split("-", -1);
        int first = bounds.length <= 2 ? portOrNegative(bounds[0]) : -1;
        int last = bounds.length == 2 ? portOrNegative(bounds[1]) : first;
        if (first < 0 || last < 0) {
            throw new IllegalArgumentException("'" + t + "' is not " + EXPECTED);
        }
        if (first > last) {
            throw new IllegalArgumentException("'" + t + "' runs backwards; expected " + EXPECTED);
        }
        return new PortRange(first, last);
    }

    private static int portOrNegative(String text) {
        String t = text.trim();
        if (!PORT.matcher(t).matches()) {
            return -1;
        }
        int port = Integer.parseInt(t);
        return port <= 65535 ? port : -1;
    }

    public int size() {
        return last - first + 1;
    }

    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    @Override
    public String toString() {
        return first == last ? Integer.toString(first) : first + "-" + last;
    }
}
