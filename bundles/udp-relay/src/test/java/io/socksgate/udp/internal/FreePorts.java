package io.socksgate.udp.internal;

import io.socksgate.config.PortRange;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;

/** Finds runs of consecutive UDP ports that are free on an address right now. */
final class FreePorts {

    private FreePorts() {}

    /** A range of {@code count} ports, all free on {@code address} when probed. */
    static PortRange range(InetAddress address, int count) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(20000, 60000 - count);
            if (allFree(address, first, count)) {
                return new PortRange(first, first + count - 1);
            }
        }
        throw new IllegalStateException("no run of " + count + " free UDP ports on " + address);
    }

    static boolean isFree(InetAddress address, int port) {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(address, port))) {
            return probe.isBound();
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean allFree(InetAddress address, int first, int count) {
        for (int port = first; port < first + count; port++) {
            if (!isFree(address, port)) {
                return false;
            }
        }
        return true;
    }
}
