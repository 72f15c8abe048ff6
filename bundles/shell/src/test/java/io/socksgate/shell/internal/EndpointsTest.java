package io.socksgate.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socksgate.api.HostPort;
import io.socksgate.config.IpLiterals;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointsTest {

    @Test
    void clientAddressesParseWithoutLookingAnythingUp() throws Exception {
        assertThat(Endpoints.clientAddress("10.0.0.1")).isEqualTo(InetAddress.getByAddress(new byte[] {10, 0, 0, 1}));
        assertThat(Endpoints.clientAddress(" 255.255.255.255 ").getHostAddress())
                .isEqualTo("255.255.255.255");
        assertThat(Endpoints.clientAddress("::1")).isInstanceOf(Inet6Address.class);
        assertThat(Endpoints.clientAddress("::1").isLoopbackAddress()).isTrue();
        assertThat(Endpoints.clientAddress("[2001:db8::7]").getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:7");
    }

    @Test
    void hostPortTakesIpv4Ipv6InBracketsAndNames() {
        HostPort v6 = Endpoints.hostPort("[::1]:80");
        assertThat(v6.isName()).isFalse();
        assertThat(v6.address().isLoopbackAddress()).isTrue();
        assertThat(v6.address()).isInstanceOf(Inet6Address.class);
        assertThat(v6.port()).isEqualTo(80);

        HostPort v4 = Endpoints.hostPort("192.0.2.10:443");
        assertThat(v4.address().getHostAddress()).isEqualTo("192.0.2.10");
        assertThat(v4.port()).isEqualTo(443);

        HostPort name = Endpoints.hostPort("www.example.com:8080");
        assertThat(name.isName()).isTrue();
        assertThat(name.name()).isEqualTo("www.example.com");
        assertThat(name.port()).isEqualTo(8080);
        assertThat(name).hasToString("www.example.com:8080");

        assertThat(Endpoints.hostPort("localhost:0").port()).isZero();
        assertThat(Endpoints.hostPort("x:65535").port()).isEqualTo(65535);
    }

    @Test
    void hostPortSaysWhatIsWrong() {
        assertThatThrownBy(() -> Endpoints.hostPort("::1:80")).hasMessageContaining("in brackets, e.g. [::1]:80");
        assertThatThrownBy(() -> Endpoints.hostPort("example.com")).hasMessageContaining("lacks a port");
        assertThatThrownBy(() -> Endpoints.hostPort("example.com:65536")).hasMessageContaining("not 0 to 65535");
        assertThatThrownBy(() -> Endpoints.hostPort("example.com:http")).hasMessageContaining("not 0 to 65535");
        assertThatThrownBy(() -> Endpoints.hostPort("[::1:80")).hasMessageContaining("brackets");
        assertThatThrownBy(() -> Endpoints.hostPort("[example.com]:80"))
                .hasMessage("'[example.com]' is not " + IpLiterals.EXPECTED);
        assertThatThrownBy(() -> Endpoints.hostPort("bad host!:80")).hasMessageContaining("neither an IP address");
        assertThatThrownBy(() -> Endpoints.hostPort(":80")).hasMessageContaining("neither an IP address");
    }

    /** The shell takes the IP literals the configuration takes, in the same words. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "[127.0.0.1]",
                "127.1",
                "10.0.0.256",
                "256.0.0.1",
                "1.2.3",
                "010.0.0.1",
                "somehost",
                "localhost",
                "::g",
                "fe80::1%",
                "::1/128",
                "10.0.0.1/8",
                ""
            })
    void clientAddressesAreTheLiteralsTheConfigurationTakes(String text) {
        assertThatThrownBy(() -> Endpoints.client(text)).hasMessage("'" + text + "' is not " + IpLiterals.EXPECTED);
        assertThatThrownBy(() -> Endpoints.clientAddress(text))
                .hasMessage("'" + text + "' is not " + IpLiterals.EXPECTED);
    }

    /** Client addresses are shown with their zone ({@code fe80::1%lo}); the shell takes them back. */
    @Test
    void aClientAddressMayCarryItsZone() {
        assertThat(((Inet6Address) Endpoints.client("fe80::1%1").getAddress()).getScopeId())
                .isEqualTo(1);
        assertThat(Endpoints.client("[fe80::1%1]:40000").getPort()).isEqualTo(40000);
    }

    /**
     * A host whose last label is a number is meant as an address, never a name to look up: a
     * malformed one is refused with the literals' words. A destination goes on the wire, where
     * this host's zones mean nothing.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "0x7f.0.0.1",
                "0x7f",
                "example.123",
                "127.1",
                "10.0.0.256",
                "1.2.3.4.",
                "[127.0.0.1]",
                "[fe80::1%1]"
            })
    void aDestinationHostEndingInANumberIsAnAddressNeverAName(String host) {
        assertThatThrownBy(() -> Endpoints.hostPort(host + ":80"))
                .hasMessageStartingWith("'" + host + "' is not " + IpLiterals.EXPECTED);
    }

    @Test
    void clientMayCarryAPort() {
        assertThat(Endpoints.client("10.0.0.5")).isEqualTo(new InetSocketAddress(IpLiterals.parse("10.0.0.5"), 0));
        assertThat(Endpoints.client("10.0.0.5:40000").getPort()).isEqualTo(40000);
        assertThat(Endpoints.client("[::1]:40000").getPort()).isEqualTo(40000);
        assertThat(Endpoints.client("[::1]:40000").getAddress().isLoopbackAddress())
                .isTrue();
        assertThat(Endpoints.client("::1").getPort()).isZero();
        assertThat(Endpoints.client("[::1]").getPort()).isZero();
        assertThatThrownBy(() -> Endpoints.client("[::1]x")).hasMessageContaining("ADDRESS:PORT");
    }
}
