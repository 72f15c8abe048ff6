package io.socksgate.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RuleRemoveCommandTest {

    private final Fakes.ConfigAdmin configAdmin = new Fakes.ConfigAdmin();
    private final Fakes.Output out = new Fakes.Output();

    private List<String> remove(String... names) throws Exception {
        RuleRemoveCommand command = new RuleRemoveCommand();
        command.configAdmin = configAdmin;
        command.names = List.of(names);
        return command.remove(out.stream);
    }

    @Test
    void findsRulesByNameKeyOrInstanceNameAndSaysWhichWereNotFound() throws Exception {
        Fakes.Config added = configAdmin.fromFile(
                "io.socksgate.rule~web", "io.socksgate.rule", "io.socksgate.rule-web.cfg", "name", "web");
        // written by hand: the name key differs from the file's NAME
        Fakes.Config lan = configAdmin.fromFile(
                "io.socksgate.rule~lan", "io.socksgate.rule", "io.socksgate.rule-lan.cfg", "name", "office-lan");
        // an old File Install gave a generated PID: the instance name comes from the file
        Fakes.Config generated = configAdmin.fromFile(
                "io.socksgate.rule.4a5b", "io.socksgate.rule", "io.socksgate.rule-legacy.cfg", "action", "deny");
        // without file: PID io.socksgate.rule~NAME
        Fakes.Config noFile =
                configAdmin.fromFile("io.socksgate.rule~bare", "io.socksgate.rule", null, "action", "deny");
        // another factory's configuration with the same name is no rule
        Fakes.Config listener = configAdmin.fromFile(
                "io.socksgate.listener~web", "io.socksgate.listener", "io.socksgate.listener-web.cfg", "name", "web");

        assertThat(remove("web", "office-lan", "nope", "legacy", "bare", "gone"))
                .containsExactly("nope", "gone");

        assertThat(added.deleted).isTrue();
        assertThat(lan.deleted).isTrue();
        assertThat(generated.deleted).isTrue();
        assertThat(noFile.deleted).isTrue();
        assertThat(listener.deleted).isFalse();
        assertThat(out.lines())
                .containsExactly(
                        "Removed rule web (file:/opt/karaf/etc/io.socksgate.rule-web.cfg)",
                        "Removed rule office-lan (file:/opt/karaf/etc/io.socksgate.rule-lan.cfg)",
                        "Removed rule legacy (file:/opt/karaf/etc/io.socksgate.rule-legacy.cfg)",
                        "Removed rule bare (io.socksgate.rule~bare)",
                        "Rule nope not found",
                        "Rule gone not found");
    }

    @Test
    void theInstanceNameFindsARuleWhoseNameKeyDiffers() throws Exception {
        Fakes.Config lan = configAdmin.fromFile(
                "io.socksgate.rule~lan", "io.socksgate.rule", "io.socksgate.rule-lan.cfg", "name", "office-lan");
        assertThat(remove("lan")).isEmpty();
        assertThat(lan.deleted).isTrue();
    }
}
