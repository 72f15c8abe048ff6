package io.socksgate.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.socksgate.api.Decision;
import io.socksgate.api.RuleInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleListCommandTest {

    @Test
    void rowsShowOrderNameActionMatchesHitsAndProblem() {
        List<List<Object>> rows = RuleListCommand.rows(List.of(
                new RuleInfo("deny-local-destinations", 10, Decision.Action.DENY, "destination=127.0.0.0/8", 3, null),
                new RuleInfo(
                        "web",
                        20,
                        Decision.Action.ALLOW,
                        "destination.ports=80,443",
                        0,
                        "order: 'x' is not a whole number"),
                new RuleInfo("broken", Integer.MAX_VALUE, null, "-", 0, "action is missing (allow or deny)")));

        assertThat(rows)
                .containsExactly(
                        List.of("10", "deny-local-destinations", "deny", "destination=127.0.0.0/8", 3L, ""),
                        List.of(
                                "20",
                                "web",
                                "allow",
                                "destination.ports=80,443",
                                0L,
                                "order: 'x' is not a whole number"),
                        List.of("-", "broken", "-", "-", 0L, "action is missing (allow or deny)"));
    }
}
