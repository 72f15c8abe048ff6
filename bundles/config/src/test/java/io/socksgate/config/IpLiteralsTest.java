package io.socksgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
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
        "' 10.0.0.1 ', 10.0.0.1",
        "::1, 0:0:0:0:0:0:0:1",
        "[::1], 0:0:0:0:0:0:0:1",
        "::, 0:0:0:0:0:0:0:0",
        "2001:DB8:0:0:0:0:0:1, 2001:db8:0:0:0:0:0:1",
        "2001:DB8::a, 2001:db8:0:0:0:0:0:a",
        "::ffff:192.0.2.1, 192.0.2.1",
    })
    void acceptsCanonicalDottedQuadsAndIpv6Literals(String text, String address) {
        assertThat(IpLiterals.parse(text).getHostAddress()).isEqualTo(address);
        assertThat(IpLiterals.parseScoped(text).getHostAddress()).isEqualTo(address);
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
                "127.0.1",
                "1.2.3",
                "1.2.3.4.5",
                "1.2.3.4.",
                ".1.2.3.4",
                "010.0.0.1",
                "01.2.3.4",
                "1.2.3.04",
                "0x7f.0.0.1",
                "-1.2.3.4",
                "1.2.3.-4",
                "[127.0.0.1]",
                "[::1",
                "::1]",
                "::1::2",
                "1:2:3:4:5:6:7:8:9",
                "g::1",
                ":",
                "fe80::1%",
                "fe80::1%eth0/64",
                "localhost",
                "vm",
                "example.com",
                ""
            })
    void refusesEverythingElseWithoutLookingItUp(String text) {
        assertThatThrownBy(() -> IpLiterals.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not " + IpLiterals.EXPECTED);
        assertThatThrownBy(() -> IpLiterals.parseScoped(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not " + IpLiterals.EXPECTED);
    }

    @Test
    void aZoneOnlyWhereTheCallerBindsToTheAddress() throws Exception {
        assertThatThrownBy(() -> IpLiterals.parse("fe80::1%1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'fe80::1%1' is not " + IpLiterals.EXPECTED + "; its zone (%1) means nothing here");
        assertThatThrownBy(() -> IpLiterals.parse("[fe80::1%1]")).isInstanceOf(IllegalArgumentException.class);

        InetAddress scoped = IpLiterals.parseScoped("fe80::1%1");
        assertThat(scoped).isInstanceOf(Inet6Address.class);
        assertThat(((Inet6Address) scoped).getScopeId()).isEqualTo(1);
        assertThat(IpLiterals.parseScoped("[fe80::1%1]")).isEqualTo(scoped);
    }

    /** What a resolver would read as an address, or send to DNS as one, is meant as an address. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "10.0.0.256",
                "127.1",
                "2130706433",
                "0x7f",
                "0x7f.0.0.1",
                "127.0.0x1",
                "0X",
                "1.2.3.4.",
                "example.123",
                "intranet.0x1F",
                "::1",
                "fe80::1%lo",
                "zz:1",
                "[127.0.0.1]",
                "[example.com]"
            })
    void addressLikeTextIsMeantAsAnAddress(String text) {
        assertThat(IpLiterals.isAddressLike(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "example.com", "example.com.", "1e100.net", "123.example", "0x7g", "a-1", ""})
    void namesAreNotAddressLike(String text) {
        assertThat(IpLiterals.isAddressLike(text)).isFalse();
    }
}
