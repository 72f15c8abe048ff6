package io.socksgate.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.socksgate.api.HostPort;
import io.socksgate.api.UpstreamInfo;
import io.socksgate.api.UpstreamRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpstreamCommandsTest {

    @TempDir
    Path etc;

    private final Fakes.ConfigAdmin configAdmin = new Fakes.ConfigAdmin();
    private final Fakes.Upstreams registry = new Fakes.Upstreams();
    private final Fakes.Output out = new Fakes.Output();

    UpstreamCommandsTest() {
        registry.configurations = configAdmin;
    }

    private UpstreamAddCommand add(String name, String... servers) {
        UpstreamAddCommand command = new UpstreamAddCommand();
        command.upstreams = registry;
        command.configAdmin = configAdmin;
        command.etc = etc.toString();
        command.name = name;
        command.servers = List.of(servers);
        command.out = out.stream;
        command.applyTimeout = Duration.ofMillis(200);
        return command;
    }

    @Test
    void optionsBecomeTheUpstreamKeysAndOnlyThoseGiven() {
        UpstreamAddCommand command = add("corp", "proxy1.example.com:3128, proxy2.example.com:3128", "[::1]:3128");
        command.type = "http";
        command.strategy = "round-robin";
        command.username = " svc ";
        command.password = " secret with spaces ";
        command.failMax = "3";
        assertThat(command.properties())
                .containsExactly(
                        entry("name", "corp"),
                        entry("type", "http"),
                        entry("servers", "proxy1.example.com:3128,proxy2.example.com:3128,[::1]:3128"),
                        entry("strategy", "round-robin"),
                        entry("username", "svc"),
                        entry("password", " secret with spaces "),
                        entry("fail.max", "3"));
        assertThat(add("partner", "127.0.0.1:1080").properties())
                .containsExactly(entry("name", "partner"), entry("servers", "127.0.0.1:1080"));
    }

    @Test
    void addWritesTheFileAndConfigurationAndNeverPrintsThePassword() throws Exception {
        UpstreamAddCommand command = add("corp", "127.0.0.1:3128");
        command.type = "http";
        command.username = "svc";
        command.password = "s3cret";
        command.execute();

        Path file = etc.resolve("io.socksgate.upstream-corp.cfg");
        assertThat(Files.readAllLines(file))
                .filteredOn(line -> !line.startsWith("#"))
                .containsExactly(
                        "name = corp",
                        "type = http",
                        "servers = 127.0.0.1:3128",
                        "username = svc",
                        "password = s3cret");
        assertThat(configAdmin.configurations).containsKey("io.socksgate.upstream~corp");
        assertThat(out.lines())
                .containsExactly("Added upstream corp (" + file + "): http via 127.0.0.1:3128 (failover)");
        assertThat(out.text()).doesNotContain("s3cret");
    }

    @Test
    void anInvalidUpstreamIsRefusedWithEveryProblemAndNothingIsWritten() {
        registry.validator = properties ->
                List.of("type = 'socks6': expected one of socks5, socks4, http", "servers: required, HOST:PORT, …");
        UpstreamAddCommand command = add("bad", "x");
        command.type = "socks6";

        assertThat(Failures.of(command))
                .isEqualTo("Not added: upstream bad is invalid:\n"
                        + "  type = 'socks6': expected one of socks5, socks4, http\n"
                        + "  servers: required, HOST:PORT, …");
        assertThat(etc).isEmptyDirectory();
        assertThat(configAdmin.configurations).isEmpty();
    }

    @Test
    void withoutTheServerBundleTheCommandsSaySo() {
        UpstreamListCommand list = new UpstreamListCommand();
        list.out = out.stream;
        assertThat(Failures.of(list))
                .isEqualTo("The upstream registry is not available: is the Socksgate server bundle running"
                        + " (bundle:list)?");
        UpstreamAddCommand add = add("corp", "127.0.0.1:3128");
        add.upstreams = null;
        assertThat(Failures.of(add)).startsWith("The upstream registry is not available");
        assertThat(configAdmin.configurations).isEmpty();
    }

    @Test
    void withoutATerminalThePasswordIsNotAskedForButNamedAsAnOption() {
        UpstreamAddCommand command = add("corp", "127.0.0.1:3128");
        command.type = "http";
        command.username = "svc";
        command.session = headlessSession();

        assertThat(Failures.of(command))
                .isEqualTo("Not added: no terminal to ask for the password of upstream corp (ssh or bin/client with"
                        + " a command, a script): give it with --password, or run socks:upstream-add in an"
                        + " interactive console");
        assertThat(etc).isEmptyDirectory();
        assertThat(configAdmin.configurations).isEmpty();
    }

    /** A session like Karaf's headless one (a command run over ssh exec or a script): it cannot read a line. */
    private static org.apache.karaf.shell.api.console.Session headlessSession() {
        return (org.apache.karaf.shell.api.console.Session) java.lang.reflect.Proxy.newProxyInstance(
                UpstreamCommandsTest.class.getClassLoader(),
                new Class<?>[] {org.apache.karaf.shell.api.console.Session.class},
                (proxy, method, args) -> {
                    throw new UnsupportedOperationException(); // what HeadlessSessionImpl.readLine throws
                });
    }

    @Test
    void directIsNoUpstreamName() {
        assertThat(Failures.of(add("direct", "127.0.0.1:1080"))).contains("reserved for going direct in a route");
        assertThat(configAdmin.configurations).isEmpty();
    }

    @Test
    void listShowsOneRowPerServerAndInvalidUpstreamsWithTheirProblem() {
        Instant now = Instant.parse("2026-12-06T10:00:00Z");
        List<UpstreamInfo> upstreams = List.of(
                new UpstreamInfo(
                        "partner",
                        "socks5",
                        "failover",
                        List.of(
                                new UpstreamInfo.Server(
                                        HostPort.ofName("a.example.net", 1080), false, now.minusSeconds(75), 2, 0),
                                new UpstreamInfo.Server(
                                        HostPort.ofName("b.example.net", 1080), true, now.minusSeconds(3600), 0, 4)),
                        null),
                new UpstreamInfo("broken", null, null, List.of(), "servers: required"));

        assertThat(UpstreamListCommand.rows(upstreams, now))
                .containsExactly(
                        List.of("broken", "-", "-", "-", "invalid", "-", 0, 0, "servers: required"),
                        List.of("partner", "socks5", "failover", "a.example.net:1080", "down", "1m15s", 2, 0L, ""),
                        List.of("partner", "socks5", "failover", "b.example.net:1080", "up", "1h00m", 0, 4L, ""));
    }

    @Test
    void testPrintsEachServerAndFailsWhenNoneReachedTheDestination() throws Exception {
        add("partner", "127.0.0.1:1080", "127.0.0.1:1081").execute();
        HostPort a = HostPort.of(java.net.InetAddress.getLoopbackAddress(), 1080);
        HostPort b = HostPort.of(java.net.InetAddress.getLoopbackAddress(), 1081);
        registry.prober = destination -> List.of(
                new UpstreamRegistry.Probe(
                        a, false, Duration.ofMillis(3), "refused by the server (connection refused)"),
                new UpstreamRegistry.Probe(b, true, Duration.ofMillis(12), "connected to " + destination));

        test("partner", "example.com:443").execute();
        assertThat(out.text()).contains("refused by the server (connection refused)", "connected to example.com:443");
        assertThat(UpstreamTestCommand.rows(registry.prober.apply(HostPort.ofName("example.com", 443))))
                .containsExactly(
                        List.of("127.0.0.1:1080", "failed", 3L, "refused by the server (connection refused)"),
                        List.of("127.0.0.1:1081", "ok", 12L, "connected to example.com:443"));

        registry.prober =
                destination -> List.of(new UpstreamRegistry.Probe(a, false, Duration.ofMillis(3), "timed out"));
        assertThat(Failures.of(test("partner", "example.com:443")))
                .isEqualTo("No server of upstream partner reached example.com:443");
        assertThat(Failures.of(test("nope", "example.com:443")))
                .isEqualTo("No upstream named nope (socks:upstream-list lists the upstreams)");
        assertThat(Failures.of(test("partner", "example.com"))).startsWith("--destination: ");
    }

    @Test
    void removeDeletesTheConfigurationAndFailsForUnknownNames() throws Exception {
        add("corp", "127.0.0.1:3128").execute();
        UpstreamRemoveCommand command = new UpstreamRemoveCommand();
        command.upstreams = registry;
        command.configAdmin = configAdmin;
        command.names = List.of("corp", "nope");
        command.out = out.stream;
        command.applyTimeout = Duration.ofMillis(200);

        assertThat(Failures.of(command)).isEqualTo("Upstream nope not found (socks:upstream-list lists them)");
        assertThat(configAdmin.configurations).isEmpty();
        assertThat(registry.upstreams()).isEmpty();
    }

    private UpstreamTestCommand test(String name, String destination) {
        UpstreamTestCommand command = new UpstreamTestCommand();
        command.upstreams = registry;
        command.name = name;
        command.destination = destination;
        command.out = out.stream;
        return command;
    }
}
