package io.socksgate.policy.internal;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The addresses of this host's interfaces (the {@code self} destination). They are read on a
 * timer of their own every few seconds, never by {@link #test}: rules are evaluated on network
 * I/O threads, which must not enumerate interfaces. The timer runs from {@link #start} to {@link
 * #stop}; without it the addresses are those of construction.
 */
public final class LocalAddresses implements Predicate<InetAddress> {

    private static final long REFRESH_SECONDS = 10;

    private volatile Set<InetAddress> addresses = read();
    private ScheduledExecutorService refresher;

    void start() {
        refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "socksgate-local-addresses");
            thread.setDaemon(true);
            return thread;
        });
        refresher.scheduleWithFixedDelay(() -> addresses = read(), REFRESH_SECONDS, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    void stop() {
        refresher.shutdownNow();
    }

    @Override
    public boolean test(InetAddress address) {
        return address.isAnyLocalAddress() || address.isLoopbackAddress() || addresses.contains(address);
    }

    private static Set<InetAddress> read() {
        Set<InetAddress> all = new HashSet<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                all.addAll(Collections.list(nic.getInetAddresses()));
            }
        } catch (SocketException e) {
            // keep what is known: loopback and unspecified are covered by test()
        }
        return Set.copyOf(all);
    }
}
