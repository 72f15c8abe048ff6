package io.socksgate.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;

class RuleRemoveCommandTest {

    private final Fakes.ConfigAdmin configAdmin = new Fakes.ConfigAdmin();
    private final Fakes.Output out = new Fakes.Output();

    private RuleRemoveCommand command(String... names) {
        RuleRemoveCommand command = new RuleRemoveCommand();
        command.configAdmin = configAdmin;
        command.policy = new Fakes.Policy(); // lists no rule: nothing to wait for
        command.names = List.of(names);
        command.out = out.stream;
        return command;
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

        assertThatThrownBy(command("web", "office-lan", "nope", "legacy", "bare", "gone")::execute)
                .isInstanceOf(CommandException.class)
                .hasMessage("Rules not found: nope, gone (socks:rule-list lists them)");

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
                        "Removed rule bare (io.socksgate.rule~bare)");
    }

    @Test
    void theInstanceNameFindsARuleWhoseNameKeyDiffers() throws Exception {
        Fakes.Config lan = configAdmin.fromFile(
                "io.socksgate.rule~lan", "io.socksgate.rule", "io.socksgate.rule-lan.cfg", "name", "office-lan");
        command("lan").execute();
        assertThat(lan.deleted).isTrue();
        assertThat(out.lines()).containsExactly("Removed rule lan (file:/opt/karaf/etc/io.socksgate.rule-lan.cfg)");
    }

    @Test
    void oneNameNotFoundFailsTheCommand() {
        assertThatThrownBy(command("nope")::execute)
                .isInstanceOf(CommandException.class)
                .hasMessage("Rule nope not found (socks:rule-list lists them)");
    }
}
