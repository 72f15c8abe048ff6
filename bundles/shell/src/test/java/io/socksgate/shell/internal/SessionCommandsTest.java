package io.socksgate.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.socksgate.api.Command;
import io.socksgate.api.Protocol;
import io.socksgate.api.SessionInfo;
import io.socksgate.api.SessionState;
import io.socksgate.api.UdpCounters;
import io.socksgate.config.IpLiterals;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionCommandsTest {

    private static final Instant NOW = Instant.parse("2024-05-01T12:03:05Z");

    private final Fakes.Sessions registry = new Fakes.Sessions();
    private final Fakes.Output out = new Fakes.Output();

    SessionCommandsTest() {
        registry.live.add(
                Fakes.session(1, "default", "alice", "10.0.0.5:40001", Endpoints.hostPort("example.com:443")));
        registry.live.add(Fakes.session(2, "default", null, "10.0.0.6:40002", Endpoints.hostPort("[::1]:80")));
        registry.live.add(Fakes.session(3, "lan", "alice", "10.0.0.5:40003", Endpoints.hostPort("192.0.2.7:22")));
    }

    @Test
    void rowsShowEveryColumn() {
        assertThat(SessionListCommand.rows(registry.sessions(), NOW))
                .containsExactly(
                        List.of(
                                1L,
                                "default",
                                "socks5",
                                "connect",
                                "10.0.0.5:40001",
                                "alice",
                                "example.com:443",
                                "-",
                                "relaying",
                                100L,
                                2000L,
                                "3m05s"),
                        List.of(
                                2L,
                                "default",
                                "socks5",
                                "connect",
                                "10.0.0.6:40002",
                                "-",
                                "[::1]:80",
                                "[::1]:80",
                                "relaying",
                                100L,
                                2000L,
                                "3m05s"),
                        List.of(
                                3L,
                                "lan",
                                "socks5",
                                "connect",
                                "10.0.0.5:40003",
                                "alice",
                                "192.0.2.7:22",
                                "192.0.2.7:22",
                                "relaying",
                                100L,
                                2000L,
                                "3m05s"));
    }

    @Test
    void aSessionInHandshakeShowsDashes() {
        SessionInfo fresh = new SessionInfo(
                9,
                "default",
                null,
                null,
                Endpoints.client("10.0.0.9:5"),
                null,
                null,
                null,
                null,
                null,
                NOW,
                SessionState.HANDSHAKE,
                0,
                0,
                null,
                null);
        assertThat(SessionListCommand.rows(List.of(fresh), NOW))
                .containsExactly(
                        List.of(9L, "default", "-", "-", "10.0.0.9:5", "-", "-", "-", "handshake", 0L, 0L, "0s"));
    }

    @Test
    void filtersCombine() {
        List<SessionInfo> all = registry.sessions();
        assertThat(ids(SessionListCommand.select(all, "default", null, null))).containsExactly(1L, 2L);
        assertThat(ids(SessionListCommand.select(all, null, "alice", null))).containsExactly(1L, 3L);
        assertThat(ids(SessionListCommand.select(all, null, "-", null))).containsExactly(2L);
        assertThat(ids(SessionListCommand.select(all, null, null, IpLiterals.parse("10.0.0.5"))))
                .containsExactly(1L, 3L);
        assertThat(ids(SessionListCommand.select(all, "lan", "alice", IpLiterals.parse("10.0.0.5"))))
                .containsExactly(3L);
        assertThat(SessionListCommand.select(all, "lan", "bob", null)).isEmpty();
    }

    @Test
    void infoShowsEveryFieldOnePerLine() {
        assertThat(SessionInfoCommand.lines(registry.session(1).orElseThrow(), NOW))
                .containsExactly(
                        "Id                : 1",
                        "Listener          : default",
                        "Protocol          : socks5",
                        "Command           : connect",
                        "Client            : 10.0.0.5:40001",
                        "Via               : -",
                        "User              : alice",
                        "Roles             : users",
                        "Destination       : example.com:443",
                        "Connected         : -",
                        "Upstream          : -",
                        "Bound             : 192.0.2.1:50000",
                        "Started           : 2024-05-01T12:00:00Z (3m05s ago)",
                        "State             : relaying",
                        "Bytes from client : 100",
                        "Bytes to client   : 2000",
                        "Limits            : -");
    }

    @Test
    void infoShowsTheLimitsThatApplyAndTheMeasuredRates() {
        SessionInfo limited = new SessionInfo(
                4,
                "default",
                Protocol.SOCKS5,
                Command.CONNECT,
                Endpoints.client("10.0.0.5:40004"),
                "alice",
                null,
                null,
                null,
                null,
                NOW,
                SessionState.RELAYING,
                100,
                2000,
                null,
                "allow-all",
                null,
                null,
                List.of("partners", "office"),
                1200,
                5_000_000);
        assertThat(SessionInfoCommand.lines(limited, NOW))
                .contains(
                        "Limits            : partners, office",
                        "Rate from client  : 1200 B/s",
                        "Rate to client    : 5000000 B/s");
    }

    @Test
    void infoShowsTheLoadBalancerAClientCameThrough() {
        SessionInfo direct = registry.session(1).orElseThrow();
        SessionInfo balanced = new SessionInfo(
                direct.id(),
                direct.listener(),
                direct.protocol(),
                direct.command(),
                direct.client(),
                direct.user(),
                direct.roles(),
                direct.destination(),
                direct.connected(),
                direct.bound(),
                direct.started(),
                direct.state(),
                direct.bytesFromClient(),
                direct.bytesToClient(),
                direct.udp(),
                direct.rule(),
                direct.upstream(),
                Endpoints.client("10.1.0.2:51000"));
        assertThat(SessionInfoCommand.lines(balanced, NOW))
                .contains("Client            : 10.0.0.5:40001", "Via               : 10.1.0.2:51000");
    }

    @Test
    void infoOfAUdpAssociationShowsItsDatagramsAndDrops() {
        SessionInfo udp = new SessionInfo(
                8,
                "default",
                Protocol.SOCKS5,
                Command.UDP_ASSOCIATE,
                Endpoints.client("10.0.0.5:40008"),
                null,
                null,
                Endpoints.hostPort("0.0.0.0:0"),
                null,
                null,
                NOW,
                SessionState.RELAYING,
                300,
                500,
                new UdpCounters(
                        3,
                        300,
                        2,
                        500,
                        Map.of(UdpCounters.DENIED, 4L, UdpCounters.OVERSIZE, 1L, UdpCounters.MALFORMED, 0L)),
                null);
        assertThat(SessionInfoCommand.lines(udp, NOW))
                .contains(
                        "Command               : udp",
                        "Bytes from client     : 300",
                        "Datagrams from client : 3",
                        "Datagrams to client   : 2",
                        "Datagrams dropped     : denied=4, oversize=1");
    }

    private SessionKillCommand kill() {
        SessionKillCommand command = new SessionKillCommand();
        command.sessions = registry;
        command.out = out.stream;
        return command;
    }

    @Test
    void killByIdsClosesTheOthersAndFailsNamingThoseNotFound() {
        SessionKillCommand command = kill();
        command.ids = List.of(1L, 7L, 3L, 8L);
        assertThat(Failures.of(command)).isEqualTo("Sessions 7, 8 not found (closed, or never existed)");
        assertThat(out.lines()).containsExactly("Closed 2 sessions");
        assertThat(ids(registry.sessions())).containsExactly(2L);

        command = kill();
        command.ids = List.of(9L);
        assertThat(Failures.of(command)).isEqualTo("Session 9 not found (closed, or never existed)");
    }

    @Test
    void killByUserClientOrAll() throws Exception {
        SessionKillCommand byUser = kill();
        byUser.user = "alice";
        assertThat(byUser.kill()).isEqualTo(2);

        registry.live.add(Fakes.session(4, "default", null, "10.0.0.6:1", Endpoints.hostPort("x:1")));
        SessionKillCommand byClient = kill();
        byClient.client = "10.0.0.6";
        assertThat(byClient.kill()).isEqualTo(2);

        registry.live.add(Fakes.session(5, "default", null, "10.0.0.8:1", Endpoints.hostPort("x:1")));
        SessionKillCommand all = kill();
        all.all = true;
        assertThat(all.kill()).isEqualTo(1);

        assertThat(out.lines())
                .containsExactly(
                        "Closed 2 sessions of user alice", "Closed 2 sessions from 10.0.0.6", "Closed 1 session");
        assertThat(registry.sessions()).isEmpty();
    }

    @Test
    void exactlyOneSelectorIsNeeded() {
        assertThat(Failures.of(kill())).isEqualTo("Give session ids, or exactly one of --user, --client and --all");
        SessionKillCommand two = kill();
        two.all = true;
        two.user = "alice";
        assertThat(Failures.of(two)).isEqualTo("Give session ids, or exactly one of --user, --client and --all");
        SessionKillCommand badClient = kill();
        badClient.client = "somehost";
        assertThat(Failures.of(badClient)).isEqualTo("--client: 'somehost' is not " + IpLiterals.EXPECTED);
        assertThat(out.text()).isEmpty();
        assertThat(registry.sessions()).hasSize(3);
    }

    @Test
    void sessionInfoOfAnUnknownIdFails() {
        SessionInfoCommand command = new SessionInfoCommand();
        command.sessions = registry;
        command.id = 42;
        command.out = out.stream;
        assertThat(Failures.of(command)).isEqualTo("Session 42 not found (closed, or never existed)");
        assertThat(out.text()).isEmpty();
    }

    @Test
    void sessionListWithABadClientFails() {
        SessionListCommand command = new SessionListCommand();
        command.sessions = registry;
        command.client = "10.0.0.256";
        command.out = out.stream;
        assertThat(Failures.of(command)).isEqualTo("--client: '10.0.0.256' is not " + IpLiterals.EXPECTED);
        assertThat(out.text()).isEmpty();
    }

    private static List<Long> ids(List<SessionInfo> sessions) {
        return sessions.stream().map(SessionInfo::id).toList();
    }
}
