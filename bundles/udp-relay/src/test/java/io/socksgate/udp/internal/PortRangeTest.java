package io.socksgate.udp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PortRangeTest {

    @Test
    void aRange() {
        PortRange range = PortRange.parse("16000-16100");
        assertThat(range).isEqualTo(new PortRange(16000, 16100));
        assertThat(range.size()).isEqualTo(101);
        assertThat(range.contains(16000)).isTrue();
        assertThat(range.contains(16100)).isTrue();
        assertThat(range.contains(15999)).isFalse();
        assertThat(range.contains(16101)).isFalse();
        assertThat(range).hasToString("16000-16100");
    }

    @Test
    void aSinglePort() {
        PortRange range = PortRange.parse("16000");
        assertThat(range).isEqualTo(new PortRange(16000, 16000));
        assertThat(range.size()).isEqualTo(1);
        assertThat(range).hasToString("16000");
    }

    @Test
    void spacesAndBoundaries() {
        assertThat(PortRange.parse(" 1 - 65535 ")).isEqualTo(new PortRange(1, 65535));
        assertThat(PortRange.parse("65535")).isEqualTo(new PortRange(65535, 65535));
        assertThat(PortRange.parse("5-5")).isEqualTo(new PortRange(5, 5));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", " ", "0", "65536", "0-10", "10-65536", "100-50", "a", "a-b", "1-2-3", "-5", "5-", "1,2"})
    void invalid(String text) {
        assertThatThrownBy(() -> PortRange.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
