package io.socksgate.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The upstream proxies requests are routed through, and a probe of each.
 *
 * @since 1.1
 */
@ProviderType
public interface UpstreamRegistry {

    /** Every upstream, by name, those with an invalid configuration included. */
    List<UpstreamInfo> upstreams();

    /**
     * Connects through every server of an upstream to {@code destination} (connect and handshake,
     * then close; no byte of payload), with the upstream's own timeouts. Health is not changed.
     *
     * @return one result per server, in configured order; completes exceptionally with {@link
     *     IllegalArgumentException} when no valid upstream has that name
     */
    CompletionStage<List<Probe>> probe(String name, HostPort destination);

    /**
     * Checks upstream properties as they would be written to an {@code io.socksgate.upstream}
     * configuration (keys as in the .cfg file) with the parser the upstreams use.
     *
     * @return one problem per bad key; empty when the properties are valid
     */
    List<String> problems(Map<String, ?> upstreamProperties);

    /**
     * The outcome of a probe through one server.
     *
     * @param server the server
     * @param succeeded whether the server reached the destination
     * @param latency from the start of the connect to the end of the handshake (or the failure)
     * @param outcome what happened, for people: "connected", "refused by the server", "timed out", ...
     */
    record Probe(HostPort server, boolean succeeded, Duration latency, String outcome) {}
}
