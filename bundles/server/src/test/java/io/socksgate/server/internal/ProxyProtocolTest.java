package io.socksgate.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.socksgate.api.SessionInfo;
import io.socksgate.api.UdpCounters;
import io.socksgate.protocol.proxy.ProxyHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A listener behind a load balancer: a trusted peer (here 127.0.0.2, playing HAProxy) sends a
 * PROXY header first, and the client it names is the client everywhere; anyone else is closed.
 * Real MINA sockets; the "balancer" is a socket bound to 127.0.0.2 writing the header itself.
 */
@Timeout(120)
class ProxyProtocolTest {

    private static final InetAddress BALANCER = address("127.0.0.2");
    /** A client the balancer speaks for: an address no socket here has, so only the header can name it. */
    private static final InetSocketAddress CLIENT = new InetSocketAddress(address("192.0.2.7"), 40007);
    /** What the client connected to on the balancer. */
    private static final InetSocketAddress FRONT = new InetSocketAddress(address("192.0.2.1"), 1080);

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalErr;
    private EchoServer echo;
    private final List<ProxyFixture> proxies = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        echo = EchoServer.onLoopback();
        originalErr = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() throws IOException {
        System.setErr(originalErr);
        proxies.forEach(ProxyFixture::close);
        echo.close();
        originalErr.print(log());
    }

    /** A SOCKS5 and HTTP listener expecting v1 or v2 from 127.0.0.2, with these overrides. */
    private ProxyFixture proxy(Map<String, ?> overrides) throws IOException {
        return proxy(overrides, Map.of());
    }

    /** The same, with these io.socksgate.auth keys. */
    private ProxyFixture proxy(Map<String, ?> overrides, Map<String, ?> authConfig) throws IOException {
        Map<String, Object> values = new HashMap<>(Map.of(
                "protocols", "socks5, http",
                "proxy.protocol", "v1, v2",
                "proxy.protocol.trusted", "127.0.0.2/32",
                "timeout.handshake", 30));
        values.putAll(overrides);
        ProxyFixture proxy = new ProxyFixture(values, authConfig);
        proxies.add(proxy);
        return proxy;
    }

    @Test
    void aV2HeaderMakesItsSourceTheClientOfTheSessionTheAccessLogAndTheRules() throws IOException {
        ProxyFixture proxy = proxy(Map.of());
        try (RawClient balancer = new RawClient(proxy.address(), BALANCER)) {
            balancer.send(concat(ProxyHeaders.v2(CLIENT, FRONT), Hex.bytes("05 01 00"), connectToEcho()));
            assertTunnel(balancer);
            SessionInfo session = proxy.sessions.sessions().get(0);
            assertThat(session.client()).isEqualTo(CLIENT);
            assertThat(session.via()).isEqualTo(balancer.socket().getLocalSocketAddress());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !proxy.accessLog.isEmpty());
        assertThat(proxy.accessLog.get(0)).matches("\\S+ \\d+ 192\\.0\\.2\\.7 SOCKS_TCP_MISS/200 .*");
    }

    @Test
    void aV1HeaderBeforeAnHttpConnectWorksToo() throws IOException {
        ProxyFixture proxy = proxy(Map.of());
        try (RawClient balancer = new RawClient(proxy.address(), BALANCER)) {
            String connect =
                    "CONNECT 127.0.0.1:" + echo.port() + " HTTP/1.1\r\nHost: 127.0.0.1:" + echo.port() + "\r\n\r\n";
            balancer.send(concat(ProxyHeaders.v1(CLIENT, FRONT), connect.getBytes(StandardCharsets.US_ASCII)));
            String reply = "HTTP/1.1 200 Connection established\r\n\r\n";
            assertThat(new String(balancer.read(reply.length()), StandardCharsets.US_ASCII))
                    .isEqualTo(reply);
            balancer.send("0a 0b");
            assertThat(balancer.read(2)).isEqualTo(Hex.bytes("0a 0b"));
            assertThat(proxy.sessions.sessions().get(0).client()).isEqualTo(CLIENT);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !proxy.accessLog.isEmpty());
        assertThat(proxy.accessLog.get(0)).matches("\\S+ \\d+ 192\\.0\\.2\\.7 TCP_TUNNEL/200 .*");
    }

