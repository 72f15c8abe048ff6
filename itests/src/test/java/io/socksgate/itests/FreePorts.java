package io.socksgate.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * TCP ports for listeners a test starts later, perhaps in another process. They come from below
 * the kernel's range for outgoing connections ({@code ip_local_port_range}): a port 0 probe would
 * return one from inside it, and between the probe and the real bind any outgoing connection of
 * this machine may take it (CI saw "Address already in use" that way). Each port is handed out at
 * most once per JVM and was bindable on the wildcard address, so free on every address, when
 * handed out.
 */
public final class FreePorts {

    private static final int LOWEST = 20_000;
    private static final int BELOW = ephemeralLowerBound();
    /** A random start, so two JVMs testing at once rarely walk the same ports. */
    private static final AtomicInteger NEXT =
            new AtomicInteger(LOWEST + ThreadLocalRandom.current().nextInt(BELOW - LOWEST));

    private FreePorts() {}

    /** A port no socket of this machine uses now, and outside the range for outgoing connections. */
    public static int next() {
        for (int tries = 0; tries < BELOW - LOWEST; tries++) {
            int port = LOWEST + Math.floorMod(NEXT.getAndIncrement() - LOWEST, BELOW - LOWEST);
            if (bindable(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free TCP port in " + LOWEST + "-" + (BELOW - 1));
    }

    private static boolean bindable(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new java.net.InetSocketAddress(port), 1); // the wildcard: free on every address
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static int ephemeralLowerBound() {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        try {
            // not Files.readString: on procfs it trusts the reported size and returns one byte
            int low = Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+")[0]);
            if (low <= LOWEST + 1_000) {
                throw new IllegalStateException(range + " starts at " + low + ", too low for test ports");
            }
            return low;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + range, e);
        }
    }
}
