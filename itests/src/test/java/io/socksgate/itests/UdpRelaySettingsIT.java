package io.socksgate.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import io.socksgate.api.Command;
import io.socksgate.api.SessionInfo;
import io.socksgate.api.SessionRegistry;
import io.socksgate.api.UdpRelay;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.Random;
import javax.inject.Inject;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * {@code etc/io.socksgate.udp.cfg} through the assembly: a small {@code ports} range (a run of UDP
 * ports found free when the container is configured), {@code advertise = 127.0.0.2},
 * {@code timeout.idle = 2} and the shipped {@code bind} (empty: the address the client reached
 * the listener on, 127.0.0.1) and {@code max.associations.per.client} (25% of the 4 ports: 1). The
 * UDP ASSOCIATE reply carries the advertised address and a port of the range while the relay
 * listens on 127.0.0.1; an association without datagrams for 2 s ends and takes its control
 * connection with it; the range is a limit, and so is one client's share of it (clients are told
 * apart by their loopback source address, 127.0.0.1 to 127.0.0.5); an invalid change is reported
 * by {@link UdpRelay#problem()} and leaves the configuration as it was.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class UdpRelaySettingsIT extends SocksgateTestSupport {

    /** System property, set inside the container, holding the first relay port of the range. */
    private static final String FIRST_PORT = "socksgate.itest.udp.first";

    private static final int RANGE_SIZE = 4;

    private static final String ADVERTISED = "127.0.0.2";

    private static final int IDLE_SECONDS = 2;

    private static final Duration ANSWER = Duration.ofSeconds(5);

    @Inject
    private SessionRegistry sessions;

    /** The listener answers UDP ASSOCIATE with 07 until the relay service is there. */
    @Inject
    private UdpRelay relay;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Override
    protected Option[] extraOptions() {
        int first = freeUdpPortRun(RANGE_SIZE);
        return new Option[] {
            editConfigurationFilePut(UdpInteropIT.UDP_CFG, "ports", first + "-" + (first + RANGE_SIZE - 1)),
            editConfigurationFilePut(UdpInteropIT.UDP_CFG, "advertise", ADVERTISED),
            editConfigurationFilePut(UdpInteropIT.UDP_CFG, "timeout.idle", String.valueOf(IDLE_SECONDS)),
            systemProperty(FIRST_PORT).value(String.valueOf(first)),
        };
    }

    /**
     * The first of {@code size} consecutive UDP ports nothing is bound to, below Linux's ephemeral
     * range so that no client socket is handed one of them meanwhile.
     */
    private static int freeUdpPortRun(int size) {
        Random random = new SecureRandom();
        for (int attempt = 0; attempt < 500; attempt++) {
            int first = 20_000 + random.nextInt(10_000);
            if (allFree(first, size)) {
                return first;
            }
        }
        throw new IllegalStateException("no run of " + size + " free UDP ports in 20000-30000");
    }

    private static boolean allFree(int first, int size) {
        List<DatagramSocket> probes = new ArrayList<>();
        try {
            for (int port = first; port < first + size; port++) {
                probes.add(new DatagramSocket(port)); // the wildcard: taken on any address means taken
            }
            return true;
        } catch (SocketException taken) {
            return false;
        } finally {
            probes.forEach(DatagramSocket::close);
        }
    }

    /** Earlier tests' associations are gone, so the whole range is free again. */
    @Before
    public void listenerUpAndNoAssociationLeft() {
        awaitListening(socksPort());
        try {
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> sessions.sessions().stream()
                    .noneMatch(s -> s.command() == Command.UDP_ASSOCIATE));
        } catch (ConditionTimeoutException e) {
            fail("UDP sessions of earlier tests are still live: " + sessions.sessions());
        }
    }

    @Test
    public void theReplyAdvertisesTheConfiguredAddressAndAPortOfTheRangeWhileTheRelayListensOnTheListenerAddress()
            throws Exception {
        int first = Integer.getInteger(FIRST_PORT);
        try (UdpEchoServer echo = new UdpEchoServer(InetAddress.getByName("127.0.0.1"));
                UdpSocksClient one = associate();
                UdpSocksClient two = associate(client(2))) {
            String seen = one.describe() + two.describe();
            for (UdpSocksClient client : List.of(one, two)) {
                InetSocketAddress advertised = client.advertised();
                assertEquals(
                        "the advertised address" + seen, InetAddress.getByName(ADVERTISED), advertised.getAddress());
                assertTrue(
                        "the relay port " + advertised.getPort() + " is not in " + first + "-"
                                + (first + RANGE_SIZE - 1) + seen,
                        advertised.getPort() >= first && advertised.getPort() < first + RANGE_SIZE);
            }
            assertNotEquals(
                    "two live associations share a relay port" + seen,
                    one.advertised().getPort(),
                    two.advertised().getPort());

            // advertise is for NAT: the port itself is bound on the listener's address
            for (UdpSocksClient client : List.of(one, two)) {
                client.useRelay(new InetSocketAddress(
                        InetAddress.getByName("127.0.0.1"), client.advertised().getPort()));
                byte[] payload =
                        ("through relay port " + client.advertised().getPort()).getBytes(StandardCharsets.US_ASCII);
                client.send(0, echo.address(), payload);
                assertArrayEquals(
                        client.describe(),
                        payload,
                        client.expect(ANSWER, "an echo").payload());
            }
        }
    }

    @Test
    public void anAssociationWithoutDatagramsForTheIdleTimeoutEndsAndClosesItsControlConnection() throws Exception {
        try (UdpEchoServer echo = new UdpEchoServer(InetAddress.getByName("127.0.0.1"));
                UdpSocksClient client = associate()) {
            client.useRelay(new InetSocketAddress(
                    InetAddress.getByName("127.0.0.1"), client.advertised().getPort()));
            byte[] payload = "one datagram, then silence".getBytes(StandardCharsets.US_ASCII);
            client.send(0, echo.address(), payload);
            assertArrayEquals(
                    client.describe(), payload, client.expect(ANSWER, "an echo").payload());
            InetSocketAddress control = client.controlAddress();

            Duration took = client.awaitControlClosedByProxy(Duration.ofSeconds(IDLE_SECONDS + 15));
            // The idle clock runs from the last relayed datagram, which was just before the wait began.
            assertTrue(
                    "the proxy closed the control connection " + took.toMillis() + " ms after the last datagram,"
                            + " before timeout.idle = " + IDLE_SECONDS + " s" + client.describe(),
                    took.toMillis() >= IDLE_SECONDS * 1000L - 500);
            try {
                Awaitility.await()
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> UdpSocksClient.sessionOf(sessions, control).isEmpty());
            } catch (ConditionTimeoutException e) {
                fail("the idle UDP session is still in the SessionRegistry: "
                        + UdpSocksClient.sessionOf(sessions, control) + client.describe());
            }
            client.send(0, echo.address(), "after the idle timeout".getBytes(StandardCharsets.US_ASCII));
            assertNull(
                    "the relay still answered after the idle timeout" + client.describe(),
                    client.receive(Duration.ofSeconds(2)));
            assertEquals("datagrams that reached the echo server: " + echo + client.describe(), 1, echo.received());
        }
    }

    @Test
    public void aRelayPortOnTheIpv4ListenerAddressReachesIpv6DestinationsToo() throws Exception {
        try (UdpEchoServer echo4 = new UdpEchoServer(InetAddress.getByName("127.0.0.1"));
                UdpEchoServer echo6 = new UdpEchoServer(InetAddress.getByName("::1"));
                UdpSocksClient client = associate()) {
            client.useRelay(new InetSocketAddress(
                    InetAddress.getByName("127.0.0.1"), client.advertised().getPort()));
            byte[] to6 = "to [::1] from a relay port on 127.0.0.1".getBytes(StandardCharsets.US_ASCII);
            client.send(0, echo6.address(), to6);
            UdpSocksClient.Received answer6 = client.expect(ANSWER, "the echo from [::1]");
            assertArrayEquals("the answer from [::1]" + client.describe(), to6, answer6.payload());
            assertEquals("ATYP of the answer's sender (IPv6)" + client.describe(), 0x04, answer6.addressType());
            byte[] to4 = "to 127.0.0.1".getBytes(StandardCharsets.US_ASCII);
            client.send(0, echo4.address(), to4);
            UdpSocksClient.Received answer4 = client.expect(ANSWER, "the echo from 127.0.0.1");
            assertArrayEquals("the answer from 127.0.0.1" + client.describe(), to4, answer4.payload());
            assertEquals("the answer's sender" + client.describe(), "127.0.0.1:" + echo4.port(), answer4.sender());
            SessionInfo session = client.awaitSession(
                    sessions, s -> s.udp() != null && s.udp().datagramsToClient() == 2);
            long drops = session.udp().drops().values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
            assertEquals("datagrams dropped" + session + client.describe(), 0, drops);
        }
    }

    @Test
    public void aClientsSecondAssociationIsRefusedWith01WhileAnotherClientGetsOne() throws Exception {
        try (UdpEchoServer echo = new UdpEchoServer(InetAddress.getByName("127.0.0.1"))) {
            InetSocketAddress firstControl;
            try (UdpSocksClient first = associate()) {
                firstControl = first.controlAddress();
                try (UdpSocksClient second = UdpSocksClient.open(client(1), proxy(), READ_TIMEOUT_MILLIS)) {
                    assertEquals(
                            "a second UDP ASSOCIATE of 127.0.0.1 with max.associations.per.client = 25% of "
                                    + RANGE_SIZE + " ports (REP)" + second.describe(),
                            0x01,
                            second.request());
                }
                try (UdpSocksClient other = associate(client(2))) {
                    other.useRelay(new InetSocketAddress(
                            InetAddress.getByName("127.0.0.1"),
                            other.advertised().getPort()));
                    byte[] payload = "another client's association".getBytes(StandardCharsets.US_ASCII);
                    other.send(0, echo.address(), payload);
                    assertArrayEquals(
                            other.describe(),
                            payload,
                            other.expect(ANSWER, "an echo").payload());
                }
            }
            // once its association has ended, the client may open another one
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> UdpSocksClient.sessionOf(
                            sessions, firstControl)
                    .isEmpty());
            try (UdpSocksClient again = associate()) {
                assertTrue(
                        "a relay port after the first association ended" + again.describe(),
                        again.advertised().getPort() > 0);
            }
        }
    }

    @Test
    public void anInvalidChangeIsReportedAndTheConfigurationStaysAsItWas() throws Exception {
        Configuration configuration = configurationAdmin.getConfiguration("io.socksgate.udp", null);
        Dictionary<String, Object> shipped = configuration.getProperties();
        Dictionary<String, Object> invalid = copy(shipped);
        invalid.put("timeout.idle", "6O");
        invalid.put("bind", "127.1");
        configuration.update(invalid);
        try {
            String expected = "bind = '127.1': expected an IP address of this host (a.b.c.d or IPv6), or empty for"
                    + " the address the client reached the listener on; timeout.idle = '6O': expected whole"
                    + " seconds, 0 (never) or more";
            try {
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> expected.equals(relay.problem()));
            } catch (ConditionTimeoutException e) {
                fail("UdpRelay.problem() is " + relay.problem() + ", expected " + expected);
            }
            try (UdpSocksClient client = associate()) {
                assertEquals(
                        "the advertised address of the configuration in effect" + client.describe(),
                        InetAddress.getByName(ADVERTISED),
                        client.advertised().getAddress());
            }
        } finally {
            // Integer-typed, as the web console writes it: the metatype declares timeout.idle an integer
            Dictionary<String, Object> restored = copy(shipped);
            restored.put("timeout.idle", IDLE_SECONDS);
            configuration.update(restored);
        }
        try {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> relay.problem() == null);
        } catch (ConditionTimeoutException e) {
            fail("UdpRelay.problem() is still " + relay.problem() + " after a valid configuration");
        }
    }

    @Test
    public void anExhaustedPortRangeIsRefusedWith01() throws Exception {
        List<UdpSocksClient> open = new ArrayList<>();
        try {
            // one client address each: one client may hold only a quarter of the range
            for (int i = 0; i < RANGE_SIZE; i++) {
                open.add(associate(client(1 + i)));
            }
            try (UdpSocksClient oneTooMany =
                    UdpSocksClient.open(client(RANGE_SIZE + 1), proxy(), READ_TIMEOUT_MILLIS)) {
                int reply = oneTooMany.request();
                assertEquals(
                        "UDP ASSOCIATE with all " + RANGE_SIZE + " relay ports taken (REP)" + oneTooMany.describe(),
                        0x01,
                        reply);
            }
        } finally {
            open.forEach(UdpSocksClient::close);
        }
        // the ports are free again once the associations have ended
        try (UdpEchoServer echo = new UdpEchoServer(InetAddress.getByName("127.0.0.1"))) {
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> sessions.sessions().stream()
                    .noneMatch(s -> s.command() == Command.UDP_ASSOCIATE));
            try (UdpSocksClient again = associate()) {
                again.useRelay(new InetSocketAddress(
                        InetAddress.getByName("127.0.0.1"), again.advertised().getPort()));
                byte[] payload = "after the range was exhausted".getBytes(StandardCharsets.US_ASCII);
                again.send(0, echo.address(), payload);
                assertArrayEquals(
                        again.describe(),
                        payload,
                        again.expect(ANSWER, "an echo").payload());
            }
        }
    }

    private UdpSocksClient associate() throws IOException {
        return associate(client(1));
    }

    private UdpSocksClient associate(InetAddress source) throws IOException {
        return UdpSocksClient.associate(source, proxy(), READ_TIMEOUT_MILLIS);
    }

    /** 127.0.0.{@code lastByte}: a client address of its own, on loopback. */
    private static InetAddress client(int lastByte) throws IOException {
        return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) lastByte});
    }

    private static Dictionary<String, Object> copy(Dictionary<String, Object> properties) {
        Dictionary<String, Object> copy = new Hashtable<>();
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements(); ) {
            String key = keys.nextElement();
            copy.put(key, properties.get(key));
        }
        return copy;
    }

    private static InetSocketAddress proxy() throws IOException {
        return new InetSocketAddress(InetAddress.getByName("127.0.0.1"), socksPort());
    }
}
