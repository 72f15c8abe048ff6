package io.socksgate.server.internal.dial.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.socksgate.api.UpstreamInfo;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** The upstream configurations as the shell, the rules and JMX see them. */
class UpstreamTableTest {

    private final MBeanServer mbeans = MBeanServerFactory.newMBeanServer();
    private int ownListenerPort = 1080;
    private final UpstreamTable table =
            new UpstreamTable(null, Clock.systemUTC(), address -> address.getPort() == ownListenerPort, mbeans);

    /** The properties Config Admin hands over: the keys and the configuration's PID. */
    private static Map<String, Object> config(String pid, Object... keyValues) {
        Map<String, Object> properties = new java.util.HashMap<>();
        properties.put("service.pid", pid);
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put((String) keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    @Test
    void aValidUpstreamIsListedRoutedAndOnJmx() throws Exception {
        String pid = "io.socksgate.upstream~corp";
        UpstreamTable.Entry entry = table.create(
                pid,
                config(
                        pid,
                        "type",
                        "http",
                        "servers",
                        "127.0.0.1:3128, 127.0.0.1:3129",
                        "username",
                        "svc",
                        "password",
                        "s3cret"));

        assertThat(table.upstreams()).singleElement().satisfies(u -> {
            assertThat(u.name()).isEqualTo("corp");
            assertThat(u.type()).isEqualTo("http");
            assertThat(u.strategy()).isEqualTo("failover");
            assertThat(u.problem()).isNull();
            assertThat(u.servers()).extracting(UpstreamInfo.Server::up).containsExactly(true, true);
        });
        Route route = table.route(List.of("unknown", "corp", "direct"));
        assertThat(route.upstreams()).extracting(Upstream::name).containsExactly("corp");
        assertThat(route.direct()).isTrue();

        ObjectName name = new ObjectName("io.socksgate:type=Upstream,name=corp");
        assertThat(mbeans.getAttribute(name, "ServersUp")).isEqualTo(2);
        assertThat(mbeans.getAttribute(name, "Servers"))
                .isEqualTo(new String[] {"127.0.0.1:3128 up", "127.0.0.1:3129 up"});
        assertThat(mbeans.getAttribute(name, "Type")).isEqualTo("http");

        table.delete(entry);
        assertThat(table.upstreams()).isEmpty();
        assertThat(table.isEmpty()).isTrue();
        assertThat(mbeans.isRegistered(name)).isFalse();
    }

    /**
     * The loop guard holds when the listener comes after the upstream: a listener that starts
     * accepting on an upstream's server takes that upstream out of use (listed with the problem,
     * never routed), and it is back in use once the listener has moved away.
     */
    @Test
    void anUpstreamWhoseServerALaterListenerTakesIsOutOfUseUntilTheListenerGoes() {
        String pid = "io.socksgate.upstream~corp";
        table.create(pid, config(pid, "type", "http", "servers", "127.0.0.1:3128"));
        assertThat(table.route(List.of("corp")).upstreams())
                .extracting(Upstream::name)
                .containsExactly("corp");

        ownListenerPort = 3128;
        table.listenersChanged();

        assertThat(table.upstreams()).singleElement().satisfies(u -> assertThat(u.problem())
                .contains("a request would loop"));
        assertThat(table.route(List.of("corp"))).as("nothing to try").isNull();
        assertThat(table.isEmpty()).isTrue();

        ownListenerPort = 1080;
        table.listenersChanged();

        assertThat(table.upstreams()).singleElement().satisfies(u -> assertThat(u.problem())
                .isNull());
        assertThat(table.route(List.of("corp")).upstreams())
                .extracting(Upstream::name)
                .containsExactly("corp");
    }

    /** A listener change does not undo a bad edit's rule: the upstream keeps its previous configuration. */
    @Test
    void aListenerChangeKeepsAnUpstreamsPreviousConfigurationAfterABadEdit() {
        String pid = "io.socksgate.upstream~corp";
        UpstreamTable.Entry entry = table.create(pid, config(pid, "type", "http", "servers", "127.0.0.1:3128"));
        table.update(entry, config(pid, "type", "socks6", "servers", "127.0.0.1:3128"));

        table.listenersChanged();

        assertThat(table.route(List.of("corp")).upstreams())
                .extracting(Upstream::name)
                .containsExactly("corp");
        assertThat(table.upstreams()).singleElement().satisfies(u -> assertThat(u.problem())
                .contains("socks6"));
    }

    @Test
    void anInvalidUpstreamIsListedWithItsProblemAndNeverRouted() throws Exception {
        String pid = "io.socksgate.upstream~broken";
        table.create(pid, config(pid, "type", "socks6", "servers", "127.0.0.1:1081"));
        assertThat(table.upstreams()).singleElement().satisfies(u -> assertThat(u.problem())
                .contains("type = 'socks6'"));
        assertThat(table.route(List.of("broken"))).as("nothing to try").isNull();
        assertThat(table.route(List.of("broken", "direct")).upstreams()).isEmpty();
        assertThat(table.isEmpty()).isTrue();
        assertThat(mbeans.getAttribute(new ObjectName("io.socksgate:type=Upstream,name=broken"), "Problem"))
                .asString()
                .contains("socks6");
    }

    @Test
    void anInvalidChangeKeepsThePreviousVersionInUse() {
        String pid = "io.socksgate.upstream~corp";
        UpstreamTable.Entry entry = table.create(pid, config(pid, "servers", "127.0.0.1:3128"));
        table.update(entry, config(pid, "servers", "no-port"));
        assertThat(table.route(List.of("corp")).upstreams()).hasSize(1);
        assertThat(table.upstreams()).singleElement().satisfies(u -> assertThat(u.problem())
                .contains("servers"));
    }

    /**
     * An edit replaces the upstream's run-time object; the tunnels open through a server that
     * stays, and its health, go on with it (they used to read 0 and "up" after any edit, while the
     * tunnels went on and closed against the old object).
     */
    @Test
    void anEditKeepsTheTunnelsAndHealthOfTheServersThatStay() {
        String pid = "io.socksgate.upstream~corp";
        UpstreamTable.Entry entry = table.create(pid, config(pid, "servers", "127.0.0.1:3128, 127.0.0.1:3129"));
        List<ServerHealth> before =
                table.route(List.of("corp")).upstreams().get(0).servers();
        before.get(0).tunnelOpened();
        before.get(0).tunnelOpened();
        before.get(1).failed(); // fail.max 1: down

        table.update(entry, config(pid, "servers", "127.0.0.1:3128, 127.0.0.1:3129", "fail.timeout", "32"));
        before.get(0).tunnelClosed(); // one of the two tunnels ends after the edit

        assertThat(table.upstreams()).singleElement().satisfies(u -> {
            assertThat(u.servers()).extracting(UpstreamInfo.Server::sessions).containsExactly(1L, 0L);
            assertThat(u.servers()).extracting(UpstreamInfo.Server::up).containsExactly(true, false);
        });
        table.update(entry, config(pid, "servers", "127.0.0.1:3130"));
        assertThat(table.upstreams()).singleElement().satisfies(u -> assertThat(u.servers())
                .extracting(UpstreamInfo.Server::sessions)
                .containsExactly(0L));
    }

    @Test
    void anUpstreamAtOneOfOurOwnListenersIsALoop() {
        String pid = "io.socksgate.upstream~loop";
        table.create(pid, config(pid, "servers", "127.0.0.1:" + ownListenerPort));
        assertThat(table.upstreams()).singleElement().satisfies(u -> assertThat(u.problem())
                .contains("a listener of this Socksgate"));
        assertThat(table.problems(Map.of("name", "x", "servers", "127.0.0.1:" + ownListenerPort)))
                .singleElement()
                .asString()
                .contains("would loop");
        assertThat(table.problems(Map.of("name", "x", "servers", "127.0.0.1:1081")))
                .isEmpty();
    }

    @Test
    void aSecondUpstreamWithTheSameNameIsNotUsed() {
        table.create(
                "io.socksgate.upstream.1",
                config("io.socksgate.upstream.1", "name", "corp", "servers", "127.0.0.1:3128"));
        table.create(
                "io.socksgate.upstream.2",
                config("io.socksgate.upstream.2", "name", "corp", "servers", "127.0.0.1:3129"));
        assertThat(table.route(List.of("corp")).upstreams())
                .singleElement()
                .satisfies(u -> assertThat(u.servers().get(0).server().port()).isEqualTo(3128));
        assertThat(table.upstreams()).filteredOn(u -> u.problem() != null).hasSize(1);
    }
}
