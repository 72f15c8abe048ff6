package io.socksgate.bench.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Where each kind of target sends a row's connections, and what it says first. */
class ProxyTargetTest {

    private static final InetSocketAddress ECHO = new InetSocketAddress("127.0.0.1", 4242);

    @Test
    void forwardConnectsToTheForwarderAndIsOpenWithoutAByteSent() throws IOException {
        ProxyTarget forward = ProxyTarget.forward("127.0.0.1:8443");

        assertThat(forward.isDirect()).isFalse();
        assertThat(forward.firstHop(ECHO)).isEqualTo(new InetSocketAddress("127.0.0.1", 8443));
        Step first = forward.connectHandshake(ECHO).start();
        assertThat(first.established()).isTrue();
        assertThat(first.bytes()).isNull();
    }

    @Test
    void directConnectsToTheDestinationItself() throws IOException {
        ProxyTarget direct = ProxyTarget.socks5("direct", null, null);

        assertThat(direct.isDirect()).isTrue();
        assertThat(direct.firstHop(ECHO)).isEqualTo(ECHO);
        assertThat(direct.connectHandshake(ECHO).start().established()).isTrue();
    }

    @Test
    void httpConnectAsksTheProxyForTheDestinationFirst() throws IOException {
        ProxyTarget http = ProxyTarget.httpConnect("127.0.0.1:3128");

        assertThat(http.firstHop(ECHO)).isEqualTo(new InetSocketAddress("127.0.0.1", 3128));
        Step first = http.connectHandshake(ECHO).start();
        assertThat(first.established()).isFalse();
        assertThat(new String(first.bytes(), StandardCharsets.US_ASCII))
                .startsWith("CONNECT 127.0.0.1:4242 HTTP/1.1\r\n");
    }
}
