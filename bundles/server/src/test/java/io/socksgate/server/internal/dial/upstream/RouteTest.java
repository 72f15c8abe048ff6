package io.socksgate.server.internal.dial.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socksgate.config.TypedConfigs;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTest {

    private static Upstream upstream(String name, String strategy) {
        return new Upstream(
                UpstreamSettings.from(
                        TypedConfigs.of(UpstreamConfig.class, Map.of("servers", "10.0.0.1:1080", "strategy", strategy)),
                        name),
                Clock.systemUTC());
    }

    @Test
    void shownAsTheRuleNamesIt() {
        Upstream corporate = upstream("corporate", "failover");
        Upstream partner = upstream("partner", "round-robin");
        assertThat(new Route(List.of(corporate, partner), true)).hasToString("corporate, partner, direct");
        assertThat(Route.through(corporate)).hasToString("corporate");
        assertThat(new Route(List.of(), true)).hasToString("direct");
        assertThatThrownBy(() -> new Route(List.of(), false)).isInstanceOf(IllegalArgumentException.class);
    }

    /** The access log's hierarchy field, Squid's words. */
    @Test
    void hierarchyCodes() {
        InetSocketAddress server = new InetSocketAddress("10.0.0.1", 1080);
        assertThat(Hop.direct(server).hierarchyCode()).isEqualTo("DIRECT");
        for (String[] pair : new String[][] {
            {"failover", "FIRSTUP_PARENT"}, {"round-robin", "ROUNDROBIN_PARENT"}, {"source-hash", "SOURCEHASH_PARENT"}
        }) {
            Upstream upstream = upstream("u", pair[0]);
            Hop hop = new Hop(upstream, upstream.servers().get(0).server(), server);
            assertThat(hop.hierarchyCode()).isEqualTo(pair[1]);
            assertThat(hop.isDirect()).isFalse();
        }
    }
}
