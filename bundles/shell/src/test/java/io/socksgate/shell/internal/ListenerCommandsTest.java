package io.socksgate.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.socksgate.api.ListenerInfo;
import io.socksgate.api.ListenerStats;
import io.socksgate.api.Protocol;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ListenerCommandsTest {

    private final Fakes.Listeners registry = new Fakes.Listeners();

    ListenerCommandsTest() {
        // added out of name order: the commands sort by name
        registry.running.add(new ListenerInfo(
                "office",
                List.of(Endpoints.client("10.0.0.1:1080"), Endpoints.client("[::1]:1080")),
                List.of(Endpoints.client("10.0.0.1:1080"), Endpoints.client("[::1]:1080")),
                Set.of(Protocol.HTTP, Protocol.SOCKS5, Protocol.SOCKS4),
                List.of("password", "none"),
                ListenerInfo.State.LISTENING,
                new ListenerStats(40, 3, 5, 2, 70_000, 9_000_000)));
        registry.running.add(Fakes.listener("default", "127.0.0.1:1080", new ListenerStats(12, 1, 0, 0, 300, 4000)));
        registry.running.add(new ListenerInfo(
                "broken",
                List.of(Endpoints.client("192.0.2.1:1081")),
                List.of(),
                Set.of(Protocol.SOCKS5),
                List.of("none"),
                ListenerInfo.State.FAILED,
                ListenerStats.ZERO,
                "cannot bind 192.0.2.1:1081: Cannot assign requested address"));
        registry.running.add(new ListenerInfo(
                "typo",
                List.of(),
                List.of(),
                Set.of(),
                List.of(),
                ListenerInfo.State.INVALID,
                ListenerStats.ZERO,
                "port = '10x8': expected a whole number from 1 to 65535"));
    }

    @Test
    void listenerRowsShowWhereWhatAndHowBusyByName() {
        assertThat(ListenerListCommand.rows(registry.listeners()))
                .containsExactly(
                        List.of(
                                "broken",
                                "192.0.2.1:1081 (not bound)",
                                "socks5",
                                "none",
                                "failed",
                                0L,
                                0L,
                                "cannot bind 192.0.2.1:1081: Cannot assign requested address"),
                        List.of("default", "127.0.0.1:1080", "socks5", "none", "listening", 1L, 12L, ""),
                        List.of(
                                "office",
                                "10.0.0.1:1080, [::1]:1080",
                                "socks4, socks5, http",
                                "password, none",
                                "listening",
                                3L,
                                40L,
                                ""),
                        List.of(
                                "typo",
                                "-",
                                "-",
                                "-",
                                "invalid",
                                0L,
                                0L,
                                "port = '10x8': expected a whole number from 1 to 65535"));
    }

    @Test
    void aListenerThatBoundOnlySomeAddressesMarksTheOthers() {
        ListenerInfo partly = new ListenerInfo(
                "partly",
                List.of(Endpoints.client("127.0.0.1:1080"), Endpoints.client("192.0.2.1:1080")),
                List.of(Endpoints.client("127.0.0.1:1080")),
                Set.of(Protocol.SOCKS5),
                List.of(),
                ListenerInfo.State.FAILED,
                null);
        assertThat(ListenerListCommand.rows(List.of(partly)))
                .containsExactly(List.of(
                        "partly", "127.0.0.1:1080, 192.0.2.1:1080 (not bound)", "socks5", "-", "failed", 0L, 0L, ""));
    }

    @Test
    void noListenersNoRows() {
        assertThat(ListenerListCommand.rows(List.of())).isEmpty();
    }

    private StatsCommand stats(String listener) {
        StatsCommand command = new StatsCommand();
        command.listeners = registry;
        command.listener = listener;
        return command;
    }

    @Test
    void statsShowEveryListenerByNameThenTheTotals() throws Exception {
        // the TOTAL row is the registry's totals, not a sum the command makes
        registry.offset = new ListenerStats(100, 0, 1, 1, 10, 20);

        assertThat(stats(null).rows())
                .containsExactly(
                        List.of("broken", 0L, 0L, 0L, 0L, 0L, 0L),
                        List.of("default", 12L, 1L, 0L, 0L, 300L, 4000L),
                        List.of("office", 40L, 3L, 5L, 2L, 70_000L, 9_000_000L),
                        List.of("typo", 0L, 0L, 0L, 0L, 0L, 0L),
                        List.of("TOTAL", 152L, 4L, 6L, 3L, 70_310L, 9_004_020L));
    }

    @Test
    void statsOfOneListenerShowOnlyItsRow() throws Exception {
        assertThat(stats("office").rows()).containsExactly(List.of("office", 40L, 3L, 5L, 2L, 70_000L, 9_000_000L));
    }

    @Test
    void statsOfAnUnknownListenerFail() {
        StatsCommand command = stats("nope");
        Fakes.Output out = new Fakes.Output();
        command.out = out.stream;
        assertThat(Failures.of(command)).isEqualTo("Listener nope not found (socks:listener-list lists them)");
        assertThat(out.text()).isEmpty();
    }

    @Test
    void withoutListenersStatsShowTheTotalsOnly() throws Exception {
        Fakes.Listeners none = new Fakes.Listeners();
        StatsCommand command = new StatsCommand();
        command.listeners = none;
        assertThat(command.rows()).containsExactly(List.of("TOTAL", 0L, 0L, 0L, 0L, 0L, 0L));
    }

    @Test
    void theListenerTableEndsWithTheProblemAndNoFormatGivesTabSeparatedLines() throws Exception {
        ListenerListCommand command = new ListenerListCommand();
        command.listeners = registry;
        command.noFormat = true;
        Fakes.Output out = new Fakes.Output();
        command.out = out.stream;
        command.execute();
        assertThat(out.lines()).hasSize(4);
        assertThat(out.lines().get(3).split("\t"))
                .extracting(String::trim)
                .containsExactly(
                        "typo",
                        "-",
                        "-",
                        "-",
                        "invalid",
                        "0",
                        "0",
                        "port = '10x8': expected a whole number from 1 to 65535");
        assertThat(out.lines().get(1).split("\t", -1))
                .extracting(String::trim)
                .last()
                .isEqualTo("");
    }
}
