package io.socksgate.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.socksgate.api.Decision;
import io.socksgate.api.SessionInfo;
import io.socksgate.api.SessionListener;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Requests that name no destination to decide at once: UDP ASSOCIATE (its DST is the client's
 * own address) and BIND for any peer. They are decided by who asks, with the shipped rules; the
 * datagrams' destinations, and the peer that connects, are decided when they are known.
 */
@Timeout(60)
class OpenRequestPolicyTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final List<String> denials = new CopyOnWriteArrayList<>();
    private final SessionListener recorder = new SessionListener() {
        @Override
        public void opened(SessionInfo session) {}

        @Override
        public void denied(SessionInfo session, Decision decision) {
            denials.add(session.command() + " " + session.destination() + " by " + decision.rule());
        }

        @Override
        public void closed(SessionInfo session) {}
    };

    @Test
    void aUdpAssociateNoRuleAllowsIsDeniedWith02AndNoRelayPortIsOpened() throws IOException {
        try (ProxyFixture proxy = new ProxyFixture(Map.of(), Map.of(), "deny")
                .withRule("only-connect", Map.of("order", 5, "action", "allow", "commands", "connect"))
                .withRule("udp-for-alice", Map.of("order", 6, "action", "allow", "users", "alice"))) {
            proxy.events.addListener(recorder);
            try (RawClient control = new RawClient(proxy.address())) {
                control.send("05 01 00 05 03 00 01 7f 00 00 01 30 39"); // announces 127.0.0.1:12345
                assertThat(control.readToEnd()).isEqualTo(Hex.bytes("05 00 05 02 00 01 00 00 00 00 00 00"));
            }
            assertThat(freeRelayPorts(proxy)).as("no relay port was opened").isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> !proxy.accessLog.isEmpty());
            assertThat(proxy.accessLog).singleElement().satisfies(line -> assertThat(line)
                    .contains(" 127.0.0.1 SOCKS_UDP_DENIED/403 0 SOCKS_UDP_ASSOCIATE udp://127.0.0.1:12345/ - ")
                    .endsWith(" default"));
            assertThat(denials).containsExactly("UDP_ASSOCIATE 127.0.0.1:12345 by default");
            assertThat(proxy.listeners.totals().denied()).isEqualTo(1);
        }
    }

    @Test
    void theAnnouncedAddressIsNotADestinationForTheShippedRules() throws IOException {
        // deny-local-destinations names 127.0.0.0/8 and 0.0.0.0/8, deny-self every local address:
        // neither denies an ASSOCIATE announcing a loopback or the unspecified address.
        try (ProxyFixture proxy = new ProxyFixture(Map.of(), Map.of(), "deny").withShippedRules()) {
            for (String announced : List.of("7f 00 00 01 30 39", "00 00 00 00 00 00")) {
                try (RawClient control = new RawClient(proxy.address())) {
                    control.send("05 01 00 05 03 00 01 " + announced);
                    assertThat(control.read(2)).isEqualTo(Hex.bytes("05 00"));
                    assertThat(control.read(10)[1])
                            .as("reply to an ASSOCIATE announcing " + announced)
                            .isZero();
                }
            }
            assertThat(proxy.policy.rules())
                    .filteredOn(r -> r.name().equals("allow-loopback-clients"))
                    .singleElement()
                    .satisfies(r -> assertThat(r.hits()).isEqualTo(2));
        }
    }

    @Test
    void aBindForAnyPeerIsGrantedByTheShippedRulesAndThePeerIsDecided() throws IOException {
        try (ProxyFixture proxy = new ProxyFixture(Map.of("timeout.bind", 30), Map.of(), "deny").withShippedRules();
                RawClient client = new RawClient(proxy.address())) {
            client.send("05 01 00 05 02 00 01 00 00 00 00 00 00"); // BIND 0.0.0.0:0, as socksify sends
            assertThat(client.read(2)).isEqualTo(Hex.bytes("05 00"));
            byte[] first = client.read(10);
            assertThat(first[1]).as("first BIND reply").isZero();
            InetSocketAddress port = address(first);

            // A loopback peer is a destination deny-local-destinations denies: closed, the wait goes on.
            try (Socket denied = new Socket(port.getAddress(), port.getPort())) {
                denied.setSoTimeout(RawClient.READ_TIMEOUT_MILLIS);
                assertThat(denied.getInputStream().read()).isEqualTo(-1);
            }
            proxy.withRule(
                    "allow-local-bind-peers",
                    Map.of("order", 5, "action", "allow", "commands", "bind", "destination", "127.0.0.1"));
            try (Socket peer = new Socket(port.getAddress(), port.getPort())) {
                peer.setSoTimeout(RawClient.READ_TIMEOUT_MILLIS);
                assertThat(address(client.read(10))).isEqualTo(peer.getLocalSocketAddress());
                client.send("01 02");
                assertThat(peer.getInputStream().readNBytes(2)).isEqualTo(Hex.bytes("01 02"));
            }
        }
    }

    @Test
    void aBindNamingAPeerIsStillDecidedByThatPeer() throws IOException {
        try (ProxyFixture proxy = new ProxyFixture(Map.of(), Map.of(), "deny").withShippedRules();
                RawClient client = new RawClient(proxy.address())) {
            client.send("05 01 00 05 02 00 01 7f 00 00 01 00 00"); // BIND expecting 127.0.0.1
            assertThat(client.readToEnd()).isEqualTo(Hex.bytes("05 00 05 02 00 01 00 00 00 00 00 00"));
            assertThat(proxy.engine.binds().openPorts()).isZero();
        }
    }

    @Test
    void everyAddressOfThisHostIsDeniedOnEveryPortAndTheManagementPortsEvenWhenAllowed() throws IOException {
        // Decided only (explain): no traffic goes to this host's non-loopback address.
        InetAddress lan = firstNonLoopbackAddress();
        try (ProxyFixture proxy = new ProxyFixture(Map.of(), Map.of(), "deny").withShippedRules()) {
            assertThat(denyingRule(proxy, lan, 5432)).isEqualTo("deny-self");
            // without the zone the JDK shows an interface's IPv6 address with: a rule takes none
            String literal = InetAddress.getByAddress(lan.getAddress()).getHostAddress();
            proxy.withRule("allow-this-host", Map.of("order", 15, "action", "allow", "destination", literal));
            assertThat(proxy.policy.explain(request(lan, 5432)).decision().allowed())
                    .isTrue();
            assertThat(denyingRule(proxy, lan, 8101)).isEqualTo("deny-management-ports");
            assertThat(denyingRule(proxy, lan, 44444)).isEqualTo("deny-management-ports");
        }
    }

    private static InetAddress firstNonLoopbackAddress() throws IOException {
        for (java.net.NetworkInterface nic :
                java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : java.util.Collections.list(nic.getInetAddresses())) {
                if (!address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                    return address;
                }
            }
        }
        throw new AssertionError("this test needs a non-loopback address on this host");
    }

    private static String denyingRule(ProxyFixture proxy, InetAddress address, int port) {
        Decision decision = proxy.policy.explain(request(address, port)).decision();
        assertThat(decision.allowed()).isFalse();
        return decision.rule();
    }

    private static io.socksgate.api.ProxyRequest request(InetAddress address, int port) {
        return new io.socksgate.api.ProxyRequest(
                "test",
                io.socksgate.api.Protocol.SOCKS5,
                io.socksgate.api.Command.CONNECT,
                new InetSocketAddress(LOOPBACK, 40000),
                null,
                null,
                io.socksgate.api.HostPort.of(address, port),
                null);
    }

    /** True when every port of the relay's range can be bound, so none is held. */
    private static boolean freeRelayPorts(ProxyFixture proxy) {
        String[] range = proxy.udpPorts.split("-");
        for (int port = Integer.parseInt(range[0]); port <= Integer.parseInt(range[1]); port++) {
            try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(LOOPBACK, port))) {
                assertThat(probe.isBound()).isTrue();
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }

    private static InetSocketAddress address(byte[] reply) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(reply);
        buffer.getInt();
        byte[] ip = new byte[4];
        buffer.get(ip);
        return new InetSocketAddress(InetAddress.getByAddress(ip), buffer.getShort() & 0xffff);
    }
}
