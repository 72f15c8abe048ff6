package io.socksgate.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.socksgate.api.Command;
import io.socksgate.config.IpLiterals;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FormatTest {

    @Test
    void ageIsShortAndNeverNegative() {
        assertThat(Format.age(Duration.ofSeconds(-3))).isEqualTo("0s");
        assertThat(Format.age(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Format.age(Duration.ofSeconds(185))).isEqualTo("3m05s");
        assertThat(Format.age(Duration.ofMinutes(123))).isEqualTo("2h03m");
        assertThat(Format.age(Duration.ofHours(103))).isEqualTo("4d07h");
    }

    @Test
    void addressesBracketIpv6AndShowNoneAsDash() {
        assertThat(Format.address(new InetSocketAddress(IpLiterals.parse("::1"), 80)))
                .isEqualTo("[::1]:80");
        assertThat(Format.address(new InetSocketAddress(IpLiterals.parse("10.0.0.1"), 1080)))
                .isEqualTo("10.0.0.1:1080");
        assertThat(Format.address(InetSocketAddress.createUnresolved("example.com", 443)))
                .isEqualTo("example.com:443");
        assertThat(Format.address(null)).isEqualTo("-");
    }

    @Test
    void keywordsAreTheRuleKeysWords() {
        assertThat(Format.command(Command.UDP_ASSOCIATE)).isEqualTo("udp");
        assertThat(Format.command(Command.BIND)).isEqualTo("bind");
        assertThat(Format.command(null)).isEqualTo("-");
        assertThat(Format.list(Set.of("b", "a"))).isEqualTo("a, b");
        assertThat(Format.list(Set.of())).isEqualTo("-");
    }
}