    @Test
    void aV1OrV2HeaderSplitAtEveryByteIsReadAndTheBytesAfterItReachTheFrontEnd() throws IOException {
        ProxyFixture proxy = proxy(Map.of());
        List<BiFunction<InetSocketAddress, InetSocketAddress, byte[]>> encoders =
                List.of(ProxyHeaders::v1, ProxyHeaders::v2);
        InetSocketAddress client6 = new InetSocketAddress(address("2001:db8::7"), 40007);
        InetSocketAddress front6 = new InetSocketAddress(address("2001:db8::1"), 1080);
        for (BiFunction<InetSocketAddress, InetSocketAddress, byte[]> encoder : encoders) {
            for (boolean ipv6 : new boolean[] {false, true}) {
                InetSocketAddress client = ipv6 ? client6 : CLIENT;
                byte[] bytes = concat(encoder.apply(client, ipv6 ? front6 : FRONT), Hex.bytes("05 01 00"));
                for (int split = 1; split < bytes.length; split++) {
                    try (RawClient balancer = new RawClient(proxy.address(), BALANCER)) {
                        balancer.send(Arrays.copyOfRange(bytes, 0, split));
                        balancer.send(Arrays.copyOfRange(bytes, split, bytes.length));
                        assertThat(balancer.read(2))
                                .as("split at %d of %d", split, bytes.length)
                                .isEqualTo(Hex.bytes("05 00"));
                        assertThat(proxy.sessions.sessions())
                                .anySatisfy(s -> assertThat(s.client()).isEqualTo(client));
                    }
                }
            }
        }
    }

    @Test
    void anUntrustedPeerIsClosedAtOnceEvenWithAValidHeader() throws IOException {
        ProxyFixture proxy = proxy(Map.of());
        try (RawClient forger = new RawClient(proxy.address(), InetAddress.getLoopbackAddress())) {
            forger.send(concat(ProxyHeaders.v2(CLIENT, FRONT), Hex.bytes("05 01 00")));
            // Closed long before timeout.handshake (30 s): readToEnd fails after 10 s.
            assertThat(forger.readToEnd()).isEmpty();
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> proxy.sessions.sessions().isEmpty());
        assertThat(proxy.accessLog).isEmpty();
        assertThat(log()).contains("127.0.0.1", "not in proxy.protocol.trusted").doesNotContain(" ERROR ");
    }

    @Test
    void aTrustedPeerWithoutAHeaderIsClosedAtTheHandshakeTimeout() throws IOException {
        ProxyFixture proxy = proxy(Map.of("timeout.handshake", 1));
        try (RawClient silent = new RawClient(proxy.address(), BALANCER)) {
            long start = System.nanoTime();
            assertThat(silent.readToEnd()).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }
        assertThat(log()).contains("no PROXY protocol header within timeout.handshake=1s");
    }

    @Test
    void aHeaderIsNeverGuessedAMalformedOneOrNoneIsClosedWithALogLine() throws IOException {
        ProxyFixture proxy = proxy(Map.of());
        for (String sent : List.of("05 01 00", "50 52 4f 58 59 20 54 43 50 34 20 78 0d 0a")) { // "PROXY TCP4 x"
            try (RawClient balancer = new RawClient(proxy.address(), BALANCER)) {
                balancer.send(sent);
                assertThat(balancer.readToEnd()).as(sent).isEmpty();
            }
        }
        assertThat(log()).contains("malformed PROXY protocol header").doesNotContain(" ERROR ");
    }

    @Test
    void aLocalHeaderLeavesTheBalancerAsTheClient() throws IOException {
        ProxyFixture proxy = proxy(Map.of());
        try (RawClient balancer = new RawClient(proxy.address(), BALANCER)) {
            balancer.send(concat(ProxyHeaders.v2Local(), Hex.bytes("05 01 00")));
            assertThat(balancer.read(2)).isEqualTo(Hex.bytes("05 00"));
            SessionInfo session = proxy.sessions.sessions().get(0);
            assertThat(session.client()).isEqualTo(balancer.socket().getLocalSocketAddress());
            assertThat(session.via()).isNull();
        }
    }

