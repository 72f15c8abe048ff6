package io.socksgate.server.internal.dial.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.socksgate.api.HostPort;
import io.socksgate.server.internal.exchange.Failure;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** What each upstream type can carry is checked before connecting. */
class HandshakesTest {

    @Test
    void socks4CannotCarryIpv6() throws Exception {
        HostPort v6 = HostPort.of(InetAddress.getByName("::1"), 80);
        assertThat(Handshakes.refusal(UpstreamType.SOCKS4, v6).failure()).isEqualTo(Failure.ADDRESS_TYPE_UNSUPPORTED);
        assertThat(Handshakes.refusal(UpstreamType.SOCKS5, v6)).isNull();
        assertThat(Handshakes.refusal(UpstreamType.HTTP, v6)).isNull();
    }

    @Test
    void namesMustBeSendable() {
        String tooLong = "a".repeat(256);
        for (UpstreamType type : UpstreamType.values()) {
            assertThat(Handshakes.refusal(type, HostPort.ofName(tooLong, 80)))
                    .as(type.name())
                    .isNotNull();
            assertThat(Handshakes.refusal(type, HostPort.ofName("with space", 80)))
                    .as(type.name())
                    .isNotNull();
            assertThat(Handshakes.refusal(type, HostPort.ofName("bell\u0007", 80)))
                    .as(type.name())
                    .isNotNull();
            assertThat(Handshakes.refusal(type, HostPort.ofName("echo.example", 80)))
                    .as(type.name())
                    .isNull();
        }
        // Delimiters an HTTP proxy reads as userinfo or path, and numbers it reads as another address.
        assertThat(Handshakes.refusal(UpstreamType.HTTP, HostPort.ofName("user@evil.example", 80)))
                .isNotNull();
        assertThat(Handshakes.refusal(UpstreamType.HTTP, HostPort.ofName("127.1", 80)))
                .isNotNull();
        assertThat(Handshakes.refusal(UpstreamType.HTTP, HostPort.ofName("echo.example", 0)))
                .isNotNull();
        assertThat(Handshakes.refusal(UpstreamType.SOCKS5, HostPort.ofName("user@evil.example", 80)))
                .isNull();
    }
}
