package io.socksgate.policy.internal;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import org.osgi.service.component.annotations.Component;

/**
 * The addresses of this host's interfaces (the {@code self} destination), read again at most
 * every few seconds so that an address added later is covered soon without a cost per request.
 */
@Component(service = LocalAddresses.class)
public final class LocalAddresses implements Predicate<InetAddress> {

    private static final long REFRESH_NANOS = 10_000_000_000L;

    private volatile Set<InetAddress> addresses = Set.of();
    private volatile long readAt;

    @Override
    public boolean test(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress()) {
            return true;
        }
        long now = System.nanoTime();
        if (now - readAt > REFRESH_NANOS || readAt == 0) {
            addresses = read();
            readAt = now;
        }
        return addresses.contains(address);
    }

    private static Set<InetAddress> read() {
        Set<InetAddress> all = new HashSet<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                all.addAll(Collections.list(nic.getInetAddresses()));
            }
        } catch (SocketException e) {
            // keep what is known: loopback and unspecified are covered above
        }
        return Set.copyOf(all);
    }
}
