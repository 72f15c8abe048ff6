package io.socksgate.server.internal.dial.upstream;

import io.socksgate.api.HostPort;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One configured upstream at run time: its settings, the health of each of its servers, and the
 * order its strategy tries them in. An edit makes a new one, in which the servers that stay keep
 * their health and their tunnels.
 */
public final class Upstream {

    private final UpstreamSettings settings;
    private final List<ServerHealth> servers;
    private final AtomicInteger nextRoundRobin = new AtomicInteger();

    public Upstream(UpstreamSettings settings, Clock clock) {
        this(settings, clock, null);
    }

    /** @param previous the version this edit replaces, whose servers that stay go on; or null */
    Upstream(UpstreamSettings settings, Clock clock, Upstream previous) {
        this.settings = settings;
        this.servers = settings.servers().stream()
                .map(server -> {
                    ServerHealth before = previous == null ? null : previous.health(server);
                    return before == null
                            ? new ServerHealth(server, settings.failMax(), settings.failTimeout(), clock)
                            : new ServerHealth(before, settings.failMax(), settings.failTimeout());
                })
                .toList();
    }

    private ServerHealth health(HostPort server) {
        for (ServerHealth health : servers) {
            if (health.server().equals(server)) {
                return health;
            }
        }
        return null;
    }

    public UpstreamSettings settings() {
        return settings;
    }

    public String name() {
        return settings.name();
    }

    /** Every server with its health, in configured (priority) order. */
    public List<ServerHealth> servers() {
        return servers;
    }

    /**
     * The servers to try for one request, in order, down ones left out; empty when all are down.
     * failover: priority order. round-robin: each request starts one further along. source-hash:
     * the client's address picks where to start, so a client keeps its server while it is up and
     * comes back to it when it is up again.
     */
    public List<ServerHealth> candidates(InetAddress client) {
        int count = servers.size();
        int first =
                switch (settings.strategy()) {
                    case FAILOVER -> 0;
                    case ROUND_ROBIN -> Math.floorMod(nextRoundRobin.getAndIncrement(), count);
                    case SOURCE_HASH -> Math.floorMod(hash(client), count);
                };
        List<ServerHealth> order = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ServerHealth server = servers.get((first + i) % count);
            if (server.isUp()) {
                order.add(server);
            }
        }
        return order;
    }

    /** Spreads neighbouring addresses (clients of one subnet) over the servers. */
    private static int hash(InetAddress client) {
        int h = Arrays.hashCode(client.getAddress());
        h ^= h >>> 16;
        h *= 0x45d9f3b;
        h ^= h >>> 16;
        return h;
    }

    @Override
    public String toString() {
        return settings.toString();
    }
}
