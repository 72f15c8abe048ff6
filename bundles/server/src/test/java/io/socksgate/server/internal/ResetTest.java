package io.socksgate.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A tunnel one of whose sides breaks off with a reset resets the other side too, after the bytes
 * that came before it: its peer must not take an aborted stream for a complete one. A FIN stays a
 * FIN (HalfCloseTest).
 */
@Timeout(60)
class ResetTest {

    @Test
    void aDestinationsResetReachesTheClientAfterTheBytesBeforeIt() throws Exception {
        try (ServerSocket destination = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ProxyFixture proxy = new ProxyFixture();
                RawClient client = connect(proxy, destination)) {
            try (Socket server = destination.accept()) {
                server.getOutputStream().write("partial".getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(client.read(7), StandardCharsets.US_ASCII))
                        .isEqualTo("partial");
                server.setSoLinger(true, 0); // the close resets
            }

            InputStream in = client.socket().getInputStream();
            assertThatThrownBy(in::read)
                    .as("the client's next read")
                    .isInstanceOf(SocketException.class)
                    .hasMessageContaining("reset");
        }
    }

    @Test
    void aClientsResetReachesTheDestination() throws Exception {
        try (ServerSocket destination = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ProxyFixture proxy = new ProxyFixture()) {
            RawClient client = connect(proxy, destination);
            try (Socket server = destination.accept()) {
                server.setSoTimeout(10_000);
                client.send("01 02 03");
                assertThat(server.getInputStream().readNBytes(3)).containsExactly(1, 2, 3);
                client.socket().setSoLinger(true, 0);
                client.close();

                InputStream in = server.getInputStream();
                assertThatThrownBy(in::read)
                        .as("the destination's next read")
                        .isInstanceOf(SocketException.class)
                        .hasMessageContaining("reset");
            }
        }
    }

    private static RawClient connect(ProxyFixture proxy, ServerSocket destination) throws IOException {
        RawClient client = new RawClient(proxy.address());
        client.send("05 01 00")
                .send(RawClient.connectRequest(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), destination.getLocalPort())));
        assertThat(client.read(12)).startsWith(Hex.bytes("05 00 05 00 00 01"));
        return client;
    }
}
