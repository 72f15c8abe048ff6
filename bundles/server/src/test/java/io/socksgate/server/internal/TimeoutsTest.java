package io.socksgate.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
    void aClientTricklingOneByteAtATimeIsStillClosedAtTheDeadline() throws Exception {
        byte[] request = Socks5ConnectTest.concat(
                Hex.bytes("05 01 00"), RawClient.connectRequest("loopback.socksgate.test", 80));
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        try (ProxyFixture proxy = new ProxyFixture(Map.of("timeout.handshake", 2));
                RawClient client = new RawClient(proxy.address())) {
            // One byte every 300 ms: each read would reset an idle timer, but the whole request
            // needs about 10 s, far past the 2 s deadline counted from accept.
            AtomicInteger sent = new AtomicInteger();
            pacer.scheduleAtFixedRate(
                    () -> {
                        int i = sent.get();
                        if (i < request.length) {
                            try {
                                client.send(new byte[] {request[i]});
                                sent.incrementAndGet();
                            } catch (IOException closed) {
                                // the proxy closed the connection: what this test waits for
                            }
                        }
                    },
                    0,
                    300,
                    TimeUnit.MILLISECONDS);
            byte[] answer = client.readToEnd();
            assertThat(answer).isEqualTo(Hex.bytes("05 00")); // the greeting, never a request reply
            assertThat(sent.get()).isLessThan(request.length);
        } finally {
            pacer.shutdownNow();
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
