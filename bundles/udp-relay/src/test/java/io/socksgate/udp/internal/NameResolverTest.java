package io.socksgate.udp.internal;

import static io.socksgate.udp.internal.ClientPinTest.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Name resolution for the relay: off the caller's thread, cached briefly, bounded. */
class NameResolverTest {

    private final AtomicLong clock = new AtomicLong();
    private final AtomicInteger lookups = new AtomicInteger();
    private final List<Runnable> queued = new ArrayList<>();

    private final NameResolver resolver = new NameResolver(
            name -> {
                lookups.incrementAndGet();
                if (name.startsWith("unknown")) {
                    throw new UnknownHostException(name);
                }
                return new InetAddress[] {ip("192.0.2.1"), ip("2001:db8::1")};
            },
            queued::add, // runs nothing until the test says so
            clock::get,
            3,
            Duration.ofSeconds(30));

    @Test
    void aLookupRunsOnTheExecutorAndIsCached() {
        List<List<InetAddress>> results = new ArrayList<>();
        assertThat(resolver.cached("host.test")).isNull();
        resolver.resolve("host.test", results::add);
        assertThat(results).isEmpty(); // nothing on the caller's thread
        runQueued();
        assertThat(results).containsExactly(List.of(ip("192.0.2.1"), ip("2001:db8::1")));
        assertThat(resolver.cached("host.test")).containsExactly(ip("192.0.2.1"), ip("2001:db8::1"));
        assertThat(resolver.cached("HOST.Test")).isNotNull(); // names are case-insensitive
        assertThat(lookups.get()).isEqualTo(1);
    }

    @Test
    void entriesExpire() {
        resolver.resolve("host.test", addresses -> {});
        runQueued();
        clock.addAndGet(Duration.ofSeconds(30).toNanos() - 1);
        assertThat(resolver.cached("host.test")).isNotNull();
        clock.addAndGet(1);
        assertThat(resolver.cached("host.test")).isNull();
        assertThat(resolver.size()).isZero();
    }

    @Test
    void theCacheIsBoundedLeastRecentlyUsedFirst() {
        for (String name : List.of("a.test", "b.test", "c.test")) {
            resolver.resolve(name, addresses -> {});
        }
        runQueued();
        assertThat(resolver.cached("a.test")).isNotNull(); // a is now the most recently used
        resolver.resolve("d.test", addresses -> {});
        runQueued();
        assertThat(resolver.size()).isEqualTo(3);
        assertThat(resolver.cached("b.test")).isNull();
        assertThat(resolver.cached("a.test")).isNotNull();
    }

    @Test
    void anUnknownNameGivesNoAddressesAndIsNotCached() {
        List<List<InetAddress>> results = new ArrayList<>();
        resolver.resolve("unknown.test", results::add);
        runQueued();
        assertThat(results).containsExactly(List.of());
        assertThat(resolver.cached("unknown.test")).isNull();
    }

    @Test
    void aSaturatedExecutorGivesNoAddressesAtOnce() {
        NameResolver saturated = new NameResolver(
                name -> new InetAddress[] {ip("192.0.2.1")},
                command -> {
                    throw new RejectedExecutionException("full");
                },
                clock::get,
                3,
                Duration.ofSeconds(30));
        List<List<InetAddress>> results = new ArrayList<>();
        saturated.resolve("host.test", results::add);
        assertThat(results).containsExactly(List.of());
    }

    private void runQueued() {
        List<Runnable> tasks = new ArrayList<>(queued);
        queued.clear();
        tasks.forEach(Runnable::run);
    }
}
