package io.socksgate.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Prints free TCP ports for the proxies run.sh starts. They come from below the kernel's range for
 * outgoing connections ({@code ip_local_port_range}): a port 0 probe returns one from inside it,
 * and the loopback servers, which bind port 0 right after, or any outgoing connection could take
 * it before the proxy binds it (a run once probed its proxy and reached the echo server).
 */
final class FreePorts {

    private static final int LOWEST = 20_000;

    private FreePorts() {}

    static void print(int n) {
        for (int port : find(n, LOWEST, ephemeralLowerBound())) {
            System.out.println(port);
        }
    }

    /** {@code n} distinct ports in [{@code lowest}, {@code below}), each bindable on the wildcard now. */
    static List<Integer> find(int n, int lowest, int below) {
        int span = below - lowest;
        int start = ThreadLocalRandom.current().nextInt(span); // two runs at once rarely collide
        List<Integer> ports = new ArrayList<>(n);
        for (int i = 0; i < span && ports.size() < n; i++) {
            int port = lowest + (start + i) % span;
            if (bindable(port)) {
                ports.add(port);
            }
        }
        if (ports.size() < n) {
            throw new IllegalStateException("fewer than " + n + " free TCP ports in " + lowest + "-" + (below - 1));
        }
        return ports;
    }

    private static boolean bindable(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(port), 1); // the wildcard: free on every address
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    static int ephemeralLowerBound() {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        try {
            // not Files.readString: on procfs it trusts the reported size and returns one byte
            int low = Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+")[0]);
            if (low <= LOWEST + 1_000) {
                throw new IllegalStateException(range + " starts at " + low + ", too low for the proxies' ports");
            }
            return low;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + range, e);
        }
    }
}
