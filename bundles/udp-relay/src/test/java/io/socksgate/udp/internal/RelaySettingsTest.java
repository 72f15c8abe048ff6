package io.socksgate.udp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RelaySettingsTest {

    @Test
    void defaults() {
        RelaySettings settings = Configs.settings(Map.of());
        assertThat(settings.ports()).isEqualTo(new PortRange(16000, 16100));
        assertThat(settings.bind()).isNull();
        assertThat(settings.advertise()).isNull();
        assertThat(settings.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.maxDatagram()).isEqualTo(65507);
    }

    @Test
    void everyKey() throws Exception {
        RelaySettings settings = Configs.settings(Map.of(
                "ports", "20000",
                "bind", " ::1 ",
                "advertise", "[2001:db8::1]",
                "timeout.idle", 0,
                "max.datagram", 1));
        assertThat(settings.ports()).isEqualTo(new PortRange(20000, 20000));
        assertThat(settings.bind()).isEqualTo(InetAddress.getByName("::1"));
        assertThat(settings.advertise()).isEqualTo(InetAddress.getByName("2001:db8::1"));
        assertThat(settings.idleTimeout()).isZero();
        assertThat(settings.maxDatagram()).isEqualTo(1);
    }

    @Test
    void theLargestDatagramAnyUdpPacketCanCarry() {
        assertThat(Configs.settings(Map.of("max.datagram", 65527)).maxDatagram())
                .isEqualTo(65527);
        assertThatThrownBy(() -> Configs.settings(Map.of("max.datagram", 65528)))
                .hasMessageStartingWith("max.datagram");
        assertThatThrownBy(() -> Configs.settings(Map.of("max.datagram", 0))).hasMessageStartingWith("max.datagram");
    }

    @Test
    void aNegativeIdleTimeoutIsRejected() {
        assertThatThrownBy(() -> Configs.settings(Map.of("timeout.idle", -1))).hasMessageStartingWith("timeout.idle");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"localhost", "example.com", "1.2.3", "256.1.1.1", "1.2.3.4.5", "zz:1", "::1::2", "1.2.3.4:80"})
    void addressesMustBeIpLiteralsAndAreNeverLookedUp(String text) {
        assertThatThrownBy(() -> Configs.settings(Map.of("bind", text)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bind: '" + text + "' is not an IP address");
        assertThatThrownBy(() -> Configs.settings(Map.of("advertise", text)))
                .hasMessage("advertise: '" + text + "' is not an IP address");
    }

    @Test
    void anInvalidPortRangeIsRejected() {
        assertThatThrownBy(() -> Configs.settings(Map.of("ports", "9-1"))).hasMessageStartingWith("ports:");
    }
}
