package io.socksgate.server.internal.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.socksgate.api.Command;
import io.socksgate.api.HostPort;
import io.socksgate.api.Protocol;
import io.socksgate.api.SessionInfo;
import io.socksgate.api.SessionState;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessLogTest {

    private static final Instant END = Instant.ofEpochSecond(1763800000L, 123_000_000);

    @Test
    void theDesignExampleLine() {
        SessionInfo session =
                session(Command.CONNECT, HostPort.ofName("example.com", 80), "alice", "93.184.216.34", 300, 38);
        assertThat(AccessLog.line(session, AccessLog.Result.GRANTED, 200, "allow-lan", END))
                .isEqualTo("1763800000.123 16 127.0.0.1 SOCKS_TCP_MISS/200 338 SOCKS_CONNECT "
                        + "tunnel://example.com:80/ alice DIRECT/93.184.216.34 allow-lan");
    }

    @Test
    void theTimeHasThreeDigitsOfMilliseconds() {
        assertThat(AccessLog.squidTime(Instant.ofEpochSecond(1763800000L, 7_999_999)))
                .isEqualTo("1763800000.007");
        assertThat(AccessLog.squidTime(Instant.ofEpochSecond(1763800000L, 45_000_000)))
                .isEqualTo("1763800000.045");
        assertThat(AccessLog.squidTime(Instant.ofEpochSecond(1763800000L, 999_999_999)))
                .isEqualTo("1763800000.999");
        assertThat(AccessLog.squidTime(Instant.ofEpochSecond(0))).isEqualTo("0.000");
    }

    @Test
    void deniedFailedBindUdpAndIpv6() {
        SessionInfo denied = session(Command.CONNECT, HostPort.ofName("intra.net", 22), null, null, 0, 0);
        assertThat(AccessLog.line(denied, AccessLog.Result.DENIED, 403, "deny-local-destinations", END))
                .endsWith(
                        "SOCKS_TCP_DENIED/403 0 SOCKS_CONNECT tunnel://intra.net:22/ - NONE/- deny-local-destinations");
        SessionInfo refused = session(Command.CONNECT, HostPort.ofName("example.com", 81), null, null, 0, 0);
        assertThat(AccessLog.line(refused, AccessLog.Result.FAILED, 502, "allow-all", END))
                .contains(" SOCKS_TCP_ERROR/502 ");
        assertThat(AccessLog.line(refused, AccessLog.Result.FAILED, 504, "allow-all", END))
                .contains(" SOCKS_TCP_ERROR/504 ");
        SessionInfo bind = session(Command.BIND, HostPort.ofName("ftp.example.com", 0), null, "::1", 1, 2);
        assertThat(AccessLog.line(bind, AccessLog.Result.GRANTED, 200, null, END))
                .contains(" SOCKS_BIND tunnel://ftp.example.com:0/ - DIRECT/::1 -");
        SessionInfo udp = session(Command.UDP_ASSOCIATE, HostPort.ofName("client.example", 5353), null, null, 0, 0);
        assertThat(AccessLog.line(udp, AccessLog.Result.GRANTED, 200, "r", END))
                .contains(" SOCKS_UDP_MISS/200 0 SOCKS_UDP_ASSOCIATE udp://client.example:5353/ ");
    }

    @Test
    void clientControlledFieldsCannotForgeOrSplitALine() {
        SessionInfo sneaky = session(Command.CONNECT, HostPort.ofName("example.com", 80), "eve x\n1 2 3", null, 0, 0);
        String line = AccessLog.line(sneaky, AccessLog.Result.DENIED, 403, "r", END);
        assertThat(line).doesNotContain("\n").contains(" eve%20x%0A1%202%203 ");
        assertThat(line.split(" ")).hasSize(10);
    }

    @Test
    void transparentConnectionsAreLoggedAsSquidLogsInterceptedTunnels() {
        HostPort original = HostPort.of(new InetSocketAddress("10.77.0.1", 8080));
        SessionInfo direct = session(Protocol.TRANSPARENT, Command.CONNECT, original, null, "10.77.0.1", 120, 5000);
        assertThat(AccessLog.line(direct, AccessLog.Result.GRANTED, 200, "allow-redirected", END, "ORIGINAL_DST"))
                .endsWith(" 127.0.0.1 TCP_TUNNEL/200 5120 CONNECT 10.77.0.1:8080 - ORIGINAL_DST/10.77.0.1"
                        + " allow-redirected");
        SessionInfo viaSquid = session(Protocol.TRANSPARENT, Command.CONNECT, original, null, "127.0.0.1", 1, 2);
        assertThat(AccessLog.line(viaSquid, AccessLog.Result.GRANTED, 200, "via-squid", END, "FIRSTUP_PARENT"))
                .endsWith(" TCP_TUNNEL/200 3 CONNECT 10.77.0.1:8080 - FIRSTUP_PARENT/127.0.0.1 via-squid");
        SessionInfo denied = session(Protocol.TRANSPARENT, Command.CONNECT, original, null, null, 0, 0);
        assertThat(AccessLog.line(denied, AccessLog.Result.DENIED, 403, "deny-self", END))
                .endsWith(" TCP_DENIED/403 0 CONNECT 10.77.0.1:8080 - NONE/- deny-self");
        // the loop guard: no rule decided
        assertThat(AccessLog.line(denied, AccessLog.Result.FAILED, 403, null, END))
                .endsWith(" TCP_DENIED/403 0 CONNECT 10.77.0.1:8080 - NONE/- -");
        assertThat(AccessLog.line(denied, AccessLog.Result.FAILED, 502, "allow-redirected", END))
                .endsWith(" NONE_NONE/502 0 CONNECT 10.77.0.1:8080 - NONE/- allow-redirected");
        SessionInfo unknown = session(Protocol.TRANSPARENT, null, null, null, null, 0, 0);
        assertThat(AccessLog.line(unknown, AccessLog.Result.FAILED, 400, null, END))
                .endsWith(" NONE_NONE/400 0 NONE error:no-original-destination - NONE/- -");
    }

    private static SessionInfo session(
            Command command, HostPort destination, String user, String connected, long up, long down) {
        return session(Protocol.SOCKS5, command, destination, user, connected, up, down);
    }

    private static SessionInfo session(
            Protocol protocol,
            Command command,
            HostPort destination,
            String user,
            String connected,
            long up,
            long down) {
        return new SessionInfo(
                7,
                "default",
                protocol,
                command,
                new InetSocketAddress("127.0.0.1", 40000),
                user,
                Set.of(),
                destination,
                connected == null ? null : new InetSocketAddress(connected, 80),
                null,
                END.minusMillis(16),
                SessionState.CLOSING,
                up,
                down,
                null,
                null);
    }
}
