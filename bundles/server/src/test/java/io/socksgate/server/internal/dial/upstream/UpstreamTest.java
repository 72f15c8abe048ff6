package io.socksgate.server.internal.dial.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.socksgate.api.HostPort;
import io.socksgate.config.TypedConfigs;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Server selection per strategy, over passive health. */
class UpstreamTest {

    private final TestClock clock = new TestClock();

    private Upstream upstream(String strategy) {
        return new Upstream(
                UpstreamSettings.from(
                        TypedConfigs.of(
                                UpstreamConfig.class,
                                Map.of("servers", "10.0.0.1:1080, 10.0.0.2:1080, 10.0.0.3:1080", "strategy", strategy)),
                        "partner"),
                clock);
    }

    private static List<Integer> lastOctets(List<ServerHealth> servers) {
        return servers.stream()
                .map(s -> s.server().address().getAddress()[3] & 0xFF)
                .toList();
    }

    private static InetAddress client(int lastOctet) throws Exception {
        return InetAddress.getByAddress(new byte[] {(byte) 192, (byte) 168, 1, (byte) lastOctet});
    }

    @Test
    void failoverIsPriorityOrderSkippingDownServers() throws Exception {
        Upstream upstream = upstream("failover");
        assertThat(lastOctets(upstream.candidates(client(1)))).containsExactly(1, 2, 3);
        assertThat(lastOctets(upstream.candidates(client(2)))).containsExactly(1, 2, 3);
        upstream.servers().get(0).failed();
        assertThat(lastOctets(upstream.candidates(client(1)))).containsExactly(2, 3);
    }

    @Test
    void roundRobinStartsEachRequestAtTheNextServer() throws Exception {
        Upstream upstream = upstream("round-robin");
        assertThat(lastOctets(upstream.candidates(client(1)))).containsExactly(1, 2, 3);
        assertThat(lastOctets(upstream.candidates(client(1)))).containsExactly(2, 3, 1);
        assertThat(lastOctets(upstream.candidates(client(1)))).containsExactly(3, 1, 2);
        upstream.servers().get(0).failed();
        assertThat(lastOctets(upstream.candidates(client(1)))).containsExactly(2, 3);
    }

    @Test
    void sourceHashKeepsAClientOnOneServerAndSpreadsClients() throws Exception {
        Upstream upstream = upstream("source-hash");
        Set<Integer> firsts = new HashSet<>();
        for (int octet = 1; octet <= 50; octet++) {
            List<Integer> order = lastOctets(upstream.candidates(client(octet)));
            assertThat(order).hasSize(3);
            assertThat(lastOctets(upstream.candidates(client(octet)))).isEqualTo(order);
            firsts.add(order.get(0));
        }
        assertThat(firsts).as("50 clients use every server").containsExactlyInAnyOrder(1, 2, 3);

        // Its server down, a client moves to the next one, and back when it is up again.
        List<Integer> before = lastOctets(upstream.candidates(client(7)));
        ServerHealth first = upstream.servers().get(before.get(0) - 1);
        first.failed();
        assertThat(lastOctets(upstream.candidates(client(7)))).isEqualTo(before.subList(1, 3));
        first.succeeded();
        assertThat(lastOctets(upstream.candidates(client(7)))).isEqualTo(before);
    }

    @Test
    void allDownIsNoCandidate() throws Exception {
        Upstream upstream = upstream("failover");
        upstream.servers().forEach(ServerHealth::failed);
        assertThat(upstream.candidates(client(1))).isEmpty();
        assertThat(upstream.servers())
                .extracting(ServerHealth::server)
                .containsExactly(
                        HostPort.of(InetAddress.getByName("10.0.0.1"), 1080),
                        HostPort.of(InetAddress.getByName("10.0.0.2"), 1080),
                        HostPort.of(InetAddress.getByName("10.0.0.3"), 1080));
    }
}
