package io.socksgate.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which addresses reach a listener of this Socksgate: what the upstreams' loop guard asks. */
class ListenerTableTest {

    private ProxyFixture proxy;

    @BeforeEach
    void start() throws IOException {
        proxy = new ProxyFixture(Map.of("bind", "127.0.0.1"));
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    @Test
    void theListenersOwnAddressAndTheWildcardAddressesThatConnectToItReachIt() throws IOException {
        int port = proxy.address().getPort();

        assertThat(proxy.listeners.reaches(new InetSocketAddress("127.0.0.1", port)))
                .isTrue();
        // connect(2) to 0.0.0.0 reaches 127.0.0.1, to :: reaches ::1 (Linux, as the BSDs)
        assertThat(proxy.listeners.reaches(new InetSocketAddress("0.0.0.0", port)))
                .isTrue();
        assertThat(proxy.listeners.reaches(new InetSocketAddress("::ffff:0.0.0.0", port)))
                .isTrue();
        assertThat(proxy.listeners.reaches(new InetSocketAddress("::", port)))
                .as(":: connects to ::1, where nothing listens")
                .isFalse();
        assertThat(proxy.listeners.reaches(new InetSocketAddress("127.0.0.2", port)))
                .isFalse();
        assertThat(proxy.listeners.reaches(new InetSocketAddress(InetAddress.getLoopbackAddress(), port + 1)))
                .isFalse();
    }

    @Test
    void aListenerOnTheWildcardAddressIsReachedThroughEveryAddressOfThisHost() throws IOException {
        try (ProxyFixture wildcard = new ProxyFixture(Map.of("bind", "0.0.0.0"))) {
            int port = wildcard.address().getPort();
            assertThat(wildcard.listeners.reaches(new InetSocketAddress("127.0.0.2", port)))
                    .isTrue();
            assertThat(wildcard.listeners.reaches(new InetSocketAddress("0.0.0.0", port)))
                    .isTrue();
            assertThat(wildcard.listeners.reaches(new InetSocketAddress("192.0.2.1", port)))
                    .as("not an address of this host")
                    .isFalse();
        }
    }
}
