package io.socksgate.policy.internal;

import static io.socksgate.policy.internal.Requests.connect;
import static io.socksgate.policy.internal.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socksgate.api.Command;
import io.socksgate.api.RequestMatcher;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A rule's match keys on their own, as bandwidth limits use them. */
class RequestMatcherTest {

    private static final ManagementPorts MANAGEMENT = new ManagementPorts(Set.of(8101));

    private static RequestMatcher matcher(Map<String, ?> keys) {
        return RuleSpec.matcher(keys, address -> false, MANAGEMENT);
    }

    @Test
    void matchesAsARuleWithTheSameKeysAndIgnoresTheOthers() {
        RequestMatcher alice = matcher(
                Map.of("users", "alice,@partners", "destination.ports", "443", "rate.in", "5m", "scope", "per-user"));
        assertThat(alice.matches(request(Command.CONNECT, "10.0.0.1", "203.0.113.5", null, 443, "alice", Set.of())))
                .isTrue();
        assertThat(alice.matches(
                        request(Command.CONNECT, "10.0.0.1", "203.0.113.5", null, 443, "bob", Set.of("partners"))))
                .isTrue();
        assertThat(alice.matches(request(Command.CONNECT, "10.0.0.1", "203.0.113.5", null, 80, "alice", Set.of())))
                .isFalse();
        assertThat(alice.matches(connect("10.0.0.1", "203.0.113.5", 443)))
                .as("anonymous")
                .isFalse();
        assertThat(alice.summary()).isEqualTo("destination.ports=443 users=alice,@partners");
    }

    @Test
    void noKeysMatchEverything() {
        RequestMatcher any = matcher(Map.of("quota", "1g"));
        assertThat(any.matches(connect("10.0.0.1", "203.0.113.5", 443))).isTrue();
        assertThat(any.summary()).isEqualTo("any");
    }

    @Test
    void aBadKeyIsNamed() {
        assertThatThrownBy(() -> matcher(Map.of("source", "10.0.0.0/33")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("source: ");
        assertThatThrownBy(() -> matcher(Map.of("commands", "connect,fly")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("commands: ");
    }
}