    @Test
    void aRuleOnSourceDecidesOnTheHeadersSource() throws IOException {
        ProxyFixture proxy = proxy(Map.of());
        proxy.withRule("no-mallory", Map.of("order", 1, "action", "deny", "source", "192.0.2.66/32"));
        try (RawClient balancer = new RawClient(proxy.address(), BALANCER)) {
            InetSocketAddress mallory = new InetSocketAddress(address("192.0.2.66"), 40066);
            balancer.send(concat(ProxyHeaders.v2(mallory, FRONT), Hex.bytes("05 01 00"), connectToEcho()));
            assertThat(balancer.read(2)).isEqualTo(Hex.bytes("05 00"));
            assertThat(balancer.read(2)).isEqualTo(Hex.bytes("05 02")); // not allowed by ruleset
        }
        try (RawClient balancer = new RawClient(proxy.address(), BALANCER)) {
            balancer.send(concat(ProxyHeaders.v2(CLIENT, FRONT), Hex.bytes("05 01 00"), connectToEcho()));
            assertTunnel(balancer);
        }
    }

    @Test
    void thePerClientCapCountsTheHeadersSourceNotTheBalancer() throws IOException {
        ProxyFixture proxy = proxy(Map.of("max.sessions.per.client", 1));
        InetSocketAddress other = new InetSocketAddress(address("192.0.2.8"), 40008);
        try (RawClient first = new RawClient(proxy.address(), BALANCER);
                RawClient second = new RawClient(proxy.address(), BALANCER)) {
            first.send(concat(ProxyHeaders.v2(CLIENT, FRONT), Hex.bytes("05 01 00"), connectToEcho()));
            assertTunnel(first);
            second.send(concat(ProxyHeaders.v2(other, FRONT), Hex.bytes("05 01 00"), connectToEcho()));
            assertTunnel(second); // the same balancer, another client: not over the cap
            try (RawClient third = new RawClient(proxy.address(), BALANCER)) {
                InetSocketAddress sameClient = new InetSocketAddress(CLIENT.getAddress(), 40099);
                third.send(concat(ProxyHeaders.v2(sameClient, FRONT), Hex.bytes("05 01 00")));
                assertThat(third.readToEnd()).isEmpty();
            }
        }
        assertThat(log()).contains("192.0.2.7", "refused: client at max.sessions.per.client=1");
    }

    /**
     * Every client behind a balancer connects from the balancer's address: the login throttle
     * must count failures against the header's source, or one client guessing passwords would
     * lock every client of that balancer out.
     */
    @Test
    void theLoginThrottleBlocksTheHeadersSourceNotTheBalancer() throws IOException {
        ProxyFixture proxy = proxy(Map.of("auth", "password"), Map.of("failures.max", 2))
                .withAuthenticator(new UserTable().with("alice", "secret"), 0);
        InetSocketAddress other = new InetSocketAddress(address("192.0.2.8"), 40008);

        for (int i = 0; i < 2; i++) {
            assertThat(login(proxy, CLIENT, "alice", "guess" + i)).isEqualTo(Hex.bytes("05 02 01 01"));
        }
        assertThat(login(proxy, CLIENT, "alice", "secret")).isEqualTo(Hex.bytes("05 02 01 01"));
        assertThat(login(proxy, other, "alice", "secret")).isEqualTo(Hex.bytes("05 02 01 00"));

        assertThat(proxy.authentication.blocks())
                .extracting(io.socksgate.api.LoginBlock::client)
                .containsExactly(CLIENT.getAddress());
    }

    /** The greeting (password only) and credentials for {@code client}, through the balancer; the 4-byte answer. */
    private static byte[] login(ProxyFixture proxy, InetSocketAddress client, String user, String password)
            throws IOException {
        try (RawClient balancer = new RawClient(proxy.address(), BALANCER)) {
            balancer.send(concat(
                    ProxyHeaders.v2(client, FRONT),
                    Hex.bytes("05 01 02"),
                    PasswordAuthTest.credentials(user, password)));
            return balancer.read(4);
        }
    }

