package io.socksgate.policy.internal;

import static io.socksgate.policy.internal.Requests.connect;
import static io.socksgate.policy.internal.Requests.connectByName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socksgate.api.Command;
import io.socksgate.api.Decision;
import io.socksgate.api.Explanation;
import io.socksgate.api.PolicyService;
import io.socksgate.api.ProxyRequest;
import io.socksgate.api.RuleInfo;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyEngineTest {

    private final LocalAddresses local = new LocalAddresses();
    private final ManagementPorts management = new ManagementPorts(Set.of(8101));
    private final PolicyEngine engine = new PolicyEngine(local, management, policyConfig("deny"));

    private RuleComponent add(String name, Object... keyValues) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("service.pid", "io.socksgate.rule~" + name);
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put((String) keyValues[i], keyValues[i + 1]);
        }
        RuleComponent rule = new RuleComponent(local, management, properties);
        engine.addRule(rule);
        return rule;
    }

    @Test
    void firstMatchInAscendingOrderDecidesAndCountsAHit() {
        add("allow-loopback-clients", "order", 1000, "action", "allow", "source", "127.0.0.0/8, ::1/128");
        add("deny-loopback", "order", 10, "action", "deny", "destination", "127.0.0.0/8, ::1/128");

        assertThat(engine.evaluate(connect("127.0.0.1", "127.0.0.1", 80)))
                .isEqualTo(new Decision("deny-loopback", Decision.Action.DENY));
        assertThat(engine.evaluate(connect("127.0.0.1", "203.0.113.5", 80)))
                .isEqualTo(new Decision("allow-loopback-clients", Decision.Action.ALLOW));
        assertThat(engine.evaluate(connect("10.0.0.1", "203.0.113.5", 80)))
                .isEqualTo(new Decision(PolicyService.DEFAULT_RULE, Decision.Action.DENY));
        assertThat(engine.evaluate(connectByName("127.0.0.1", "loopback.example", "127.0.0.2", 80))
                        .rule())
                .isEqualTo("deny-loopback");

        assertThat(engine.rules())
                .extracting(RuleInfo::name, RuleInfo::order, RuleInfo::hits)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("deny-loopback", 10, 2L),
                        org.assertj.core.groups.Tuple.tuple("allow-loopback-clients", 1000, 1L));
    }

    /** Whether logging in could change a denial of an anonymous request (HTTP then answers 407). */
    @Test
    void aDeniedAnonymousRequestSaysWhetherCredentialsMayAllowIt() {
        add("deny-port-1", "order", 1, "action", "deny", "destination.ports", "1");
        add("anonymous-web", "order", 2, "action", "allow", "users", "-", "destination.ports", "80");
        add("mallory-nowhere", "order", 3, "action", "deny", "users", "mallory");
        add("staff-anywhere", "order", 4, "action", "allow", "users", "@staff", "destination.ports", "1-1000");
        ProxyRequest anonymousTo443 = connect("127.0.0.1", "203.0.113.5", 443);
        ProxyRequest anonymousTo1 = connect("127.0.0.1", "203.0.113.5", 1);
        ProxyRequest anonymousTo2000 = connect("127.0.0.1", "203.0.113.5", 2000);

        // A deny for some users stops only them: a member of staff passes on to its allow rule.
        assertThat(engine.evaluate(anonymousTo443))
                .isEqualTo(new Decision("default", Decision.Action.DENY, List.of(), true));
        assertThat(engine.explain(anonymousTo443).decision().credentialsMayAllow())
                .isTrue();
        // A rule that denies everyone comes first, or no rule for users matches: no user may pass.
        assertThat(engine.evaluate(anonymousTo1).credentialsMayAllow()).isFalse();
        assertThat(engine.evaluate(anonymousTo2000).credentialsMayAllow()).isFalse();
        // Only denials of anonymous requests say it.
        assertThat(engine.evaluate(connect("127.0.0.1", "203.0.113.5", 80)).credentialsMayAllow())
                .isFalse();
        ProxyRequest bobTo443 =
                Requests.request(Command.CONNECT, "127.0.0.1", "203.0.113.5", null, 443, "bob", java.util.Set.of());
        assertThat(engine.evaluate(bobTo443)).isEqualTo(new Decision("default", Decision.Action.DENY));
    }

    @Test
    void anAllowRuleGivesItsRoute() {
        add("via-corp", "order", 10, "action", "allow", "destination.ports", "443", "upstream", "corp, direct");
        add("lan", "order", 20, "action", "allow", "source", "127.0.0.0/8");
        assertThat(engine.evaluate(connect("127.0.0.1", "203.0.113.5", 443)))
                .isEqualTo(new Decision("via-corp", Decision.Action.ALLOW, java.util.List.of("corp", "direct")));
        assertThat(engine.explain(connect("127.0.0.1", "203.0.113.5", 443))
                        .decision()
                        .route())
                .containsExactly("corp", "direct");
        assertThat(engine.evaluate(connect("127.0.0.1", "203.0.113.5", 80)).route())
                .isEmpty();
    }

    @Test
    void explainSaysWhyEarlierRulesDidNotMatchAndCountsNothing() {
        add("deny-loopback", "order", 10, "action", "deny", "destination", "127.0.0.0/8");
        add("web-only", "order", 20, "action", "allow", "destination.ports", "80,443");
        Explanation explanation = engine.explain(connect("127.0.0.1", "203.0.113.5", 443));
        assertThat(explanation.decision()).isEqualTo(new Decision("web-only", Decision.Action.ALLOW));
        assertThat(explanation.rules()).hasSize(2);
        assertThat(explanation.rules().get(0).reason()).isEqualTo("destination 203.0.113.5 not in 127.0.0.0/8");
        assertThat(explanation.rules().get(1).matched()).isTrue();
        assertThat(engine.rules()).allMatch(r -> r.hits() == 0);
    }

    @Test
    void anInvalidNewRuleIsNotActiveAndAnInvalidChangeKeepsThePreviousVersion() {
        RuleComponent deny = add("deny-web", "order", 10, "action", "deny", "destination.ports", "80");
        add("typo", "order", 5, "action", "allow", "source", "10.0.0.0/33");
        add("allow-all", "order", 1000, "action", "allow");

        assertThat(engine.evaluate(connect("10.0.0.1", "203.0.113.5", 80)).rule())
                .isEqualTo("deny-web");
        assertThat(engine.rules())
                .filteredOn(r -> r.name().equals("typo"))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.problem()).contains("source");
                    assertThat(r.action()).isNull();
                });

        // The deny rule gets a broken change: it must keep denying, not fall through to allow-all.
        Map<String, Object> broken = new HashMap<>();
        broken.put("service.pid", "io.socksgate.rule~deny-web");
        broken.put("action", "deny");
        broken.put("destination.ports", "80-");
        deny.modified(broken);
        assertThat(engine.evaluate(connect("10.0.0.1", "203.0.113.5", 80)).rule())
                .isEqualTo("deny-web");
        assertThat(engine.rules())
                .filteredOn(r -> r.name().equals("deny-web"))
                .singleElement()
                .satisfies(r -> assertThat(r.problem()).contains("destination.ports"));
    }

    @Test
    void removedRulesStopCountingAtOnce() {
        RuleComponent allow = add("allow-all", "action", "allow");
        assertThat(engine.evaluate(connect("10.0.0.1", "203.0.113.5", 80)).allowed())
                .isTrue();
        engine.removeRule(allow);
        assertThat(engine.evaluate(connect("10.0.0.1", "203.0.113.5", 80)).allowed())
                .isFalse();
    }

    @Test
    void theDefaultActionIsConfigurable() {
        engine.modified(policyConfig("allow"));
        assertThat(engine.evaluate(connect("10.0.0.1", "203.0.113.5", 80)).allowed())
                .isTrue();
        engine.modified(policyConfig("maybe")); // invalid: the previous one stays
        assertThat(engine.evaluate(connect("10.0.0.1", "203.0.113.5", 80)).allowed())
                .isTrue();
    }

    @Test
    void validateChecksPropertiesLikeTheRuleDoes() {
        engine.validate(Map.of("action", "deny", "destination", "10.0.0.0/8"));
        assertThatThrownBy(() -> engine.validate(Map.of("action", "deny", "destination", "10.0.0.0/40")))
                .hasMessageStartingWith("destination:");
    }

    private static PolicyConfig policyConfig(String defaultAction) {
        return (PolicyConfig) Proxy.newProxyInstance(
                PolicyConfig.class.getClassLoader(),
                new Class<?>[] {PolicyConfig.class},
                (proxy, method, args) ->
                        method.getName().equals("default_action") ? defaultAction : method.getDefaultValue());
    }

    @Test
    void twoRulesWithTheSameOrderAreListedWithTheirTieAndLoggedOnce() {
        add("allow-office", "order", 50, "action", "allow", "source", "10.0.0.0/8");
        add("deny-lab", "order", 50, "action", "deny", "source", "10.9.0.0/16");
        add("other", "order", 60, "action", "allow");
        List<String> warnings = captureWarnings(() -> {
            for (int i = 0; i < 5; i++) {
                engine.evaluate(connect("10.9.1.1", "203.0.113.5", 80));
                engine.rules();
            }
        });
        assertThat(engine.rules())
                .filteredOn(r -> r.order() == 50)
                .extracting(RuleInfo::name, RuleInfo::problem)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "allow-office", "same order 50 as deny-lab: the name decides which goes first"),
                        org.assertj.core.groups.Tuple.tuple(
                                "deny-lab", "same order 50 as allow-office: the name decides which goes first"));
        assertThat(engine.rules())
                .filteredOn(r -> r.name().equals("other"))
                .singleElement()
                .satisfies(r -> assertThat(r.problem()).isNull());
        assertThat(warnings).isEmpty(); // logged once already, when the second rule came
    }

    @Test
    void aTieIsLoggedAtWarnNamingBothRulesWhenItAppears() {
        add("allow-office", "order", 50, "action", "allow", "source", "10.0.0.0/8");
        List<String> warnings = captureWarnings(() -> {
            add("deny-lab", "order", 50, "action", "deny", "source", "10.9.0.0/16");
            engine.evaluate(connect("10.9.1.1", "203.0.113.5", 80));
            engine.rules();
        });
        assertThat(warnings)
                .containsExactly("rules allow-office, deny-lab have the same order 50: they are evaluated by name,"
                        + " allow-office first; give each rule its own order");
    }

    /** WARN lines of the engine's logger (slf4j-simple writes them to System.err) while running. */
    private static List<String> captureWarnings(Runnable action) {
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(java.nio.charset.StandardCharsets.UTF_8)
                .lines()
                .filter(line -> line.contains("WARN") && line.contains(PolicyEngine.class.getName()))
                .map(line -> line.substring(line.indexOf(" - ") + 3))
                .toList();
    }
}
