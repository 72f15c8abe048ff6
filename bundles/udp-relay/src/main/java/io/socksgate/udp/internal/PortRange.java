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
     * @throws IllegalArgumentException when {@code text} is not one of those
     */
    static PortRange parse(String text) {
        String trimmed = text.trim();
        String[] parts = trimmed.split("-", -1);
        if (trimmed.isEmpty() || parts.length > 2) {
            throw new IllegalArgumentException("not A-B or a single port");
        }
        int first = Integer.parseInt(parts[0].trim());
        int last = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : first;
        return new PortRange(first, last);
    }

    int size() {
        return last - first + 1;
    }

    boolean contains(int port) {
        return port >= first && port <= last;
    }

    @Override
    public String toString() {
        return first == last ? Integer.toString(first) : first + "-" + last;
    }
}
