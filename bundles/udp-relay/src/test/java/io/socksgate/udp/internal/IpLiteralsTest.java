package io.socksgate.udp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralsTest {

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1, 127.0.0.1",
        "0.0.0.0, 0.0.0.0",
        "255.255.255.255, 255.255.255.255",
        "10.0.0.0, 10.0.0.0",
        "::1, 0:0:0:0:0:0:0:1",
        "[::1], 0:0:0:0:0:0:0:1",
        "::, 0:0:0:0:0:0:0:0",
        "2001:DB8::a, 2001:db8:0:0:0:0:0:a",
        "::ffff:192.0.2.1, 192.0.2.1"
    })
    void literals(String text, String address) {
        InetAddress parsed = IpLiterals.parse(text);
        assertThat(parsed).isNotNull();
        assertThat(parsed.getHostAddress()).isEqualTo(address);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "localhost",
                "vm",
                "127.1",
                "127.0.1",
                "10.0.0.256",
                "01.2.3.4",
                "1.2.3.4.",
                ".1.2.3.4",
                "0x7f.0.0.1",
                "1.2.3.-4",
                "[1.2.3.4]",
                "[::1",
                "::1]",
                "1:2:3:4:5:6:7:8:9",
                "fe80::1%1",
                "g::1",
                ":"
            })
    void notLiterals(String text) {
        assertThat(IpLiterals.parse(text)).isNull();
    }
}
