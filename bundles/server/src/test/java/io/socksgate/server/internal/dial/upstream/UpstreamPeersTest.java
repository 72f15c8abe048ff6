package io.socksgate.server.internal.dial.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.socksgate.api.HostPort;
import io.socksgate.config.TypedConfigs;
import io.socksgate.server.internal.dial.Dialer;
import io.socksgate.server.internal.dial.upstream.Dialed.AllDown;
import io.socksgate.server.internal.dial.upstream.Dialed.Connected;
import io.socksgate.server.internal.dial.upstream.Dialed.Failed;
import io.socksgate.server.internal.dial.upstream.Peers.Peer;
import io.socksgate.server.internal.exchange.Failure;
import io.socksgate.server.internal.transport.ProxyEngine;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dialing through real upstream proxies started by the test (Dante, microsocks, Squid,
 * tinyproxy) on loopback, with the engine's own connector and I/O threads: the tunnel, failover,
 * health, destination failures and deadlines as a client's request would meet them.
 */
class UpstreamPeersTest {

    private static final String USER = "gate";
    private static final String PASSWORD = "s3cret-pass";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static Peers peers;
    private static Destinations destinations;
    private static ProxyEngine engine;
    private static RouteDialer dialer;
    private static Peer dante;
    private static Peer microsocks;
    private static Peer microsocksAuth;
    private static Peer microsocksOtherAuth;
    private static Peer squidAuth;
    private static Peer tinyproxy;
    private static Destinations.Server echo;

    /** What the rules were asked about, in order. */
    private final List<InetSocketAddress> gateAsked = new CopyOnWriteArrayList<>();

    private final List<Dialed> dialed = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startPeers() throws Exception {
        peers = new Peers();
        destinations = new Destinations();
        engine = new ProxyEngine();
        dialer = new RouteDialer(engine);
        dante = peers.dante();
        microsocks = peers.microsocks(null, null);
        microsocksAuth = peers.microsocks(USER, PASSWORD);
        microsocksOtherAuth = peers.microsocks("someone-else", "other-password");
        squidAuth = peers.squid(USER, PASSWORD);
        tinyproxy = peers.tinyproxy();
        echo = destinations.echo(null);
    }

    @AfterAll
    static void stopPeers() throws Exception {
        try {
            engine.stop();
            destinations.close();
        } finally {
            peers.close();
        }
    }

    @AfterEach
    void closeTunnels() {
        dialed.forEach(Dialed::close);
    }

    private static Upstream upstream(String type, Map<String, String> more, String... servers) {
        Map<String, Object> values = new HashMap<>(more);
        values.put("type", type);
        values.put("servers", String.join(", ", servers));
        return new Upstream(
                UpstreamSettings.from(TypedConfigs.of(UpstreamConfig.class, values), type + "-upstream"),
                Clock.systemUTC());
    }

    private static Map<String, String> credentials(String user, String password) {
        return Map.of("username", user, "password", password);
    }

    private Dialed dial(HostPort destination, Route route, Duration timeout) {
        Dialed result = new Dialed();
        dialed.add(result);
        dialer.dial(
                destination,
                route,
                InetAddress.getLoopbackAddress(),
                timeout,
                target -> {
                    gateAsked.add(target);
                    return null;
                },
                result);
        return result;
    }

    private Dialed dial(HostPort destination, Upstream upstream) {
        return dial(destination, Route.through(upstream), TIMEOUT);
    }

    private static HostPort loopback(int port) {
        return HostPort.of(InetAddress.getLoopbackAddress(), port);
    }

    private static Connected connected(Dialed result) throws Exception {
        Dialed.Outcome outcome = result.await();
        assertThat(outcome).isInstanceOf(Connected.class);
        return (Connected) outcome;
    }

