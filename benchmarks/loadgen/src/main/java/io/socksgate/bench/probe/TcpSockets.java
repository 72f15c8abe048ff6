package io.socksgate.bench.probe;

import io.socksgate.bench.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/** This network namespace's TCP sockets, from {@code /proc/net/tcp} and {@code tcp6}. */
public final class TcpSockets {

    private static final String LISTEN = "0A";
    private static final String TIME_WAIT = "06";

    private TcpSockets() {}

    /**
     * Sockets with a local or remote port in {@code ports} that are neither listening nor in
     * TIME_WAIT: connections still open or still closing.
     */
    public static int live(Set<Integer> ports) {
        int count = 0;
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    // sl local_address rem_address st ...; addresses are HEXADDR:HEXPORT
                    String[] f = line.trim().split("\\s+");
                    if (f.length < 4 || !f[1].contains(":") || f[3].equals(LISTEN) || f[3].equals(TIME_WAIT)) {
                        continue;
                    }
                    if (ports.contains(port(f[1])) || ports.contains(port(f[2]))) {
                        count++;
                    }
                }
            } catch (IOException e) {
                // no IPv6 table
            }
        }
        return count;
    }

    /**
     * Waits (at most {@code timeout}) until no connection on {@code ports} is open or closing, so
     * the next row does not start while the proxy still tears this one's down.
     *
     * @return whether they were gone in time
     */
    public static boolean awaitGone(Set<Integer> ports, Duration timeout) throws InterruptedException {
        return Await.until(timeout, Duration.ofMillis(100), () -> live(ports) == 0);
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1), 16);
    }
}
