package io.socksgate.api;

import java.time.Instant;
import java.util.List;

/**
 * An upstream proxy as the shell and JMX show it: one {@code io.socksgate.upstream}
 * configuration.
 *
 * @param name the name rules use in {@code upstream}
 * @param type {@code socks5}, {@code socks4} or {@code http}
 * @param strategy how a server is chosen: {@code failover}, {@code round-robin}, {@code source-hash}
 * @param servers its servers in configured order, with their health
 * @param problem why its configuration is invalid (it is then never used), or {@code null}
 * @since 1.1
 */
public record UpstreamInfo(String name, String type, String strategy, List<Server> servers, String problem) {

    public UpstreamInfo {
        servers = List.copyOf(servers);
    }

    /**
     * One server of an upstream.
     *
     * @param address where it is reached
     * @param up whether it is tried (a server is down after {@code fail.max} consecutive failures,
     *     for {@code fail.timeout})
     * @param since when it last went up or down; the configuration's time when it never changed
     * @param failures its consecutive failures now
     * @param sessions tunnels through it now
     */
    public record Server(HostPort address, boolean up, Instant since, int failures, long sessions) {}
}
