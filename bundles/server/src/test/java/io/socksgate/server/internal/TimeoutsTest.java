package io.socksgate.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The handshake deadline and the idle timeout close connections on their own. */
@Timeout(60)
class TimeoutsTest {

    @Test
    void aSilentClientIsClosedAtTheHandshakeDeadline() throws IOException {
        try (ProxyFixture proxy = new ProxyFixture(Map.of("timeout.handshake", 1));
                RawClient client = new RawClient(proxy.address())) {
            client.send("05"); // an unfinished greeting
            assertThat(client.readToEnd()).isEmpty();
        }
    }

    @Test
    void aClientStuckAfterTheGreetingIsClosedAtTheHandshakeDeadline() throws IOException {
        try (ProxyFixture proxy = new ProxyFixture(Map.of("timeout.handshake", 1));
                RawClient client = new RawClient(proxy.address())) {
            client.send("05 01 00 05 01 00"); // greeting, then half a request
            assertThat(client.readToEnd()).isEqualTo(Hex.bytes("05 00"));
        }
    }

    @Test
    void anIdleTunnelIsClosed() throws IOException {
        try (EchoServer echo = EchoServer.onLoopback();
                ProxyFixture proxy = new ProxyFixture(Map.of("timeout.idle", 1));
                RawClient client = new RawClient(proxy.address())) {
            client.send("05 01 00").send(RawClient.connectRequest(echo.address()));
            client.read(12);
            client.send("2a");
            assertThat(client.read(1)).isEqualTo(Hex.bytes("2a"));
            assertThat(client.readToEnd()).isEmpty(); // closed after a second without traffic
        }
    }
}