    @Test
    void aLineThroughEachUpstreamType() throws Exception {
        List<Upstream> upstreams = List.of(
                upstream("socks5", Map.of(), dante.server()),
                upstream("socks5", credentials(USER, PASSWORD), microsocksAuth.server()),
                upstream("socks4", Map.of(), dante.server()),
                upstream("http", credentials(USER, PASSWORD), squidAuth.server()),
                upstream("http", Map.of(), tinyproxy.server()));
        for (Upstream upstream : upstreams) {
            Dialed result = dial(loopback(echo.port()), upstream);
            Connected up = connected(result);
            assertThat(up.hop().upstream()).isSameAs(upstream);
            assertThat(up.hop().hierarchyCode()).isEqualTo("FIRSTUP_PARENT");
            assertThat(result.echo("hello through " + upstream.settings().type() + "\n"))
                    .as(upstream.toString())
                    .isEqualTo("hello through " + upstream.settings().type() + "\n");
            ServerHealth server = upstream.servers().get(0);
            assertThat(server.consecutiveFailures()).isZero();
            assertThat(server.tunnels()).isEqualTo(1);
            result.close();
            Awaitility.await("tunnel count back to 0")
                    .atMost(Duration.ofSeconds(5))
                    .until(server::tunnels, n -> n == 0);
        }
        assertThat(dante.logText()).contains("127.0.0.1." + echo.port());
    }

    @Test
    void resolveLocalSendsTheCheckedAddressRemoteSendsTheName() throws Exception {
        HostPort byName = HostPort.ofName("localhost", echo.port());

        Connected local = connected(dial(byName, upstream("socks5", Map.of(), microsocks.server())));
        assertThat(gateAsked).hasSize(1);
        assertThat(gateAsked.get(0).isUnresolved()).isFalse();
        assertThat(gateAsked.get(0).getAddress().isLoopbackAddress()).isTrue();
        assertThat(local.hop().address().getPort()).isEqualTo(microsocks.port());

        gateAsked.clear();
        // Dante answers a name only when a rule names it ("to: localhost"): the name was sent.
        // (Dante refuses SOCKS4a outright, so names over socks4 are covered by the vectors only.)
        Dialed remote = dial(byName, upstream("socks5", Map.of("resolve", "remote"), dante.server()));
        connected(remote);
        assertThat(gateAsked).hasSize(1);
        assertThat(gateAsked.get(0).isUnresolved())
                .as("the rules saw only the name")
                .isTrue();
        assertThat(gateAsked.get(0).getHostString()).isEqualTo("localhost");
        assertThat(remote.echo("by name\n")).isEqualTo("by name\n");
    }

    @Test
    void wrongCredentialsFailOverToTheNextServer() throws Exception {
        // The first server knows other credentials: RFC 1929 refused, the second server carries it.
        Upstream upstream =
                upstream("socks5", credentials(USER, PASSWORD), microsocksOtherAuth.server(), microsocksAuth.server());
        Dialed result = dial(loopback(echo.port()), upstream);
        Connected up = connected(result);
        assertThat(up.hop().server()).isEqualTo(upstream.servers().get(1).server());
        assertThat(result.echo("second\n")).isEqualTo("second\n");
        assertThat(upstream.servers().get(0).consecutiveFailures()).isEqualTo(1);
        assertThat(upstream.servers().get(0).tunnels()).isZero();
        assertThat(upstream.servers().get(0).isUp()).as("fail.max 1").isFalse();
        assertThat(result.placed).hasSize(2);

        // Squid's 407 for wrong Basic credentials is a server failure too.
        Upstream http = upstream("http", credentials(USER, "wrong"), squidAuth.server(), tinyproxy.server());
        Dialed viaHttp = dial(loopback(echo.port()), http);
        assertThat(connected(viaHttp).hop().address().getPort()).isEqualTo(tinyproxy.port());
        assertThat(http.servers().get(0).isUp()).isFalse();
    }

    @Test
    void aClosedFirstServerFailsOver() throws Exception {
        Upstream upstream = upstream("socks5", Map.of(), "127.0.0.1:" + Destinations.closedPort(), dante.server());
        Dialed result = dial(loopback(echo.port()), upstream);
        assertThat(connected(result).hop().address().getPort()).isEqualTo(dante.port());
        assertThat(result.echo("after a refused server\n")).isEqualTo("after a refused server\n");
        assertThat(upstream.servers().get(0).isUp()).isFalse();
        assertThat(upstream.servers().get(1).isUp()).isTrue();
    }

