package io.socksgate.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.socksgate.server.internal.transport.BackingOffAcceptor;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackingOffAcceptorTest {

    @Test
    void connectionsAreAcceptedThroughTheOwnAccept() throws IOException {
        try (ProxyFixture proxy = new ProxyFixture(Map.of());
                RawClient client = new RawClient(proxy.address())) {
            client.send("05 01 00");
            assertThat(client.read(2)).isEqualTo(Hex.bytes("05 00"));
        }
    }

    @Test
    void descriptorShortageIsToldFromOtherFailures() {
        assertThat(BackingOffAcceptor.outOfDescriptors(new IOException("Too many open files")))
                .isTrue();
        assertThat(BackingOffAcceptor.outOfDescriptors(new IOException("Too many open files in system")))
                .isTrue();
        assertThat(BackingOffAcceptor.outOfDescriptors(new IOException("Connection reset by peer")))
                .isFalse();
        assertThat(BackingOffAcceptor.outOfDescriptors(new IOException())).isFalse();
    }
}
