package io.socksgate.udp.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Resolves destination names for the relay: lookups run on a bounded executor, never on the I/O
 * thread, and results are cached briefly because UDP clients send many datagrams to one name (a DNS
 * client to its server, a game to its host) and a lookup per datagram would dominate the relay's
 * cost. Only successful lookups are cached; the JDK caches failures itself, briefly.
 */
final class NameResolver {

    /** Looks a name up; {@link InetAddress#getAllByName} in production. */
    @FunctionalInterface
    interface Lookup {
        InetAddress[] lookup(String name) throws UnknownHostException;
    }

    private record Entry(List<InetAddress> addresses, long expiresAt) {}

    private final Lookup lookup;
    private final Executor executor;
    private final LongSupplier nanoClock;
    private final long ttlNanos;
    private final Map<String, Entry> cache; // guarded by itself

    NameResolver(Lookup lookup, Executor executor, LongSupplier nanoClock, int capacity, Duration ttl) {
        this.lookup = lookup;
        this.executor = executor;
        this.nanoClock = nanoClock;
        this.ttlNanos = ttl.toNanos();
        this.cache = new LruMap<>(capacity);
    }

    /** The cached addresses of {@code name}, or null when it has to be looked up. */
    List<InetAddress> cached(String name) {
        String key = key(name);
        synchronized (cache) {
            Entry entry = cache.get(key);
            if (entry == null) {
                return null;
            }
            if (nanoClock.getAsLong() - entry.expiresAt() >= 0) {
                cache.remove(key);
                return null;
            }
            return entry.addresses();
        }
    }

    /**
     * Looks {@code name} up on the executor and passes the addresses to {@code callback} there; an
     * empty list when the name does not resolve, or at once on the calling thread when the executor
     * is saturated (the datagram is then dropped like one for an unknown name).
     */
    void resolve(String name, Consumer<List<InetAddress>> callback) {
        try {
            executor.execute(() -> callback.accept(lookupAndCache(name)));
        } catch (RejectedExecutionException e) {
            callback.accept(List.of());
        }
    }

    /** How many names are cached, expired ones included until they are next asked for. */
    int size() {
        synchronized (cache) {
            return cache.size();
        }
    }

    private List<InetAddress> lookupAndCache(String name) {
        List<InetAddress> addresses;
        try {
            addresses = List.copyOf(Arrays.asList(lookup.lookup(name)));
        } catch (UnknownHostException | RuntimeException e) {
            return List.of();
        }
        if (!addresses.isEmpty()) {
            synchronized (cache) {
                cache.put(key(name), new Entry(addresses, nanoClock.getAsLong() + ttlNanos));
            }
        }
        return addresses;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
