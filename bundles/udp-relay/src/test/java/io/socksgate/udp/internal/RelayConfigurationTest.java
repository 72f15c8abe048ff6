package io.socksgate.udp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socksgate.api.HostPort;
import io.socksgate.api.UdpAssociation;
import io.socksgate.api.UdpAssociationRequest;
import io.socksgate.config.PortRange;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The relay component as Declarative Services drives it: activated with a configuration, then
 * modified. An invalid change keeps the previous configuration and is told by {@code problem()}; a
 * relay whose first configuration is invalid opens nothing until it gets a valid one.
 */
@Timeout(60)
class RelayConfigurationTest {

    private static final String BAD_PORTS = "ports = '9-1': expected a range A-B or a single port, within 1-65535";
    private static final String BAD_IDLE = "timeout.idle = '6O': expected whole seconds, 0 (never) or more";

    @Test
    void anInvalidChangeKeepsThePreviousConfigurationAndTellsWhy() throws Exception {
        PortRange first = FreePorts.range(TestRelay.IPV4, 2);
        PortRange second = FreePorts.range(TestRelay.IPV4, 2);
        DatagramRelay relay = new DatagramRelay(Configs.udp(Map.of("ports", first.toString())));
        try {
            assertThat(relay.problem()).isNull();

            relay.modified(Configs.udp(Map.of("ports", "9-1", "timeout.idle", "6O")));
            assertThat(relay.problem()).isEqualTo(BAD_PORTS + "; " + BAD_IDLE);
            try (UdpAssociation association = open(relay)) {
                assertThat(first.contains(association.relayAddress().getPort()))
                        .as("the previous ports stay")
                        .isTrue();
            }

            relay.modified(Configs.udp(Map.of("ports", second.toString())));
            assertThat(relay.problem()).isNull();
            try (UdpAssociation association = open(relay)) {
                assertThat(second.contains(association.relayAddress().getPort()))
                        .as("the valid change applies")
                        .isTrue();
            }
        } finally {
            relay.stop();
        }
    }

    @Test
    void aRelayWhoseFirstConfigurationIsInvalidOpensNothingUntilItGetsAValidOne() throws Exception {
        DatagramRelay relay = new DatagramRelay(Configs.udp(Map.of("timeout.idle", "6O")));
        try {
            assertThat(relay.problem()).isEqualTo(BAD_IDLE);
            assertThatThrownBy(() -> open(relay))
                    .isInstanceOf(IOException.class)
                    .hasMessage("the UDP relay has no valid configuration: " + BAD_IDLE);
            assertThat(relay.boundPorts()).isZero();

            relay.modified(Configs.udp(
                    Map.of("ports", FreePorts.range(TestRelay.IPV4, 2).toString())));
            assertThat(relay.problem()).isNull();
            try (UdpAssociation association = open(relay)) {
                assertThat(association.relayAddress().getAddress()).isEqualTo(TestRelay.IPV4);
            }
        } finally {
            relay.stop();
        }
    }

    private static UdpAssociation open(DatagramRelay relay) throws IOException {
        return relay.open(new UdpAssociationRequest(
                "[test]",
                new InetSocketAddress(TestRelay.IPV4, 40000),
                TestRelay.IPV4,
                HostPort.of(TestRelay.anyLocal(TestRelay.IPV4), 0),
                TestRelay.ALLOW_ALL));
    }
}
