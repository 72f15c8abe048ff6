package io.socksgate.server.internal.dial.upstream;

import static io.socksgate.server.internal.dial.upstream.Conversation.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import io.socksgate.api.HostPort;
import io.socksgate.server.internal.exchange.Failure;
import java.net.InetAddress;
import java.util.Map;
import org.apache.mina.core.buffer.IoBuffer;
import org.junit.jupiter.api.Test;

class HttpConnectHandshakeTest {

    private static final HostPort IP_TARGET = HostPort.of(InetAddress.getLoopbackAddress(), 8080);

    @Test
    void connectAndTheTunnelBytesRightAfterTheHeader() {
        Conversation c = Conversation.run(
                () -> new HttpConnectHandshake(IP_TARGET, null, null),
                ascii("HTTP/1.1 200 Connection established\r\nVia: 1.1 squid\r\n\r\nSSH-2.0-banner\r\n"));
        assertThat(c.sent()).isEqualTo(ascii("CONNECT 127.0.0.1:8080 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n"));
        assertThat(c.outcome()).isInstanceOf(HandshakeStep.Succeeded.class);
        assertThat(c.tunnel()).isEqualTo(ascii("SSH-2.0-banner\r\n"));
    }

    @Test
    void basicCredentialsAndANameTarget() {
        Conversation c = Conversation.run(
                () -> new HttpConnectHandshake(HostPort.ofName("echo.example", 7), "alice", "pa:ss".toCharArray()),
                ascii("HTTP/1.0 200 OK\r\n\r\n"));
        assertThat(c.sent())
                .isEqualTo(ascii("CONNECT echo.example:7 HTTP/1.1\r\nHost: echo.example:7\r\n"
                        + "Proxy-Authorization: Basic YWxpY2U6cGE6c3M=\r\n\r\n"));
        assertThat(c.outcome()).isInstanceOf(HandshakeStep.Succeeded.class);
        assertThat(c.tunnel()).isEmpty();
    }

    @Test
    void interimResponsesAreSkipped() {
        Conversation c = Conversation.run(
                () -> new HttpConnectHandshake(IP_TARGET, null, null),
                ascii("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n\r\nx"));
        assertThat(c.outcome()).isInstanceOf(HandshakeStep.Succeeded.class);
        assertThat(c.tunnel()).isEqualTo(ascii("x"));
    }

    /** The one table: statuses to the neutral failures; the body after them is never read. */
    @Test
    void destinationStatusesMapped() {
        Map<Integer, Failure> table = Map.of(
                403, Failure.DENIED,
                404, Failure.HOST_UNREACHABLE,
                410, Failure.HOST_UNREACHABLE,
                500, Failure.GENERAL,
                502, Failure.REFUSED,
                503, Failure.REFUSED,
                504, Failure.TIMED_OUT);
        table.forEach((status, failure) -> {
            Conversation c = Conversation.run(
                    () -> new HttpConnectHandshake(IP_TARGET, null, null),
                    ascii("HTTP/1.1 " + status + " Whatever\r\nContent-Length: 5\r\n\r\nbody!"));
            assertThat(c.outcome())
                    .as("status " + status)
                    .isInstanceOfSatisfying(HandshakeStep.DestinationFailed.class, f -> {
                        assertThat(f.failure()).isEqualTo(failure);
                        assertThat(f.reason()).contains(String.valueOf(status));
                    });
            assertThat(c.tunnel()).isEmpty();
        });
    }

    @Test
    void serverFailures() {
        for (String response : new String[] {
            "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"x\"\r\n\r\n",
            "HTTP/1.1 400 Bad Request\r\n\r\n",
            "HTTP/1.1 405 Method Not Allowed\r\n\r\n",
            "HTTP/1.1 301 Moved\r\nLocation: /\r\n\r\n",
            "SSH-2.0-OpenSSH\r\n",
            "\u0005\u0000",
        }) {
            Conversation c = Conversation.run(
                    () -> new HttpConnectHandshake(IP_TARGET, "alice", "secret".toCharArray()), ascii(response));
            assertThat(c.outcome()).as(response).isInstanceOf(HandshakeStep.ServerFailed.class);
            assertThat(c.failureReason()).doesNotContain("secret").doesNotContain("YWxpY2U6c2VjcmV0");
        }
    }

    @Test
    void a407IsRefusedCredentialsOnlyWhenSomeWereSent() {
        byte[] response = ascii("HTTP/1.1 407 Proxy Authentication Required\r\n\r\n");
        Conversation sent =
                Conversation.run(() -> new HttpConnectHandshake(IP_TARGET, "alice", "secret".toCharArray()), response);
        assertThat(((HandshakeStep.ServerFailed) sent.outcome()).credentialsRefused())
                .isTrue();
        Conversation none = Conversation.run(() -> new HttpConnectHandshake(IP_TARGET, null, null), response);
        assertThat(((HandshakeStep.ServerFailed) none.outcome()).credentialsRefused())
                .isFalse();
        assertThat(none.failureReason()).contains("wants credentials");
    }

    /** The header is read whole but bounded: a server that never ends it fails once past the limit. */
    @Test
    void anEndlessHeaderFailsAtTheLimit() {
        Handshake handshake = new HttpConnectHandshake(IP_TARGET, null, null);
        handshake.start();
        assertThat(handshake.received(IoBuffer.wrap(ascii("HTTP/1.1 200 OK\r\n"))))
                .isInstanceOf(HandshakeStep.Wait.class);
        HandshakeStep step = HandshakeStep.WAIT;
        int fed = 0;
        while (step instanceof HandshakeStep.Wait && fed < 64 * 1024) {
            step = handshake.received(IoBuffer.wrap(ascii("X-Padding: " + "p".repeat(100) + "\r\n")));
            fed += 113;
        }
        assertThat(step).isInstanceOf(HandshakeStep.ServerFailed.class);
        assertThat(fed).isLessThanOrEqualTo(17 * 1024);
    }
}