    @Test
    void aDestinationRefusedBehindTheUpstreamIsMappedWithoutFailover() throws Exception {
        int closed = Destinations.closedPort();
        Destinations.Server second = destinations.silent();
        for (Upstream upstream : List.of(
                upstream("socks5", Map.of(), dante.server(), second.address()),
                upstream("socks4", Map.of(), dante.server(), second.address()),
                upstream("http", credentials(USER, PASSWORD), squidAuth.server(), second.address()))) {
            Dialed result = dial(loopback(closed), upstream);
            assertThat(result.await()).as(upstream.toString()).isInstanceOfSatisfying(Failed.class, f -> assertThat(
                            f.failure())
                    .isEqualTo(Failure.REFUSED));
            assertThat(upstream.servers().get(0).isUp())
                    .as("the server did its part")
                    .isTrue();
        }
        // tinyproxy answers 500 for a connect that failed: a general failure, no failover either.
        Upstream tiny = upstream("http", Map.of(), tinyproxy.server(), second.address());
        assertThat(dial(loopback(closed), tiny).await())
                .isInstanceOfSatisfying(
                        Failed.class, f -> assertThat(f.failure()).isEqualTo(Failure.GENERAL));
        assertThat(second.accepted().get())
                .as("no failover to the second server")
                .isZero();
    }

    @Test
    void allDown() throws Exception {
        Upstream upstream = upstream(
                "socks5", Map.of(), "127.0.0.1:" + Destinations.closedPort(), "127.0.0.1:" + Destinations.closedPort());
        // Both tried and failed for this request: a bad gateway (SOCKS 01, HTTP 502), not "none available".
        assertThat(dial(loopback(echo.port()), upstream).await())
                .isInstanceOfSatisfying(
                        Failed.class, f -> assertThat(f.failure()).isEqualTo(Failure.GENERAL));
        // Now both are marked down: the next request learns it without connecting anywhere.
        Dialed again = dial(loopback(echo.port()), upstream);
        assertThat(again.await()).isInstanceOfSatisfying(AllDown.class, d -> assertThat(d.reason())
                .contains("every server is down"));
        assertThat(again.placed).isEmpty();

        // With direct listed last, the request goes direct instead.
        Dialed direct = dial(loopback(echo.port()), new Route(List.of(upstream), true), TIMEOUT);
        Connected up = connected(direct);
        assertThat(up.hop().isDirect()).isTrue();
        assertThat(up.hop().hierarchyCode()).isEqualTo("DIRECT");
        assertThat(direct.echo("direct\n")).isEqualTo("direct\n");
    }

    @Test
    void theNextUpstreamOfTheRouteAfterTheFirstIsDown() throws Exception {
        Upstream dead = upstream("http", Map.of(), "127.0.0.1:" + Destinations.closedPort());
        Upstream alive = upstream("socks4", Map.of(), dante.server());
        Dialed result = dial(loopback(echo.port()), new Route(List.of(dead, alive), false), TIMEOUT);
        assertThat(connected(result).hop().upstream()).isSameAs(alive);
        assertThat(result.echo("second upstream\n")).isEqualTo("second upstream\n");
    }

    @Test
    void tunnelBytesRightAfterThe200HeaderArrive() throws Exception {
        // A stand-in proxy that writes its 200 and the destination's first bytes in one write.
        Destinations.Server eager = destinations.answering("HTTP/1.1 200 Connection established\r\n\r\nBANNER\r\n");
        Dialed result = dial(loopback(echo.port()), upstream("http", Map.of(), eager.address()));
        connected(result);
        assertThat(result.received()).isEqualTo("BANNER\r\n");
        assertThat(result.echo("then the echo\n")).isEqualTo("BANNER\r\nthen the echo\n");

        // Through Squid to a destination that speaks first.
        Destinations.Server speaksFirst = destinations.echo("220 ready\r\n");
        Dialed squid =
                dial(loopback(speaksFirst.port()), upstream("http", credentials(USER, PASSWORD), squidAuth.server()));
        connected(squid);
        assertThat(squid.echo("EHLO\r\n")).isEqualTo("220 ready\r\nEHLO\r\n");
    }

    @Test
    void aServerThatNeverAnswersTimesOutThenTheNext() throws Exception {
        Destinations.Server hung = destinations.silent();
        Upstream upstream = upstream("socks5", Map.of("timeout.connect", "1"), hung.address(), dante.server());
        Dialed result = dial(loopback(echo.port()), upstream);
        assertThat(connected(result).hop().address().getPort()).isEqualTo(dante.port());
        assertThat(result.took()).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
        assertThat(hung.accepted().get()).isEqualTo(1);
        assertThat(upstream.servers().get(0).isUp()).isFalse();
    }

