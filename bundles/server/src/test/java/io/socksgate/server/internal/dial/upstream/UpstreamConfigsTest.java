package io.socksgate.server.internal.dial.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.socksgate.api.HostPort;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Raw properties (socks:upstream-add, a .cfg file) read with the parser the upstreams use. */
class UpstreamConfigsTest {

    @Test
    void propertiesAsTheCfgFileHasThem() {
        UpstreamSettings settings = UpstreamSettings.from(
                UpstreamConfigs.of(Map.of(
                        "type",
                        "http",
                        "servers",
                        new String[] {"proxy.example:3128", "10.0.0.2:3128"},
                        "timeout.connect",
                        4,
                        "fail.max",
                        "3")),
                "corporate");
        assertThat(settings.name()).isEqualTo("corporate");
        assertThat(settings.type()).isEqualTo(UpstreamType.HTTP);
        assertThat(settings.servers()).hasSize(2).first().isEqualTo(HostPort.ofName("proxy.example", 3128));
        assertThat(settings.connectTimeout().toSeconds()).isEqualTo(4);
        assertThat(settings.failMax()).isEqualTo(3);
        assertThat(settings.failTimeout().toSeconds()).as("default").isEqualTo(30);
    }

    @Test
    void problemsListedNeverThePassword() {
        assertThat(UpstreamConfigs.problems(Map.of("servers", "127.0.0.1:1080"), "ok"))
                .isEmpty();
        assertThat(UpstreamConfigs.problems(
                        Map.of("servers", "127.0.0.1:1080", "type", "socks4", "password", "topsecret", "fail.max", "x"),
                        "bad"))
                .containsExactly(
                        "password = '***': socks4 carries a user id (username) only, no password",
                        "fail.max = 'x': expected a whole number from 1 up");
        assertThat(UpstreamConfigs.of(Map.of("password", "topsecret")).toString())
                .doesNotContain("topsecret");
    }
}
