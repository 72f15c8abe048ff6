package io.socksgate.udp.internal;

/**
 * The ports relay sockets may bind, {@code first} to {@code last} inclusive.
 *
 * @param first the lowest port, 1 to 65535
 * @param last the highest port, {@code first} to 65535
 */
record PortRange(int first, int last) {

    PortRange {
        if (first < 1 || last > 65535 || first > last) {
            throw new IllegalArgumentException("ports: " + first + "-" + last + " is not a range within 1-65535");
        }
    }

    /**
     * Parses {@code A-B} or a single port {@code P} (spaces around the numbers are allowed).
     *
     * @throws IllegalArgumentException with a message naming the key
     */
    static PortRange parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        String[] parts = trimmed.split("-", -1);
        if (trimmed.isEmpty() || parts.length > 2) {
            throw new IllegalArgumentException("ports: expected A-B or a single port, not '" + trimmed + "'");
        }
        int first = port(parts[0], trimmed);
        int last = parts.length == 2 ? port(parts[1], trimmed) : first;
        return new PortRange(first, last);
    }

    int size() {
        return last - first + 1;
    }

    boolean contains(int port) {
        return port >= first && port <= last;
    }

    private static int port(String text, String whole) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("ports: expected ports 1-65535 as A-B or P, not '" + whole + "'");
    }

    @Override
    public String toString() {
        return first == last ? Integer.toString(first) : first + "-" + last;
    }
}
