package io.socksgate.udp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.socksgate.api.HostPort;
import io.socksgate.api.UdpAssociation;
import io.socksgate.api.UdpAssociationLimitException;
import io.socksgate.config.IpLiterals;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code max.associations.per.client}: one client address cannot take the whole port range. Its
 * N+1th live association is refused, another client's is not, and an association that ends, by
 * close or idle timeout, counts no more.
 */
@Timeout(60)
class AssociationCapTest {

    private static final InetAddress ALICE = TestRelay.IPV4;
    private static final InetAddress BOB = ip("127.0.0.2");
    private static final HostPort ANY = HostPort.of(ip("0.0.0.0"), 0);

    @Test
    void theNPlusFirstAssociationOfOneClientIsRefusedButNotAnotherClients() throws Exception {
        try (TestRelay relay = new TestRelay(Map.of("max.associations.per.client", "2"))) {
            UdpAssociation first = open(relay, ALICE);
            UdpAssociation second = open(relay, ALICE);
            assertThatThrownBy(() -> open(relay, ALICE))
                    .isInstanceOf(UdpAssociationLimitException.class)
                    .hasMessage("client 127.0.0.1 already has 2 live UDP associations (max.associations.per.client)");
            assertThat(relay.relay.reservedPorts())
                    .as("the refusal took no port")
                    .isEqualTo(2);

            UdpAssociation bobs = open(relay, BOB);
            assertThat(bobs.relayAddress().getAddress()).isEqualTo(TestRelay.IPV4);

            first.close();
            UdpAssociation again = open(relay, ALICE); // a closed association counts no more
            assertThatThrownBy(() -> open(relay, ALICE)).isInstanceOf(UdpAssociationLimitException.class);

            second.close();
            again.close();
            bobs.close();
            relay.awaitNothingLeft();
        }
    }

    @Test
    void anAssociationThatEndsIdleCountsNoMore() throws Exception {
        try (TestRelay relay = new TestRelay(Map.of("max.associations.per.client", "1", "timeout.idle", "1"))) {
            UdpAssociation idle = open(relay, ALICE);
            assertThatThrownBy(() -> open(relay, ALICE)).isInstanceOf(UdpAssociationLimitException.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> relay.relay.countedClients() == 0);
            try (UdpAssociation next = open(relay, ALICE)) {
                assertThat(next.relayAddress().getPort()).isNotZero();
            }
            idle.close();
        }
    }

    @Test
    void aRefusedBindCountsNoMore() throws Exception {
        // 192.0.2.1 is not an address of this host: binding fails, and must not use up the client's share.
        try (TestRelay relay = new TestRelay(Map.of("max.associations.per.client", "1"))) {
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> relay.open(ALICE, ip("192.0.2.1"), ANY, TestRelay.ALLOW_ALL))
                        .isNotInstanceOf(UdpAssociationLimitException.class);
            }
            assertThat(relay.relay.countedClients()).isZero();
        }
    }

    @Test
    void theDefaultIsAQuarterOfTheRangeAndAtLeastOne() {
        assertThat(cap("16000-16100", null)).isEqualTo(25);
        assertThat(cap("16000-16007", null)).isEqualTo(2);
        assertThat(cap("16000-16003", null)).isEqualTo(1);
        assertThat(cap("16000", null)).isEqualTo(1);
        assertThat(cap("16000-16009", "50%")).isEqualTo(5);
        assertThat(cap("16000-16009", "100 %")).isEqualTo(10);
        assertThat(cap("16000-16009", "1%")).isEqualTo(1);
        assertThat(cap("16000-16009", "30")).isEqualTo(30); // a number is taken as it is
    }

    private static int cap(String ports, String value) {
        Map<String, String> config =
                value == null ? Map.of("ports", ports) : Map.of("ports", ports, "max.associations.per.client", value);
        return Configs.settings(config).maxPerClient();
    }

    private static UdpAssociation open(TestRelay relay, InetAddress client) throws Exception {
        return relay.open(client, TestRelay.IPV4, ANY, TestRelay.ALLOW_ALL);
    }

    private static InetAddress ip(String literal) {
        return IpLiterals.parse(literal);
    }
}