    /**
     * UDP bypasses the balancer: the association expects datagrams from the header's source (here
     * 127.0.0.3, a loopback address a socket can have) and its reply advertises this node's own
     * address, not the balancer's front address from the header.
     */
    @Test
    void aUdpAssociationIsPinnedToTheHeadersSourceAndAdvertisesTheNode() throws IOException {
        ProxyFixture proxy = proxy(Map.of());
        try (DatagramSocket udpEcho = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                DatagramSocket client = new DatagramSocket(new InetSocketAddress(address("127.0.0.3"), 0));
                DatagramSocket balancerUdp = new DatagramSocket(new InetSocketAddress(BALANCER, 0));
                RawClient balancer = new RawClient(proxy.address(), BALANCER)) {
            Thread echoer = new Thread(() -> echoOnce(udpEcho), "udp-echo");
            echoer.setDaemon(true);
            echoer.start();
            InetSocketAddress clientSource = new InetSocketAddress(address("127.0.0.3"), 40003);
            balancer.send(concat(
                    ProxyHeaders.v2(clientSource, FRONT),
                    Hex.bytes("05 01 00 05 03 00 01 00 00 00 00 00 00"))); // any UDP port of the client
            assertThat(balancer.read(2)).isEqualTo(Hex.bytes("05 00"));
            ByteBuffer reply = ByteBuffer.wrap(balancer.read(10));
            assertThat(reply.getInt()).isEqualTo(0x05000001);
            byte[] relayAddress = new byte[4];
            reply.get(relayAddress);
            InetSocketAddress relay =
                    new InetSocketAddress(InetAddress.getByAddress(relayAddress), reply.getShort() & 0xffff);
            assertThat(relay.getAddress()).isEqualTo(proxy.address().getAddress()); // the node, not 192.0.2.1

            // From the balancer's address: not the client, dropped.
            balancerUdp.send(UdpAssociateTest.wrapped(
                    new byte[] {1}, (InetSocketAddress) udpEcho.getLocalSocketAddress(), relay));
            await().atMost(Duration.ofSeconds(10)).until(() -> dropped(proxy) == 1);

            client.setSoTimeout(RawClient.READ_TIMEOUT_MILLIS);
            client.send(UdpAssociateTest.wrapped(
                    new byte[] {2}, (InetSocketAddress) udpEcho.getLocalSocketAddress(), relay));
            DatagramPacket answer = new DatagramPacket(new byte[512], 512);
            client.receive(answer);
            assertThat(answer.getData()[answer.getLength() - 1]).isEqualTo((byte) 2);
            assertThat(proxy.sessions.sessions().get(0).udp().datagramsFromClient())
                    .isEqualTo(1);
        }
    }

    private static long dropped(ProxyFixture proxy) {
        UdpCounters udp = proxy.sessions.sessions().get(0).udp();
        return udp.drops().values().stream().mapToLong(Long::longValue).sum();
    }

    private static void echoOnce(DatagramSocket socket) {
        try {
            DatagramPacket packet = new DatagramPacket(new byte[512], 512);
            socket.receive(packet);
            socket.send(new DatagramPacket(packet.getData(), packet.getLength(), packet.getSocketAddress()));
        } catch (IOException closed) {
            // the test ended
        }
    }

    private byte[] connectToEcho() {
        return RawClient.connectRequest(echo.address());
    }

    /** The greeting's and the CONNECT's success replies, then two bytes echoed through the tunnel. */
    private static void assertTunnel(RawClient client) throws IOException {
        assertThat(client.read(2)).isEqualTo(Hex.bytes("05 00"));
        assertThat(client.read(10)[1]).isEqualTo((byte) 0);
        client.send("0a 0b");
        assertThat(client.read(2)).isEqualTo(Hex.bytes("0a 0b"));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private String log() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static InetAddress address(String literal) {
        return io.socksgate.config.IpLiterals.parse(literal);
    }
}
