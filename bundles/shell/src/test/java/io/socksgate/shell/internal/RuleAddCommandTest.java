package io.socksgate.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.socksgate.api.Decision;
import io.socksgate.api.Explanation;
import io.socksgate.api.PolicyService;
import io.socksgate.api.ProxyRequest;
import io.socksgate.api.RuleInfo;
import io.socksgate.api.UpstreamInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RuleAddCommandTest {

    @TempDir
    Path etc;

    private final Fakes.Policy policy = new Fakes.Policy();
    private final Fakes.ConfigAdmin configAdmin = new Fakes.ConfigAdmin();
    private final Fakes.Output out = new Fakes.Output();

    private RuleAddCommand command(String name, String action) {
        RuleAddCommand command = new RuleAddCommand();
        command.policy = policy;
        command.configAdmin = configAdmin;
        command.etc = etc.toString();
        command.name = name;
        command.action = action;
        command.out = out.stream;
        command.applyTimeout = Duration.ZERO; // the fake policy lists no rule unless a test adds it
        return command;
    }

    @Test
    void optionsBecomeTheRuleKeysWithCommaListsJoinedAcrossRepeats() {
        RuleAddCommand command = command("web", " ALLOW ");
        command.order = " 5 ";
        command.source = List.of("10.0.0.0/8, 192.168.0.0/16", "172.16.0.0/12");
        command.sourcePorts = List.of("1024-65535");
        command.destination = List.of("*.example.com", "", " , 203.0.113.0/24 ,");
        command.ports = List.of("80", "443,8000-8999");
        command.commands = List.of("connect,udp");
        command.protocols = List.of("socks5", "socks4");
        command.listeners = List.of("default");
        command.users = List.of("alice,@staff", "-");
        command.upstream = List.of("corp", "direct");

        assertThat(command.properties())
                .containsExactly(
                        entry("name", "web"),
                        entry("order", "5"),
                        entry("action", "allow"),
                        entry("commands", "connect,udp"),
                        entry("protocols", "socks5,socks4"),
                        entry("listeners", "default"),
                        entry("source", "10.0.0.0/8,192.168.0.0/16,172.16.0.0/12"),
                        entry("source.ports", "1024-65535"),
                        entry("destination", "*.example.com,203.0.113.0/24"),
                        entry("destination.ports", "80,443,8000-8999"),
                        entry("users", "alice,@staff,-"),
                        entry("upstream", "corp,direct"));
    }

    @Test
    void optionsLeftOutAreLeftOutSoTheyMatchAnything() {
        RuleAddCommand command = command("all", "deny");
        command.source = List.of(" ", ",");
        assertThat(command.properties()).containsExactly(entry("name", "all"), entry("action", "deny"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"web", "deny-10.0.0.0_8", "A.b-C_9"})
    void namesOfLettersDigitsDotsDashesAndUnderscoresAreFine(String name) {
        assertThat(FactoryConfigs.RULES.nameProblem(name)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "two words", "a/b", "..", ".", "x~y", "caf\u00e9", "default", "a=b"})
    void otherNamesAreRefused(String name) {
        assertThat(FactoryConfigs.RULES.nameProblem(name)).isNotNull();
    }

    @Test
    void writesTheFileAndTheNamedFactoryConfigurationPointingToIt() throws Exception {
        RuleAddCommand command = command("local-web", "allow");
        command.order = "5";
        command.source = List.of("127.0.0.1");
        command.destination = List.of("127.0.0.1");
        command.ports = List.of("8080");

        command.execute();

        Path file = etc.resolve("io.socksgate.rule-local-web.cfg");
        assertThat(Files.readAllLines(file))
                .filteredOn(line -> !line.startsWith("#"))
                .containsExactly(
                        "name = local-web",
                        "order = 5",
                        "action = allow",
                        "source = 127.0.0.1",
                        "destination = 127.0.0.1",
                        "destination.ports = 8080");
        Fakes.Config config = configAdmin.configurations.get("io.socksgate.rule~local-web");
        assertThat(config).isNotNull();
        assertThat(config.getFactoryPid()).isEqualTo("io.socksgate.rule");
        Map<String, Object> properties = Fakes.map(config.properties);
        assertThat(properties)
                .containsEntry("name", "local-web")
                .containsEntry("order", "5")
                .containsEntry("action", "allow")
                .containsEntry("destination.ports", "8080")
                .containsEntry(
                        "felix.fileinstall.filename",
                        file.toFile().getCanonicalFile().toURI().toString());
        assertThat(properties.get("felix.fileinstall.filename").toString())
                .startsWith("file:/")
                .endsWith("/io.socksgate.rule-local-web.cfg");
        // The policy derives the same name from the file as from the key.
        assertThat(FactoryConfigs.RULES.instanceName(config.getPid(), config.getProperties()))
                .isEqualTo("local-web");
        assertThat(policy.validated).hasSize(1);
        assertThat(out.text()).startsWith("Added rule local-web (").contains("action=allow");
    }

    @Test
    void withoutKarafEtcOnlyTheConfigurationIsWritten() throws Exception {
        RuleAddCommand command = command("web", "allow");
        command.etc = null;
        command.execute();
        assertThat(Fakes.map(configAdmin.configurations.get("io.socksgate.rule~web").properties))
                .doesNotContainKey("felix.fileinstall.filename");
        assertThat(out.text()).contains("io.socksgate.rule~web");
    }

    @Test
    void anInvalidRuleIsReportedAndNothingIsWritten() throws Exception {
        RuleAddCommand command = command("web", "maybe");
        assertThat(Failures.of(command)).isEqualTo("Not added: action: 'maybe' is neither allow nor deny");
        assertThat(etc).isEmptyDirectory();
        assertThat(configAdmin.listConfigurations(null)).isNull();

        command = command("web", "deny");
        command.order = "first";
        assertThat(Failures.of(command)).contains("order: 'first'");
        assertThat(etc).isEmptyDirectory();
        assertThat(out.text()).isEmpty();
    }

    @Test
    void aRouteThroughUpstreamsNotInUseIsAddedWithAWarningSayingWhatThatDoes() throws Exception {
        Fakes.Upstreams upstreams = new Fakes.Upstreams();
        upstreams.configured.add(new UpstreamInfo(
                "corp",
                "socks5",
                "failover",
                List.of(new UpstreamInfo.Server(Endpoints.hostPort("127.0.0.1:1080"), true, Instant.EPOCH, 0, 0)),
                null));
        RuleAddCommand typo = command("via-typo", "allow");
        typo.upstreams = upstreams;
        typo.upstream = List.of("crop");

        typo.execute();

        assertThat(out.text())
                .startsWith("Added rule via-typo (")
                .contains("Warning: upstream crop is not in use (see socks:upstream-list);"
                        + " until then requests the rule allows are refused (SOCKS5 01, HTTP 503)");
        assertThat(etc.resolve("io.socksgate.rule-via-typo.cfg")).exists();

        out.clear();
        RuleAddCommand partly = command("partly", "allow");
        partly.upstreams = upstreams;
        partly.upstream = List.of("ms,corp", "direct");
        partly.execute();
        assertThat(out.text())
                .contains(
                        "Warning: upstream ms is not in use (see socks:upstream-list); until then the route skips it");

        out.clear();
        RuleAddCommand fine = command("fine", "allow");
        fine.upstreams = upstreams;
        fine.upstream = List.of("corp", "direct");
        fine.execute();
        assertThat(out.text()).doesNotContain("Warning");
    }

    @Test
    void aBadNameIsRefusedBeforeAnythingElse() throws Exception {
        assertThat(Failures.of(command("../evil", "deny"))).contains("may only contain letters, digits");
        assertThat(policy.validated).isEmpty();
        assertThat(etc).isEmptyDirectory();
    }

    @Test
    void anExistingRuleIsRefusedWithAHintToRemoveItFirst() throws Exception {
        // hand-written etc/io.socksgate.rule-lan.cfg naming itself "web"
        configAdmin.fromFile(
                "io.socksgate.rule~lan",
                "io.socksgate.rule",
                "io.socksgate.rule-lan.cfg",
                "name",
                "web",
                "action",
                "allow");

        assertThat(List.of(Failures.of(command("web", "deny")), Failures.of(command("lan", "deny"))))
                .allSatisfy(message -> assertThat(message)
                        .contains("already exists")
                        .contains("io.socksgate.rule-lan.cfg")
                        .contains("socks:rule-remove"));
        assertThat(etc).isEmptyDirectory();
        assertThat(configAdmin.configurations).containsOnlyKeys("io.socksgate.rule~lan");
    }

    @Test
    void aRuleThePolicyListsOrAFileInEtcAlsoHoldsTheName() throws Exception {
        policy.rules.add(new RuleInfo("listed", 10, Decision.Action.DENY, "any", 0, null));
        Files.writeString(etc.resolve("io.socksgate.rule-on-disk.cfg"), "action = nonsense\n");

        assertThat(List.of(Failures.of(command("listed", "deny")), Failures.of(command("on-disk", "deny"))))
                .allSatisfy(message -> assertThat(message).contains("already exists"));
        assertThat(etc.resolve("io.socksgate.rule-on-disk.cfg")).hasContent("action = nonsense");
        assertThat(configAdmin.listConfigurations(null)).isNull();
    }

    @Test
    void returnsOnceThePolicyAppliesTheRuleSoTheNextClientMeetsIt() throws Exception {
        RuleAddCommand add = command("web", "allow");
        add.applyTimeout = Duration.ofSeconds(10);
        // As with DS, the policy lists the rule only a few looks after its configuration is written.
        int[] looksAfterWrite = {0};
        add.policy = new PolicyService() {
            @Override
            public Decision evaluate(ProxyRequest request) {
                return policy.evaluate(request);
            }

            @Override
            public Explanation explain(ProxyRequest request) {
                return policy.explain(request);
            }

            @Override
            public List<RuleInfo> rules() {
                boolean written = !configAdmin.configurations.isEmpty();
                return written && ++looksAfterWrite[0] > 3
                        ? List.of(new RuleInfo("web", 100, Decision.Action.ALLOW, "any", 0, null))
                        : List.of();
            }

            @Override
            public void validate(Map<String, ?> properties) {
                policy.validate(properties);
            }

            @Override
            public io.socksgate.api.RequestMatcher matcher(Map<String, ?> properties) {
                return policy.matcher(properties);
            }
        };

        add.execute();

        assertThat(looksAfterWrite[0]).isEqualTo(4);
        assertThat(out.text()).startsWith("Added rule web").doesNotContain("Not active yet");
    }

    @Test
    void saysSoWhenThePolicyHasNotAppliedTheRuleInTime() throws Exception {
        command("web", "allow").execute();

        assertThat(out.text()).contains("Added rule web").contains("Not active yet: see socks:rule-list");
    }
}
