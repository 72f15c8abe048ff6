package io.socksgate.server.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socksgate.config.InvalidConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthSettingsTest {

    @Test
    void absentKeysTakeTheDefaultsAndStringsOrNumbersAreRead() {
        assertThat(AuthSettings.from(Map.of())).isEqualTo(AuthSettings.DEFAULTS);
        assertThat(AuthSettings.from(Map.of("failures.max", " 0 ", "failures.window", 30, "block.time", 600L)))
                .isEqualTo(new AuthSettings(0, Duration.ofSeconds(30), Duration.ofSeconds(600)));
    }

    @Test
    void eachBadKeyGetsOneMessageWithItsValueAndWhatIsExpected() {
        assertThatThrownBy(() ->
                        AuthSettings.from(Map.of("failures.max", "five", "failures.window", "0", "block.time", "1.5")))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .containsExactly(
                                "failures.max = 'five': expected a whole number of failures (0 never blocks) from 0 up",
                                "failures.window = '0': expected a whole number of seconds from 1 up",
                                "block.time = '1.5': expected a whole number of seconds from 1 up"));
    }

    @Test
    void aBadChangeKeepsThePreviousLimits() throws Exception {
        Authentication authentication = new Authentication(Map.of("failures.max", "1"), java.time.Clock.systemUTC());
        authentication.modified(Map.of("failures.max", "many", "block.time", "-3"));
        java.net.InetAddress client = java.net.InetAddress.getByName("10.0.0.7");
        // failures.max = 1 still holds: one failed login blocks
        io.socksgate.api.AuthenticationResult result = authentication
                .authenticate(
                        new io.socksgate.api.AuthenticationRequest(
                                "l", "karaf", new java.net.InetSocketAddress(client, 1), "u", new char[] {'p'}),
                        Runnable::run)
                .get();
        assertThat(result.isSuccess()).isFalse();
        assertThat(authentication.blocks()).extracting(b -> b.client()).containsExactly(client);
    }
}
