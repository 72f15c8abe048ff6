package io.socksgate.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** socks:rule-add and socks:limit-add write the same match keys for the same match options. */
class MatchCommandSupportTest {

    /** The keys of the options each test gives a command besides the match options. */
    private static final List<String> RULE_KEYS = List.of("name", "action", "upstream");

    private static final List<String> LIMIT_KEYS = List.of("name", "scope", "rate.in");

    private final RuleAddCommand rule = new RuleAddCommand();
    private final LimitAddCommand limit = new LimitAddCommand();

    MatchCommandSupportTest() {
        rule.name = "match";
        rule.action = "allow";
        rule.upstream = List.of("corp");
        limit.name = "match";
        limit.rateIn = "10m";
        limit.scope = "shared";
    }

    @Test
    void bothCommandsWriteTheSameMatchKeysInTheSameOrder() {
        for (MatchCommandSupport command : List.of(rule, limit)) {
            command.users = List.of("alice");
            command.protocols = List.of("http,socks5");
            command.source = List.of("10.0.0.0/8");
            command.sourcePorts = List.of("1024-65535");
            command.ports = List.of("443");
        }

        assertThat(match(limit.properties(), LIMIT_KEYS))
                .containsExactly(
                        entry("protocols", "http,socks5"),
                        entry("source", "10.0.0.0/8"),
                        entry("source.ports", "1024-65535"),
                        entry("destination.ports", "443"),
                        entry("users", "alice"))
                .containsExactlyElementsOf(match(rule.properties(), RULE_KEYS));
    }

    @Test
    void everySharedOptionJoinsItsRepeatsAndLeavesOutWhatIsBlank() {
        for (MatchCommandSupport command : List.of(rule, limit)) {
            command.commands = List.of("connect", "udp");
            command.protocols = List.of(" , ");
            command.listeners = List.of("default,lan");
            command.users = List.of("@staff, -");
        }
        for (MatchCommandSupport command : List.of(rule, limit)) {
            command.destination = List.of("*.example.com", " 203.0.113.0/24 ");
            command.ports = List.of();
        }

        assertThat(match(limit.properties(), LIMIT_KEYS))
                .containsExactly(
                        entry("commands", "connect,udp"),
                        entry("listeners", "default,lan"),
                        entry("destination", "*.example.com,203.0.113.0/24"),
                        entry("users", "@staff,-"))
                .containsExactlyElementsOf(match(rule.properties(), RULE_KEYS));
    }

    @Test
    void eachCommandKeepsItsOwnKeysAroundTheMatch() {
        rule.users = List.of("alice");
        limit.users = List.of("alice");

        assertThat(rule.properties())
                .containsExactly(
                        entry("name", "match"),
                        entry("action", "allow"),
                        entry("users", "alice"),
                        entry("upstream", "corp"));
        assertThat(limit.properties())
                .containsExactly(
                        entry("name", "match"),
                        entry("users", "alice"),
                        entry("scope", "shared"),
                        entry("rate.in", "10m"));
    }

    /** The match keys a command wrote, in order: all but the command's own keys. */
    private static List<Map.Entry<String, String>> match(Map<String, String> properties, List<String> ownKeys) {
        return properties.entrySet().stream()
                .filter(e -> !ownKeys.contains(e.getKey()))
                .map(e -> Map.entry(e.getKey(), e.getValue()))
                .toList();
    }
}
