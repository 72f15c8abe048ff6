package io.socksgate.udp.internal;

import static io.socksgate.udp.internal.ClientPinTest.at;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentPeersTest {

    @Test
    void exactAddressAndPortOnly() {
        RecentPeers peers = new RecentPeers(4);
        peers.add(at("192.0.2.1", 53));
        assertThat(peers.contains(at("192.0.2.1", 53))).isTrue();
        assertThat(peers.contains(at("192.0.2.1", 54))).isFalse();
        assertThat(peers.contains(at("192.0.2.2", 53))).isFalse();
    }

    @Test
    void boundedLeastRecentlyUsedFirst() {
        RecentPeers peers = new RecentPeers(2);
        peers.add(at("192.0.2.1", 1));
        peers.add(at("192.0.2.2", 1));
        assertThat(peers.contains(at("192.0.2.1", 1))).isTrue(); // a reply counts as use
        peers.add(at("192.0.2.3", 1));
        assertThat(peers.size()).isEqualTo(2);
        assertThat(peers.contains(at("192.0.2.2", 1))).isFalse();
        assertThat(peers.contains(at("192.0.2.1", 1))).isTrue();
        assertThat(peers.contains(at("192.0.2.3", 1))).isTrue();
    }
}
