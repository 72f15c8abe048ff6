package io.socksgate.udp.internal;

import static io.socksgate.udp.internal.ClientPin.Verdict.CLIENT;
import static io.socksgate.udp.internal.ClientPin.Verdict.FOREIGN_SOURCE;
import static io.socksgate.udp.internal.ClientPin.Verdict.OTHER_HOST;
import static org.assertj.core.api.Assertions.assertThat;

import io.socksgate.api.HostPort;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Which source counts as the client (no sockets: addresses only). */
class ClientPinTest {

    private static final InetAddress CONTROL = ip("192.0.2.10");
    private static final HostPort UNSPECIFIED = HostPort.of(ip("0.0.0.0"), 0);

    @Test
    void theFirstDatagramFromTheControlIpPinsThePort() {
        ClientPin pin = new ClientPin(CONTROL, UNSPECIFIED);
        assertThat(pin.client()).isNull();
        assertThat(pin.admit(at("192.0.2.10", 5000))).isEqualTo(CLIENT);
        assertThat(pin.client()).isEqualTo(at("192.0.2.10", 5000));
        assertThat(pin.isClient(at("192.0.2.10", 5000))).isTrue();
        assertThat(pin.admit(at("192.0.2.10", 5000))).isEqualTo(CLIENT);
        assertThat(pin.admit(at("192.0.2.10", 5001))).isEqualTo(FOREIGN_SOURCE);
        assertThat(pin.isClient(at("192.0.2.10", 5001))).isFalse();
        assertThat(pin.client()).isEqualTo(at("192.0.2.10", 5000));
    }

    @Test
    void otherHostsNeverPin() {
        ClientPin pin = new ClientPin(CONTROL, UNSPECIFIED);
        assertThat(pin.admit(at("192.0.2.11", 5000))).isEqualTo(OTHER_HOST);
        assertThat(pin.client()).isNull();
        assertThat(pin.admit(at("192.0.2.10", 6000))).isEqualTo(CLIENT);
        assertThat(pin.admit(at("192.0.2.11", 6000))).isEqualTo(OTHER_HOST);
    }

    @Test
    void aDeclaredPortPinsFromTheStart() {
        ClientPin pin = new ClientPin(CONTROL, HostPort.of(ip("0.0.0.0"), 7000));
        assertThat(pin.client()).isEqualTo(at("192.0.2.10", 7000));
        assertThat(pin.admit(at("192.0.2.10", 7001))).isEqualTo(FOREIGN_SOURCE);
        assertThat(pin.admit(at("192.0.2.10", 7000))).isEqualTo(CLIENT);
    }

    @Test
    void aDeclaredAddressIsOnlyInformative() {
        // The request names another host; datagrams are still taken from the control IP only.
        ClientPin pin = new ClientPin(CONTROL, HostPort.of(ip("198.51.100.5"), 7000));
        assertThat(pin.admit(at("198.51.100.5", 7000))).isEqualTo(OTHER_HOST);
        assertThat(pin.admit(at("192.0.2.10", 7000))).isEqualTo(CLIENT);
        assertThat(pin.client()).isEqualTo(at("192.0.2.10", 7000));
    }

    @Test
    void aDeclaredNameIsOnlyInformativeToo() {
        ClientPin pin = new ClientPin(CONTROL, HostPort.ofName("client.example", 0));
        assertThat(pin.client()).isNull();
        assertThat(pin.admit(at("192.0.2.10", 9))).isEqualTo(CLIENT);
    }

    @Test
    void ipv6() {
        ClientPin pin = new ClientPin(ip("2001:db8::10"), HostPort.of(ip("::"), 0));
        assertThat(pin.admit(at("2001:db8::11", 5000))).isEqualTo(OTHER_HOST);
        assertThat(pin.admit(at("2001:db8:0:0::10", 5000))).isEqualTo(CLIENT);
        assertThat(pin.admit(at("2001:db8::10", 5002))).isEqualTo(FOREIGN_SOURCE);
    }

    static InetSocketAddress at(String ip, int port) {
        return new InetSocketAddress(ip(ip), port);
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
