package io.socksgate.config.ranges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socksgate.config.IpLiterals;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressRangesTest {

    @ParameterizedTest
    @CsvSource({
        "10.0.0.0/8, 10.255.1.2, true",
        "10.0.0.0/8, 11.0.0.1, false",
        "10.1.2.3/8, 10.9.9.9, true", // the block 10.1.2.3 lies in, as firewalls read it
        "127.0.0.2, 127.0.0.2, true",
        "127.0.0.2, 127.0.0.1, false",
        "10.0.0.1-10.0.0.99, 10.0.0.50, true",
        "10.0.0.1-10.0.0.99, 10.0.0.100, false",
        "fd00::/8, fd12::1, true",
        "fd00::/8, fe80::1, false",
        "::ffff:10.0.0.0/104, 10.3.3.3, true", // the IPv4 block the mapped one names
        "0.0.0.0/0, ::1, false", // an IPv4 block never contains an IPv6 address
        "::/0, 10.0.0.1, false", // nor an IPv6 block an IPv4 address
        "::/0, ::1, true",
        "10.0.0.1-10.0.0.99, 10.0.0.1, true", // both ends belong to a range
        "10.0.0.1-10.0.0.99, 10.0.0.99, true",
        "10.0.0.1-10.0.0.99, 10.0.0.0, false",
        "128.0.0.0/1, 200.1.1.1, true", // bytes above 127 compare as unsigned
        "128.0.0.0/1, 127.255.255.255, false",
        "0.0.0.0/0, 255.255.255.255, true",
        "fe80::1-fe80::ff, fe80::100, false",
        "ff00::/8, ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, true",
    })
    void containsWhatTheEntryNames(String entry, String address, boolean contained) {
        assertThat(AddressRanges.parseAll(List.of(entry)).contains(IpLiterals.parse(address)))
                .isEqualTo(contained);
    }

    @Test
    void severalEntriesContainTheUnionAndNoneContainsNothing() {
        AddressRanges ranges = AddressRanges.parseAll(List.of("10.0.0.0/8", " 192.0.2.7 ", "::1"));
        assertThat(ranges.isEmpty()).isFalse();
        assertThat(ranges.contains(IpLiterals.parse("192.0.2.7"))).isTrue();
        assertThat(ranges.contains(IpLiterals.parse("::1"))).isTrue();
        assertThat(ranges.contains(IpLiterals.parse("192.0.2.8"))).isFalse();
        assertThat(ranges.contains(null)).isFalse();

        AddressRanges none = AddressRanges.parseAll(List.of());
        assertThat(none.isEmpty()).isTrue();
        assertThat(none.contains(IpLiterals.parse("10.0.0.1"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0.256/8", "::1/129", "10.0.0.1-::2", "haproxy.example", "10.0.0.0/x"})
    void refusesWhatIsNoAddressBlockOrRange(String entry) {
        assertThatThrownBy(() -> AddressRanges.parseAll(List.of("10.0.0.0/8", entry)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + entry + "'");
    }
}
