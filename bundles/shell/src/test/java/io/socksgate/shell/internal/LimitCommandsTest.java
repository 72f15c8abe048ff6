package io.socksgate.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.socksgate.api.LimitInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LimitCommandsTest {

    @Test
    void addWritesOnlyTheKeysGivenInTheLimitsTerms() {
        LimitAddCommand command = new LimitAddCommand();
        command.name = "partners";
        command.users = List.of("@partners", "alice");
        command.rateIn = "10m";
        command.quota = " 1g ";
        command.quotaAction = "close";
        assertThat(command.properties())
                .containsExactly(
                        entry("name", "partners"),
                        entry("users", "@partners,alice"),
                        entry("rate.in", "10m"),
                        entry("quota", "1g"),
                        entry("quota.action", "close"));
    }

    /** An unset burst (0) is one second of each direction's rate; with no rate there is none. */
    @Test
    void anUnsetBurstIsShownAsOneSecondOfTheRates() {
        List<List<Object>> rows = LimitListCommand.rows(List.of(
                new LimitInfo("a", "any", "shared", 10_000_000, 2000, 0, 0, null, null, 0, 0, 0, Map.of(), null),
                new LimitInfo("b", "any", "shared", 0, 0, 0, 1000, "day", "deny", 0, 0, 0, Map.of(), null)));
        assertThat(rows.get(0).get(5)).isEqualTo("1s");
        assertThat(rows.get(1).get(5)).isEqualTo("-");
    }

    @Test
    void listShowsRatesQuotaUseAndProblems() {
        List<List<Object>> rows = LimitListCommand.rows(List.of(
                new LimitInfo(
                        "partners",
                        "users=@partners",
                        "per-user",
                        10_000_000,
                        0,
                        10_000_000,
                        1_000_000_000,
                        "day",
                        "deny",
                        2,
                        9_800_000,
                        1200,
                        Map.of("bob", 35L, "alice", 1_200_000L),
                        null),
                new LimitInfo("broken", null, null, 0, 0, 0, 0, null, null, 0, 0, 0, Map.of(), "scope = 'x': ...")));
        assertThat(rows.get(0))
                .containsExactly("broken", "-", "-", "-", "-", "-", "-", 0, 0, 0, "-", "scope = 'x': ...");
        assertThat(rows.get(1))
                .containsExactly(
                        "partners",
                        "users=@partners",
                        "per-user",
                        "10m",
                        "-",
                        "10m",
                        "1g/day deny",
                        2,
                        9_800_000L,
                        1200L,
                        "alice=1200000 bob=35",
                        "");
    }
}
