package io.socksgate.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        "10.20.0.9, 10.20.0.9",
        "::1, ::1",
        "[::1], ::1",
        "::, ::",
        "2001:DB8:0:0:0:0:0:1, 2001:db8::1",
        "::ffff:192.0.2.1, 192.0.2.1",
    })
    void acceptsCanonicalDottedQuadsAndIpv6Literals(String text, String expected) throws Exception {
        assertThat(IpLiterals.parse(text)).isEqualTo(InetAddress.getByName(expected));
    }

    /**
     * Each of these is refused without a lookup: src/test/hosts maps 10.0.0.256 and 127.0.0.256 to
     * addresses, so a resolver lookup would have turned them into valid addresses, and the JDK
     * takes 127.1 and 010.0.0.1 for legacy literals.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "10.0.0.256",
                "127.0.0.256",
                "127.1",
                "1.2.3",
                "1.2.3.4.5",
                "010.0.0.1",
                "1.2.3.04",
                "0x7f.0.0.1",
                "-1.2.3.4",
                "[127.0.0.1]",
                "[::1",
                "::1::2",
                "1:2:3:4:5:6:7:8:9",
                "localhost",
                "example.com",
                ""
            })
    void refusesEverythingElseWithoutLookingItUp(String text) {
        assertThatThrownBy(() -> IpLiterals.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not " + IpLiterals.EXPECTED);
    }
}
