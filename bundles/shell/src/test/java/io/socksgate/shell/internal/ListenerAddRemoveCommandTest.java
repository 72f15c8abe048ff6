package io.socksgate.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.socksgate.api.ListenerInfo;
import io.socksgate.api.ListenerStats;
import io.socksgate.api.Protocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListenerAddRemoveCommandTest {

    @TempDir
    Path etc;

    private final Fakes.ConfigAdmin configAdmin = new Fakes.ConfigAdmin();
    private final Fakes.Listeners registry = new Fakes.Listeners();
    private final Fakes.Output out = new Fakes.Output();

    ListenerAddRemoveCommandTest() {
        registry.configurations = configAdmin;
        // every listener configuration starts listening on its port
        registry.starts = properties -> {
            String port = String.valueOf(properties.get("port"));
            List<java.net.InetSocketAddress> bound = List.of(Endpoints.client("127.0.0.1:" + port));
            return new ListenerInfo(
                    String.valueOf(properties.get("name")),
                    bound,
                    bound,
                    Set.of(Protocol.SOCKS5),
                    List.of("none"),
                    ListenerInfo.State.LISTENING,
                    ListenerStats.ZERO);
        };
    }

    private ListenerAddCommand add(String name, String port) {
        ListenerAddCommand command = new ListenerAddCommand();
        command.listeners = registry;
        command.configAdmin = configAdmin;
        command.etc = etc.toString();
        command.name = name;
        command.port = port;
        command.out = out.stream;
        command.applyTimeout = Duration.ofMillis(200);
        return command;
    }

    private ListenerRemoveCommand remove(String... names) {
        ListenerRemoveCommand command = new ListenerRemoveCommand();
        command.listeners = registry;
        command.configAdmin = configAdmin;
        command.names = List.of(names);
        command.out = out.stream;
        command.applyTimeout = Duration.ofMillis(200);
        return command;
    }

    @Test
    void optionsBecomeTheListenerKeysAndOnlyThoseGiven() {
        ListenerAddCommand command = add("office", " 1081 ");
        command.bind = List.of("127.0.0.1, ::1", "192.0.2.10");
        command.protocols = List.of("socks5,socks4");
        command.auth = List.of("password", "none");
        command.timeoutIdle = "0";
        command.maxSessionsPerClient = "8";
        command.proxyProtocol = List.of("v2");
        command.proxyProtocolTrusted = List.of("10.1.0.0/24", "10.2.0.7");
        assertThat(command.properties())
                .containsExactly(
                        entry("name", "office"),
                        entry("bind", "127.0.0.1,::1,192.0.2.10"),
                        entry("port", "1081"),
                        entry("protocols", "socks5,socks4"),
                        entry("auth", "password,none"),
                        entry("timeout.idle", "0"),
                        entry("max.sessions.per.client", "8"),
                        entry("proxy.protocol", "v2"),
                        entry("proxy.protocol.trusted", "10.1.0.0/24,10.2.0.7"));
        assertThat(add("lab", "1082").properties()).containsExactly(entry("name", "lab"), entry("port", "1082"));
    }

    @Test
    void writesTheFileAndTheNamedFactoryConfigurationThenWaitsUntilItListens() throws Exception {
        add("office", "1081").execute();

        Path file = etc.resolve("io.socksgate.listener-office.cfg");
        assertThat(Files.readAllLines(file))
                .filteredOn(line -> !line.startsWith("#"))
                .containsExactly("name = office", "port = 1081");
        Fakes.Config config = configAdmin.configurations.get("io.socksgate.listener~office");
        assertThat(config.getFactoryPid()).isEqualTo("io.socksgate.listener");
        assertThat(Fakes.map(config.properties))
                .containsEntry("port", "1081")
                .containsEntry("felix.fileinstall.filename", FactoryConfigs.fileUri(file));
        assertThat(registry.validated).containsExactly(Map.of("name", "office", "port", "1081"));
        assertThat(out.lines())
                .containsExactly(
                        "Added listener office (" + file + "): listening on 127.0.0.1:1081 (socks5; auth none)");
    }

    @Test
    void anInvalidListenerIsRefusedWithEveryProblemAndNothingIsWritten() {
        registry.validator = properties -> List.of(
                "port = '10x8': expected a whole number from 1 to 65535",
                "protocols = 'socks6': unknown socks6; expected one or more of socks4, socks5, http");
        ListenerAddCommand command = add("office", "10x8");
        command.protocols = List.of("socks6");

        assertThat(Failures.of(command))
                .isEqualTo("Not added: listener office is invalid:\n"
                        + "  port = '10x8': expected a whole number from 1 to 65535\n"
                        + "  protocols = 'socks6': unknown socks6; expected one or more of socks4, socks5, http");
        assertThat(etc).isEmptyDirectory();
        assertThat(configAdmin.configurations).isEmpty();
        assertThat(out.text()).isEmpty();
    }

    @Test
    void aBadNameOrOneInUseIsRefused() throws Exception {
        assertThat(Failures.of(add("../x", "1081"))).contains("may only contain letters, digits");
        registry.running.add(Fakes.listener("default", "127.0.0.1:1080", ListenerStats.ZERO));
        assertThat(Failures.of(add("default", "1081")))
                .isEqualTo("Not added: listener default already exists (listed by socks:listener-list); remove it"
                        + " first with socks:listener-remove default");
        Files.writeString(etc.resolve("io.socksgate.listener-disk.cfg"), "port = 1\n");
        assertThat(Failures.of(add("disk", "1081"))).contains("already exists").contains("listener-disk.cfg");
        assertThat(configAdmin.configurations).isEmpty();
    }

    @Test
    void aListenerThatCannotBindIsRemovedAgainAndTheCommandFails() {
        registry.starts = properties -> new ListenerInfo(
                "busy",
                List.of(Endpoints.client("127.0.0.1:1080")),
                List.of(),
                Set.of(Protocol.SOCKS5),
                List.of("none"),
                ListenerInfo.State.FAILED,
                ListenerStats.ZERO,
                "cannot bind 127.0.0.1:1080: Address already in use");

        assertThat(Failures.of(add("busy", "1080")))
                .isEqualTo("Not added: listener busy did not start (failed): cannot bind 127.0.0.1:1080: Address"
                        + " already in use; its configuration was removed again");
        assertThat(configAdmin.configurations).isEmpty();
    }

    @Test
    void aListenerNotStartedInTimeIsReportedAsAdded() throws Exception {
        registry.starts = properties -> null;
        add("slow", "1085").execute();
        assertThat(out.text()).contains("Added listener slow (").contains("it is not listed yet");
        assertThat(configAdmin.configurations).containsKey("io.socksgate.listener~slow");
    }

    @Test
    void removeDeletesTheConfigurationWaitsUntilTheListenerIsGoneAndFailsForUnknownNames() throws Exception {
        add("office", "1081").execute();
        add("lab", "1082").execute();
        assertThat(registry.listeners()).extracting(ListenerInfo::name).containsExactlyInAnyOrder("office", "lab");

        assertThat(Failures.of(remove("office", "nope")))
                .isEqualTo("Listener nope not found (socks:listener-list lists them)");

        assertThat(registry.listeners()).extracting(ListenerInfo::name).containsExactly("lab");
        assertThat(out.lines())
                .last()
                .isEqualTo("Removed listener office ("
                        + FactoryConfigs.fileUri(etc.resolve("io.socksgate.listener-office.cfg")) + ")");
        remove("lab").execute();
        assertThat(registry.listeners()).isEmpty();
    }
}
