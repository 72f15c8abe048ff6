package io.socksgate.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socksgate.api.HostPort;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointsTest {

    @Test
    void ipLiteralsParseWithoutLookingAnythingUp() throws Exception {
        assertThat(Endpoints.ipLiteral("10.0.0.1")).isEqualTo(InetAddress.getByAddress(new byte[] {10, 0, 0, 1}));
        assertThat(Endpoints.ipLiteral(" 255.255.255.255 ").getHostAddress()).isEqualTo("255.255.255.255");
        assertThat(Endpoints.ipLiteral("::1")).isInstanceOf(Inet6Address.class);
        assertThat(Endpoints.ipLiteral("::1").isLoopbackAddress()).isTrue();
        assertThat(Endpoints.ipLiteral("[2001:db8::7]").getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:7");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "256.0.0.1",
                "10.0.0.256",
                "1.2.3",
                "127.1",
                "010.0.0.1",
                "example.com",
                "localhost",
                "::g",
                "[::1",
                "10.0.0.1/8"
            })
    void anythingElseIsNotAnIpAddress(String text) {
        assertThatThrownBy(() -> Endpoints.ipLiteral(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an IP address");
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
        assertThatThrownBy(() -> Endpoints.hostPort("[example.com]:80")).hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> Endpoints.hostPort("bad host!:80")).hasMessageContaining("neither an IP address");
        assertThatThrownBy(() -> Endpoints.hostPort(":80")).hasMessageContaining("neither an IP address");
        // digits and dots are meant as an address: never looked up as a name (src/test/hosts has 10.0.0.256)
        assertThatThrownBy(() -> Endpoints.hostPort("10.0.0.256:80")).hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> Endpoints.hostPort("127.1:80")).hasMessageContaining("not an IP address");
    }

    @Test
    void clientMayCarryAPort() {
        assertThat(Endpoints.client("10.0.0.5")).isEqualTo(new InetSocketAddress(Endpoints.ipLiteral("10.0.0.5"), 0));
        assertThat(Endpoints.client("10.0.0.5:40000").getPort()).isEqualTo(40000);
        assertThat(Endpoints.client("[::1]:40000").getPort()).isEqualTo(40000);
        assertThat(Endpoints.client("[::1]:40000").getAddress().isLoopbackAddress())
                .isTrue();
        assertThat(Endpoints.client("::1").getPort()).isZero();
        assertThat(Endpoints.client("[::1]").getPort()).isZero();
        assertThatThrownBy(() -> Endpoints.client("example.com")).hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> Endpoints.client("[::1]x")).hasMessageContaining("ADDRESS:PORT");
    }
}
