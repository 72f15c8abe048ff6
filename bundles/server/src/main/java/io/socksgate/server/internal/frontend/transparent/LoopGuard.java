package io.socksgate.server.internal.frontend.transparent;

import io.socksgate.api.HostPort;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Predicate;

/**
 * Whether a redirected connection's original destination is one of this host's listeners: then
 * serving it would connect Socksgate to itself (a connection made straight to a transparent
 * listener has its own address as original destination; a REDIRECT that also catches Socksgate's
 * ports loops). Such connections are closed and logged, never served.
 *
 * @param listenerAddresses the addresses every listener of this Socksgate is bound to now
 */
record LoopGuard(List<InetSocketAddress> listenerAddresses) {

    LoopGuard {
        listenerAddresses = List.copyOf(listenerAddresses);
    }

    /**
     * Whether deciding on {@code original} needs this host's addresses: a listener bound to the
     * wildcard address on its port (reading them is done off the I/O threads).
     */
    boolean needsHostAddresses(InetSocketAddress original) {
        return listenerAddresses.stream()
                .anyMatch(bound -> bound.getPort() == original.getPort()
                        && bound.getAddress().isAnyLocalAddress());
    }

    /**
     * Why serving {@code original} would loop, or null when it would not.
     *
     * @param isLocal whether an address is this host's (asked only when {@link #needsHostAddresses})
     */
    String loops(InetSocketAddress original, Predicate<InetAddress> isLocal) {
        InetAddress address = original.getAddress();
        for (InetSocketAddress bound : listenerAddresses) {
            if (bound.getPort() != original.getPort()) {
                continue;
            }
            if (bound.getAddress().equals(address)) {
                return "the original destination " + text(original) + " is a listener of this Socksgate";
            }
            // 0.0.0.0 or :: : every address of the host on that port (either family: Java's :: is dual-stack)
            if (bound.getAddress().isAnyLocalAddress() && isLocal.test(address)) {
                return "the original destination " + text(original)
                        + " is an address of this host where a listener of this Socksgate is bound to "
                        + text(bound);
            }
        }
        return null;
    }

    private static String text(InetSocketAddress address) {
        return HostPort.of(address).toString();
    }
}