    @Test
    void theOverallDeadlineEndsItWithinTimeoutConnect() throws Exception {
        Destinations.Server hung = destinations.silent();
        Upstream upstream =
                upstream("http", Map.of(), hung.address(), hung.address().replace("127.0.0.1", "localhost"));
        Dialed result = dial(loopback(echo.port()), Route.through(upstream), Duration.ofSeconds(1));
        assertThat(result.await()).isInstanceOfSatisfying(Failed.class, f -> assertThat(f.failure())
                .isEqualTo(Failure.TIMED_OUT));
        assertThat(result.took()).isBetween(Duration.ofMillis(900), Duration.ofSeconds(3));
        assertThat(upstream.servers().get(0).isUp())
                .as("no answer in all the time the request had: a failure of its own")
                .isFalse();
    }

    /**
     * A hung first server whose own timeout.connect is not shorter than the listener's used to
     * be cut short by the overall deadline on every request, never counted as failed, so that no
     * request ever reached the healthy second server.
     */
    @Test
    void aHungServerCutShortByTheOverallDeadlineIsMarkedDownSoTheNextRequestFailsOver() throws Exception {
        Destinations.Server hung = destinations.silent();
        Upstream upstream = upstream("socks5", Map.of("timeout.connect", "10"), hung.address(), dante.server());

        Dialed first = dial(loopback(echo.port()), Route.through(upstream), Duration.ofSeconds(1));
        assertThat(first.await()).isInstanceOfSatisfying(Failed.class, f -> assertThat(f.failure())
                .isEqualTo(Failure.TIMED_OUT));
        assertThat(upstream.servers().get(0).isUp()).isFalse();

        Dialed second = dial(loopback(echo.port()), Route.through(upstream), Duration.ofSeconds(1));
        assertThat(connected(second).hop().address().getPort()).isEqualTo(dante.port());
        assertThat(hung.accepted().get()).isEqualTo(1);
    }

    @Test
    void theRulesAreAskedBeforeAnyServerAndCanRefuse() throws Exception {
        Destinations.Server watched = destinations.silent();
        Dialed result = new Dialed();
        dialer.dial(
                loopback(echo.port()),
                Route.through(upstream("socks5", Map.of(), watched.address())),
                InetAddress.getLoopbackAddress(),
                TIMEOUT,
                target -> Dialer.Refusal.denied("denied by rule test"),
                result);
        assertThat(result.await()).isEqualTo(new Failed(Failure.DENIED, "denied by rule test"));
        assertThat(watched.accepted().get()).isZero();
    }

    @Test
    void socks4CannotCarryIpv6AndIsNotAsked() throws Exception {
        Destinations.Server watched = destinations.silent();
        Dialed result = dial(
                HostPort.of(InetAddress.getByName("::1"), echo.port()),
                upstream("socks4", Map.of(), watched.address()));
        assertThat(result.await()).isInstanceOfSatisfying(Failed.class, f -> assertThat(f.failure())
                .isEqualTo(Failure.ADDRESS_TYPE_UNSUPPORTED));
        assertThat(watched.accepted().get()).isZero();
    }

    /** upstream-test: a handshake through each server, in configured order, health untouched. */
    @Test
    void aProbeThroughEveryServer() throws Exception {
        Destinations.Server hung = destinations.silent();
        Upstream upstream = upstream(
                "socks5",
                Map.of("timeout.connect", "1"),
                dante.server(),
                "127.0.0.1:" + Destinations.closedPort(),
                hung.address());
        List<ServerProbe> probes = new UpstreamProber(engine)
                .probe(upstream, loopback(echo.port()))
                .toCompletableFuture()
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(probes)
                .extracting(ServerProbe::server)
                .isEqualTo(upstream.settings().servers());
        assertThat(probes).extracting(ServerProbe::succeeded).containsExactly(true, false, false);
        assertThat(probes.get(0).outcome()).isEqualTo("connected");
        assertThat(probes.get(1).outcome()).contains("Connection refused");
        assertThat(probes.get(2).outcome()).contains("no tunnel within 1s");
        assertThat(probes.get(2).latency()).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
        assertThat(upstream.servers()).allSatisfy(server -> {
            assertThat(server.isUp()).isTrue();
            assertThat(server.consecutiveFailures()).isZero();
        });

        List<ServerProbe> refused = new UpstreamProber(engine)
                .probe(upstream("socks5", Map.of(), dante.server()), loopback(Destinations.closedPort()))
                .toCompletableFuture()
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(refused).singleElement().satisfies(probe -> {
            assertThat(probe.succeeded()).isFalse();
            assertThat(probe.outcome()).contains("destination").contains("0x05");
        });
    }
}
