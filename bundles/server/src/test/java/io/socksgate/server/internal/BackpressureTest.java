package io.socksgate.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.socksgate.server.internal.exchange.Exchange;
import io.socksgate.server.internal.relay.RelayDirection;
import io.socksgate.server.internal.transport.ProxyEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.apache.mina.core.session.IoSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A destination that does not read must not make the proxy buffer what the client sends: the
 * proxy stops reading the client, and resumes when the destination drains.
 */
@Timeout(120)
class BackpressureTest {

    private static final int PAYLOAD = 32 * 1024 * 1024;

    @Test
    void aStalledDestinationPausesTheClientAndEverythingArrivesOnceItReads() throws Exception {
        byte[] payload = new byte[PAYLOAD];
        new Random(42).nextBytes(payload);
        try (ServerSocket destination = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ProxyFixture proxy = new ProxyFixture();
                RawClient client = new RawClient(proxy.address())) {
            client.send("05 01 00")
                    .send(RawClient.connectRequest(new java.net.InetSocketAddress(
                            InetAddress.getLoopbackAddress(), destination.getLocalPort())));
            client.read(12);
            try (Socket stalled = destination.accept()) {
                stalled.setReceiveBufferSize(64 * 1024);
                CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> write(client.socket(), payload));

                Exchange session = onlySession(proxy);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> session.client().isReadSuspended());
                IoSession outbound = session.outbound();
                // Pending bytes stay near the high watermark: at most one more read lands after it.
                assertThat(outbound.getScheduledWriteBytes())
                        .isLessThanOrEqualTo((long) RelayDirection.HIGH_WATERMARK + ProxyEngine.MAX_READ_BUFFER);
                assertThat(sender).isNotDone();

                assertThat(readAll(stalled.getInputStream(), PAYLOAD)).isEqualTo(sha256(payload));
                sender.get();
            }
        }
    }

    private static Exchange onlySession(ProxyFixture proxy) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> proxy.sessions.sessions().size() == 1);
        long id = proxy.sessions.sessions().get(0).id();
        return proxy.sessions.find(id);
    }

    private static void write(Socket socket, byte[] payload) {
        try {
            OutputStream out = socket.getOutputStream();
            for (int offset = 0; offset < payload.length; offset += 8192) {
                out.write(payload, offset, Math.min(8192, payload.length - offset));
            }
            out.flush();
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    private static byte[] readAll(InputStream in, int length) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[65536];
        int total = 0;
        while (total < length) {
            int n = in.read(buffer, 0, Math.min(buffer.length, length - total));
            if (n < 0) {
                break;
            }
            digest.update(buffer, 0, n);
            total += n;
        }
        assertThat(total).isEqualTo(length);
        return digest.digest();
    }

    private static byte[] sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }
}
