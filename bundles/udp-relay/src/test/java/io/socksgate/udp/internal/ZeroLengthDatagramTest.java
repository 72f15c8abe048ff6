package io.socksgate.udp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.socksgate.api.HostPort;
import io.socksgate.api.UdpAssociation;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A datagram with an empty payload is legal UDP, and some protocols send them as keep-alives: the
 * client's (a bare SOCKS header) reaches the destination as an empty datagram, and the
 * destination's empty answer reaches the client as a bare header. Both families, both ways.
 */
@Timeout(60)
class ZeroLengthDatagramTest {

    @ParameterizedTest(name = "client on {0}, destination on {1}")
    @CsvSource({"127.0.0.1, 127.0.0.1", "::1, ::1", "127.0.0.1, ::1", "::1, 127.0.0.1"})
    void anEmptyDatagramGoesOutAndItsEmptyAnswerComesBack(String clientSide, String destinationSide) throws Exception {
        InetAddress client = InetAddress.getByName(clientSide);
        InetAddress destination = InetAddress.getByName(destinationSide);
        try (TestRelay relay = new TestRelay(client, Map.of());
                UdpEcho echo = new UdpEcho(destination);
                SocksUdpClient socks = new SocksUdpClient(client);
                UdpAssociation association = relay.open(socks)) {
            for (int i = 0; i < 3; i++) {
                socks.send(association.relayAddress(), HostPort.of(echo.address()), new byte[0]);
                SocksUdpClient.Reply reply = socks.receive();
                assertThat(reply.source())
                        .isEqualTo(HostPort.of(destination, echo.address().getPort()));
                assertThat(reply.payload()).isEmpty();
            }
            assertThat(echo.received()).isEqualTo(3);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> association.counters().datagramsToClient() == 3);
            assertThat(association.counters().datagramsFromClient()).isEqualTo(3);
            assertThat(association.counters().bytesFromClient()).isZero();
            assertThat(association.counters().bytesToClient()).isZero();
            assertThat(association.counters().drops().values()).containsOnly(0L);
        }
    }
}
