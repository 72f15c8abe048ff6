package io.socksgate.config;

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
    void spacesLeadingZerosAndBoundaries() {
        assertThat(PortRange.parse(" 0 - 65535 ")).isEqualTo(new PortRange(0, 65535));
        assertThat(PortRange.parse("65535")).isEqualTo(new PortRange(65535, 65535));
        assertThat(PortRange.parse("5-5")).isEqualTo(new PortRange(5, 5));
        assertThat(PortRange.parse("080")).isEqualTo(new PortRange(80, 80));
    }

    /** Decimal digits only: the JDK's number parsing would take a sign and other scripts' digits. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "65536",
                "10-65536",
                "a",
                "a-b",
                "1-2-3",
                "-5",
                "5-",
                "1,2",
                "+80",
                "80-+90",
                "\uff18\uff10",
                "\u0668\u0660",
                "0x50",
                "80.0",
                "000080",
                "99999999999"
            })
    void anythingElseIsNotAPortOrRange(String text) {
        assertThatThrownBy(() -> PortRange.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text.trim() + "' is not " + PortRange.EXPECTED);
    }

    @Test
    void aBackwardRangeSaysSo() {
        assertThatThrownBy(() -> PortRange.parse("100-50"))
                .hasMessage("'100-50' runs backwards; expected " + PortRange.EXPECTED);
        assertThatThrownBy(() -> new PortRange(100, 50)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PortRange(-1, 50)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onePort() {
        assertThat(PortRange.port(" 443 ")).isEqualTo(443);
        assertThat(PortRange.port("0")).isZero();
        assertThat(PortRange.port("65535")).isEqualTo(65535);
        for (String text : new String[] {"65536", "+1", "-1", "\uff11", "1-2", "", "http"}) {
            assertThatThrownBy(() -> PortRange.port(text))
                    .as(text)
                    .hasMessage("'" + text + "' is not a port from 0 to 65535");
        }
    }
}
