package io.socksgate.udp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.socksgate.config.InvalidConfigurationException;
import io.socksgate.config.IpLiterals;
import io.socksgate.config.PortRange;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RelaySettingsTest {

    private static final String BIND_EXPECTED = "expected an IP address of this host (a.b.c.d or IPv6), or empty"
            + " for the address the client reached the listener on";
    private static final String ADVERTISE_EXPECTED =
            "expected an IP address (a.b.c.d or IPv6), or empty for the" + " relay's own";

    @Test
    void defaults() {
        RelaySettings settings = Configs.settings(Map.of());
        assertThat(settings.ports()).isEqualTo(new PortRange(16000, 16100));
        assertThat(settings.bind()).isNull();
        assertThat(settings.advertise()).isNull();
        assertThat(settings.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.maxDatagram()).isEqualTo(65507);
        assertThat(settings.maxPerClient()).isEqualTo(25); // 25% of 101 ports
    }

    @Test
    void everyKey() throws Exception {
        RelaySettings settings = Configs.settings(Map.of(
                "ports", "20000",
                "bind", " ::1 ",
                "advertise", "[2001:db8::1]",
                "timeout.idle", 0,
                "max.datagram", 1,
                "max.associations.per.client", " 7 "));
        assertThat(settings.ports()).isEqualTo(new PortRange(20000, 20000));
        assertThat(settings.bind()).isEqualTo(InetAddress.getByName("::1"));
        assertThat(settings.advertise()).isEqualTo(InetAddress.getByName("2001:db8::1"));
        assertThat(settings.idleTimeout()).isZero();
        assertThat(settings.maxDatagram()).isEqualTo(1);
        assertThat(settings.maxPerClient()).isEqualTo(7);
    }

    @Test
    void theLargestDatagramAnyUdpPacketCanCarry() {
        assertThat(Configs.settings(Map.of("max.datagram", 65527)).maxDatagram())
                .isEqualTo(65527);
        assertThat(problems(Map.of("max.datagram", 65528)))
                .containsExactly("max.datagram = '65528': expected bytes, 1 to 65527");
        assertThat(problems(Map.of("max.datagram", 0)))
                .containsExactly("max.datagram = '0': expected bytes, 1 to 65527");
    }

    @Test
    void aNegativeIdleTimeoutIsRejected() {
        assertThat(problems(Map.of("timeout.idle", -1)))
                .containsExactly("timeout.idle = '-1': expected whole seconds, 0 (never) or more");
    }

    @Test
    void everyInvalidKeyHasItsOwnMessageNamingTheValueAndWhatIsExpected() {
        assertThat(problems(Map.of(
                        "ports", "9-1",
                        "bind", "127.1",
                        "advertise", "10.0.0.256",
                        "timeout.idle", "6O",
                        "max.datagram", "64k",
                        "max.associations.per.client", "0")))
                .containsExactly(
                        "ports = '9-1': expected a range A-B or a single port, within 1-65535",
                        "bind = '127.1': " + BIND_EXPECTED,
                        "advertise = '10.0.0.256': " + ADVERTISE_EXPECTED,
                        "timeout.idle = '6O': expected whole seconds, 0 (never) or more",
                        "max.datagram = '64k': expected bytes, 1 to 65527",
                        "max.associations.per.client = '0': expected a number of associations (1 or more),"
                                + " or a percentage of the ports range (1% to 100%)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "0%", "101%", "x%", "%", "25 percent", "1.5"})
    void invalidCaps(String text) {
        assertThat(problems(Map.of("max.associations.per.client", text)))
                .singleElement()
                .asString()
                .startsWith("max.associations.per.client = '" + text.trim() + "': expected");
    }

    /**
     * Names, inet_aton shorthands (127.1), octets over 255 and octal-looking ones are not literals:
     * each is refused with the key's message, and none is looked up (a lookup of a name that
     * resolves, like localhost, would have accepted it).
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "localhost",
                "example.com",
                "1.2.3",
                "127.1",
                "256.1.1.1",
                "10.0.0.256",
                "010.0.0.1",
                "1.2.3.4.5",
                "zz:1",
                "::1::2",
                "1.2.3.4:80",
                "[127.0.0.1]"
            })
    void addressesMustBeIpLiterals(String text) {
        assertThat(problems(Map.of("bind", text))).containsExactly("bind = '" + text + "': " + BIND_EXPECTED);
        assertThat(problems(Map.of("advertise", text)))
                .containsExactly("advertise = '" + text + "': " + ADVERTISE_EXPECTED);
    }

    @Test
    void bindMustBeAnAddressOfThisHost() {
        // 192.0.2.1 is a documentation address, on no interface here; advertise may name it (NAT).
        assertThat(problems(Map.of("bind", "192.0.2.1"))).containsExactly("bind = '192.0.2.1': " + BIND_EXPECTED);
        assertThat(Configs.settings(Map.of("advertise", "192.0.2.1")).advertise())
                .isEqualTo(IpLiterals.parse("192.0.2.1"));
        assertThat(Configs.settings(Map.of("bind", "0.0.0.0")).bind()).isEqualTo(IpLiterals.parse("0.0.0.0"));
        assertThat(Configs.settings(Map.of("bind", "::")).bind()).isEqualTo(IpLiterals.parse("::"));
        // the whole loopback network is this host's, as for a listener's bind (no interface lists 127.0.0.2)
        assertThat(Configs.settings(Map.of("bind", "127.0.0.2")).bind()).isEqualTo(IpLiterals.parse("127.0.0.2"));
    }

    /**
     * Relay ports bind {@code bind} as a listener binds its {@code bind}: a link-local address needs
     * its zone there. The address put in replies goes to a client, where this host's zone means nothing.
     */
    @Test
    void aZoneOnlyWhereTheRelayBinds() {
        RelaySettings settings = RelaySettings.from(Configs.udp(Map.of("bind", "fe80::1%1")), address -> true);
        assertThat(settings.bind()).isInstanceOf(Inet6Address.class);
        assertThat(((Inet6Address) settings.bind()).getScopeId()).isEqualTo(1);
        assertThat(problems(Map.of("advertise", "fe80::1%1")))
                .containsExactly("advertise = 'fe80::1%1': " + ADVERTISE_EXPECTED);
    }

    /** Ports are decimal digits, as in the listener, the rules and the shell: no sign, no other scripts. */
    @ParameterizedTest
    @ValueSource(strings = {"+16000-16100", "16000-+16100", "\uff11\uff16\uff10\uff10\uff10", "0-10", "0", "0x3e80"})
    void portsAreDecimalDigitsAsEverywhere(String text) {
        assertThat(problems(Map.of("ports", text)))
                .containsExactly("ports = '" + text + "': expected a range A-B or a single port, within 1-65535");
    }

    @Test
    void anInvalidPortRangeIsRejected() {
        assertThat(problems(Map.of("ports", "9-1"))).singleElement().asString().startsWith("ports = '9-1': expected");
    }

    private static List<String> problems(Map<String, ?> values) {
        InvalidConfigurationException invalid =
                catchThrowableOfType(InvalidConfigurationException.class, () -> Configs.settings(values));
        assertThat(invalid).as("rejected: " + values).isNotNull();
        assertThat(invalid).hasMessage(String.join("; ", invalid.problems()));
        return invalid.problems();
    }
}
