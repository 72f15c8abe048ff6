package io.socksgate.server.internal.dial.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.socksgate.api.HostPort;
import io.socksgate.config.InvalidConfigurationException;
import io.socksgate.config.TypedConfigs;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpstreamSettingsTest {

    private static UpstreamSettings settings(Map<String, ?> values) {
        return UpstreamSettings.from(TypedConfigs.of(UpstreamConfig.class, values), "corporate");
    }

    private static InvalidConfigurationException problems(Map<String, ?> values) {
        return catchThrowableOfType(InvalidConfigurationException.class, () -> settings(values));
    }

    @Test
    void defaultsAsDesignSays() {
        UpstreamSettings settings = settings(Map.of("servers", "proxy.example:3128"));
        assertThat(settings.name()).isEqualTo("corporate");
        assertThat(settings.type()).isEqualTo(UpstreamType.SOCKS5);
        assertThat(settings.servers()).containsExactly(HostPort.ofName("proxy.example", 3128));
        assertThat(settings.strategy()).isEqualTo(Strategy.FAILOVER);
        assertThat(settings.hasCredentials()).isFalse();
        assertThat(settings.username()).isNull();
        assertThat(settings.password()).isNull();
        assertThat(settings.resolve()).isEqualTo(Resolution.LOCAL);
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.failMax()).isEqualTo(1);
        assertThat(settings.failTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void everyKeyRead() throws Exception {
        Map<String, Object> values = new HashMap<>();
        values.put("name", "partner");
        values.put("type", "HTTP");
        values.put("servers", new String[] {"10.0.0.1:8080, [::1]:3128", "squid.example:3128"});
        values.put("strategy", "source-hash");
        values.put("username", "alice");
        values.put("password", "s3cret:with colon");
        values.put("resolve", "remote");
        values.put("timeout.connect", "3");
        values.put("fail.max", "2");
        values.put("fail.timeout", "60");
        UpstreamSettings settings = settings(values);
        assertThat(settings.name()).isEqualTo("partner");
        assertThat(settings.type()).isEqualTo(UpstreamType.HTTP);
        assertThat(settings.servers())
                .containsExactly(
                        HostPort.of(InetAddress.getByName("10.0.0.1"), 8080),
                        HostPort.of(InetAddress.getByName("::1"), 3128),
                        HostPort.ofName("squid.example", 3128));
        assertThat(settings.strategy()).isEqualTo(Strategy.SOURCE_HASH);
        assertThat(settings.username()).isEqualTo("alice");
        assertThat(settings.password()).containsExactly("s3cret:with colon".toCharArray());
        assertThat(settings.resolve()).isEqualTo(Resolution.REMOTE);
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.failMax()).isEqualTo(2);
        assertThat(settings.failTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void passwordNeverShown() {
        UpstreamSettings settings =
                settings(Map.of("servers", "127.0.0.1:1080", "username", "alice", "password", "hunter2-secret"));
        assertThat(settings.toString()).contains("alice").doesNotContain("hunter2-secret");
        InvalidConfigurationException e = problems(Map.of(
                "servers", "127.0.0.1:1080", "type", "socks4", "username", "alice", "password", "hunter2-secret"));
        assertThat(e.getMessage()).contains("password").doesNotContain("hunter2-secret");
    }

    @Test
    void serversAreRequired() {
        assertThat(problems(Map.of()).problems())
                .containsExactly("servers = '': required: one or more host:port, in priority order");
        assertThat(problems(Map.of("servers", " , ")).problems()).hasSize(1);
    }

    @Test
    void everyProblemListedAtOnce() {
        Map<String, Object> values = new HashMap<>();
        values.put("name", "bad/name");
        values.put("type", "socks6");
        values.put(
                "servers",
                "proxy.example, 10.0.0.256:80, [::1:80, host:0, a b:80, proxy.example:3128, proxy.example:3128");
        values.put("strategy", "random");
        values.put("resolve", "maybe");
        values.put("timeout.connect", "0");
        values.put("fail.max", "x");
        values.put("fail.timeout", "-1");
        assertThat(problems(values).problems())
                .containsExactly(
                        "name = 'bad/name': may only contain letters, digits, '.', '_' and '-'",
                        "type = 'socks6': unknown upstream type 'socks6'; expected socks5, socks4 or http",
                        "servers = 'proxy.example, 10.0.0.256:80, [::1:80, host:0, a b:80, proxy.example:3128,"
                                + " proxy.example:3128': 'proxy.example' has no port; '10.0.0.256:80' is not "
                                + "an IPv4 address as four decimal octets (127.0.0.1) or an IPv6 address (::1);"
                                + " '[::1:80' has no ']' and port after an IPv6 address; 'host:0' has no port"
                                + " from 1 to 65535; 'a b:80' is no host name (1 to 255 printable ASCII bytes);"
                                + " 'proxy.example:3128' is listed twice",
                        "strategy = 'random': unknown strategy 'random'; expected failover, round-robin or source-hash",
                        "resolve = 'maybe': unknown resolve 'maybe'; expected local or remote",
                        "timeout.connect = '0': expected a whole number of seconds from 1 up",
                        "fail.max = 'x': expected a whole number from 1 up",
                        "fail.timeout = '-1': expected a whole number of seconds from 1 up");
    }

    @Test
    void credentialsOnlyWhereTheTypeCarriesThem() {
        // SOCKS4 carries a user id at most.
        UpstreamSettings socks4 = settings(Map.of("type", "socks4", "servers", "127.0.0.1:1080", "username", "ident"));
        assertThat(socks4.username()).isEqualTo("ident");
        assertThat(socks4.password()).isNull();
        assertThat(problems(Map.of("type", "socks4", "servers", "127.0.0.1:1080", "password", "x"))
                        .problems())
                .containsExactly("password = '***': socks4 carries a user id (username) only, no password");

        // A password needs a user name.
        assertThat(problems(Map.of("servers", "127.0.0.1:1080", "password", "x"))
                        .problems())
                .containsExactly("password = '***': a password needs a username");

        // RFC 1929 fields are one length byte each.
        String longName = "u".repeat(256);
        assertThat(problems(Map.of("servers", "127.0.0.1:1080", "username", longName, "password", "p"))
                        .problems())
                .containsExactly("username = '" + longName + "': longer than 255 bytes in UTF-8");
        assertThat(problems(Map.of("servers", "127.0.0.1:1080", "username", "u", "password", "é".repeat(128)))
                        .problems())
                .containsExactly("password = '***': longer than 255 bytes in UTF-8");

        // HTTP Basic: no colon in the user-id, no control characters.
        assertThat(problems(Map.of("type", "http", "servers", "127.0.0.1:3128", "username", "a:b", "password", "p"))
                        .problems())
                .containsExactly("username = 'a:b': a Basic user-id cannot hold a colon");
        assertThat(problems(Map.of("type", "http", "servers", "127.0.0.1:3128", "username", "a", "password", "p\n"))
                        .problems())
                .containsExactly("password = '***': holds a control character");
    }
}
