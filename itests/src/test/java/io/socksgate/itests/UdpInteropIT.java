package io.socksgate.itests;

import static io.socksgate.itests.ClientProcess.command;
import static io.socksgate.itests.ClientProcess.missing;
import static io.socksgate.itests.ClientProcess.requireExecutable;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import io.socksgate.api.Command;
import io.socksgate.api.SessionInfo;
import io.socksgate.api.SessionRegistry;
import io.socksgate.api.SessionState;
import io.socksgate.api.UdpCounters;
import io.socksgate.api.UdpRelay;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.inject.Inject;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * SOCKS5 UDP ASSOCIATE through the default listener: PySocks (Debian package {@code python3-socks},
 * run by Debian's {@code /usr/bin/python3 -I}) sends datagrams with {@code socks.socksocket(AF_INET,
 * SOCK_DGRAM)} to a UDP echo server the test runs, and every one must come back intact: sizes from
 * 1 byte to 60000, empty datagrams, an IPv6 destination, a name the proxy resolves, 500 in a row. A
 * client written out byte by byte ({@link UdpSocksClient}) covers what PySocks cannot send: FRAG !=
 * 0, datagrams from a second socket or host, an IPv6 control connection; the {@link
 * SessionRegistry} shows the association's counters.
 *
 * <p>The relay runs with the shipped {@code bind} (empty: the address the client reached the
 * listener on), so PySocks, which always reaches the proxy over IPv4, gets a relay port on
 * 127.0.0.1, and reaches an IPv6 destination through it all the same. The default listener also
 * binds {@code ::1}, for the IPv6 control connection, whose relay port is then on ::1 and reaches
 * IPv4 destinations.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class UdpInteropIT extends InteropTestSupport {

    static final String UDP_CFG = "etc/io.socksgate.udp.cfg";

    private static final String PYTHON = "/usr/bin/python3";

    /** Long enough for a datagram across loopback and the relay; only waited for in full when one is lost. */
    private static final Duration ANSWER = Duration.ofSeconds(5);

    /** How long a datagram that must not be answered is given to be answered anyway. */
    private static final Duration NO_ANSWER = Duration.ofSeconds(2);

    @Inject
    private SessionRegistry sessions;

    /** The listener answers UDP ASSOCIATE with 07 until the relay service is there. */
    @Inject
    private UdpRelay relay;

    @Override
    protected Option[] extraOptions() {
        return OptionUtils.combine(
                super.extraOptions(), editConfigurationFilePut(DEFAULT_LISTENER_CFG, "bind", "127.0.0.1, ::1"));
    }

    // ---------------------------------------------------------------- PySocks

    @Test
    public void pysocksDatagramsOf1To60000BytesComeBackIntact() throws Exception {
        try (UdpEchoServer echo = new UdpEchoServer(InetAddress.getByName("127.0.0.1"))) {
            ClientProcess.Finished run = pysocksUdp("127.0.0.1", echo.port(), "--sizes", "1,512,2049,8192,60000");
            assertTrue("the echo server saw the datagrams: " + echo + run, echo.received() >= 5);
            assertTrue(
                    "the echo server saw all the bytes: " + echo + run,
                    echo.bytesReceived() >= 1 + 512 + 2049 + 8192 + 60000);
        }
    }

    @Test
    public void pysocksOnTheIpv4ListenerReachesAnIpv6DestinationByItsAddress() throws Exception {
        try (UdpEchoServer echo = new UdpEchoServer(InetAddress.getByName("::1"))) {
            pysocksUdp("::1", echo.port(), "--sizes", "1,512,2049,8192,60000");
            assertTrue("the echo server on [::1] saw the datagrams: " + echo, echo.received() >= 5);
        }
    }

    @Test
    public void pysocksEmptyDatagramsComeBackFromBothFamilies() throws Exception {
        for (String host : List.of("127.0.0.1", "::1")) {
            try (UdpEchoServer echo = new UdpEchoServer(InetAddress.getByName(host))) {
                // an empty payload between two one-byte ones: each must come back before the next is sent
                ClientProcess.Finished run = pysocksUdp(host, echo.port(), "--sizes", "0,1", "--count", "4");
                assertTrue("the echo server on " + host + " saw the datagrams: " + echo + run, echo.received() >= 4);
            }
        }
    }

    @Test
    public void pysocksSendsLocalhostForTheProxyToResolve() throws Exception {
        try (UdpEchoServer echo = new UdpEchoServer(InetAddress.getByName("127.0.0.1"))) {
            // rdns: PySocks puts the name in the header (ATYP 03); the answer names the address it came from
            pysocksUdp(
                    "localhost",
                    echo.port(),
                    "--rdns",
                    "--expect-source",
                    "127.0.0.1",
                    "--sizes",
                    "1,700,4096",
                    "--count",
                    "6");
            assertTrue("the echo server saw the datagrams: " + echo, echo.received() >= 6);
        }
    }

    @Test
    public void pysocks500DatagramsInARowAreAllAnswered() throws Exception {
        try (UdpEchoServer echo = new UdpEchoServer(InetAddress.getByName("127.0.0.1"))) {
            ClientProcess.Finished run = pysocksUdp(
                    "127.0.0.1", echo.port(), "--sizes", "1,64,512,1400,4000", "--count", "500", "--retries", "5");
            String summary = lastLine(run.stdout);
            assertTrue("the script's summary: " + run, summary.startsWith("answered=500 "));
            System.out.println("UdpInteropIT 500 datagrams: " + summary); // retries show in the test output
            assertTrue("the echo server saw the datagrams: " + echo, echo.received() >= 500);
        }
    }

    // ---------------------------------------------------------------- byte by byte

    @Test
    public void aFragmentedDatagramIsDroppedAndCountedWhileTheSessionShowsTheCounters() throws Exception {
        byte[] fragment = "fragment 1 of a datagram the relay must not reassemble".getBytes(StandardCharsets.US_ASCII);
        byte[] whole = "a whole datagram, FRAG 0".getBytes(StandardCharsets.US_ASCII);
        try (UdpEchoServer echo = new UdpEchoServer(InetAddress.getByName("127.0.0.1"));
                UdpSocksClient client = associate(loopback4())) {
            client.send(1, echo.address(), fragment);
            // The relay handles a client's datagrams in order: once the FRAG 0 one is answered,
            // the FRAG 1 one before it has been dealt with.
            client.send(0, echo.address(), whole);
            UdpSocksClient.Received answer = client.expect(ANSWER, "the echo of the FRAG 0 datagram");
            assertArrayEquals("the first answer is the whole datagram's" + client.describe(), whole, answer.payload());
            assertEquals("FRAG of the answer" + client.describe(), 0, answer.fragment());
            assertEquals("the answer's sender" + client.describe(), "127.0.0.1:" + echo.port(), answer.sender());
            assertEquals("datagrams that reached the echo server: " + echo + client.describe(), 1, echo.received());

            SessionInfo session = client.awaitSession(
                    sessions,
                    s -> s.udp() != null
                            && s.udp().dropped(UdpCounters.FRAGMENTED) == 1
                            && s.udp().datagramsToClient() == 1);
            UdpCounters udp = session.udp();
            String seen = "\n  session: " + session + client.describe();
            assertEquals("command" + seen, Command.UDP_ASSOCIATE, session.command());
            assertEquals("state" + seen, SessionState.RELAYING, session.state());
            assertEquals("listener" + seen, "default", session.listener());
            assertEquals("datagrams from the client" + seen, 1, udp.datagramsFromClient());
            assertEquals("bytes from the client" + seen, whole.length, udp.bytesFromClient());
            assertEquals("datagrams to the client" + seen, 1, udp.datagramsToClient());
            assertEquals("bytes to the client" + seen, whole.length, udp.bytesToClient());
            assertEquals(
                    "the session's byte counts are the association's" + seen, whole.length, session.bytesFromClient());
            assertEquals(
                    "the session's byte counts are the association's" + seen, whole.length, session.bytesToClient());
            assertEquals(
                    "every drop reason is a key" + seen,
                    Set.of(
                            UdpCounters.FOREIGN_SOURCE,
                            UdpCounters.FRAGMENTED,
                            UdpCounters.MALFORMED,
                            UdpCounters.DENIED,
                            UdpCounters.UNRESOLVABLE,
                            UdpCounters.UNSOLICITED,
                            UdpCounters.OVERSIZE,
                            UdpCounters.OVER_RATE),
                    udp.drops().keySet());
            long otherDrops =
                    udp.drops().values().stream().mapToLong(Long::longValue).sum() - 1;
            assertEquals("drops other than the fragment" + seen, 0, otherDrops);

            assertNull(
                    "a second answer: the fragment was relayed after all" + client.describe(),
                    client.receive(NO_ANSWER));
        }
    }

    @Test
    public void afterTheControlConnectionClosesTheRelayAnswersNoMoreAndTheSessionIsGone() throws Exception {
        try (UdpEchoServer echo = new UdpEchoServer(InetAddress.getByName("127.0.0.1"));
                UdpSocksClient client = associate(loopback4())) {
            byte[] before = "before the close".getBytes(StandardCharsets.US_ASCII);
            client.send(0, echo.address(), before);
            assertArrayEquals(
                    client.describe(), before, client.expect(ANSWER, "an echo").payload());
            InetSocketAddress control = client.controlAddress();
            client.awaitSession(sessions, s -> s.udp() != null);

            client.closeControl();
            try {
                Awaitility.await()
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> UdpSocksClient.sessionOf(sessions, control).isEmpty());
            } catch (ConditionTimeoutException e) {
                fail("the UDP session is still in the SessionRegistry after its control connection closed: "
                        + UdpSocksClient.sessionOf(sessions, control) + client.describe());
            }

            client.send(0, echo.address(), "after the close".getBytes(StandardCharsets.US_ASCII));
            UdpSocksClient.Received late = client.receive(NO_ANSWER);
            assertNull("the relay still answered after the control connection closed" + client.describe(), late);
            assertEquals("datagrams that reached the echo server: " + echo + client.describe(), 1, echo.received());
        }
    }

    @Test
    public void onlyTheClientsAddressAndPortMaySendToItsRelayPort() throws Exception {
        try (UdpEchoServer echo = new UdpEchoServer(InetAddress.getByName("127.0.0.1"));
                UdpSocksClient client = associate(loopback4());
                UdpSocksClient.Sender sameHost = new UdpSocksClient.Sender(loopback4());
                UdpSocksClient.Sender otherHost = new UdpSocksClient.Sender(loopback(9))) {
            byte[] intruder = "not from the client".getBytes(StandardCharsets.US_ASCII);
            // The request named the client's UDP port, so another port of its IP is a stranger from the start.
            sameHost.send(client.advertised(), UdpSocksClient.header(0, echo.address(), intruder));
            otherHost.send(client.advertised(), UdpSocksClient.header(0, echo.address(), intruder));
            byte[] own = "from the client".getBytes(StandardCharsets.US_ASCII);
            client.send(0, echo.address(), own);
            UdpSocksClient.Received answer = client.expect(ANSWER, "the echo of the client's own datagram");
            assertArrayEquals(
                    "the first answer is to the client's datagram" + client.describe(), own, answer.payload());

            SessionInfo session = client.awaitSession(
                    sessions,
                    s -> s.udp() != null
                            && s.udp().dropped(UdpCounters.FOREIGN_SOURCE) == 1
                            && s.udp().dropped(UdpCounters.UNSOLICITED) == 1);
            String seen = "\n  session: " + session + client.describe();
            assertEquals(
                    "datagrams relayed from the client" + seen, 1, session.udp().datagramsFromClient());
            assertEquals("datagrams that reached the echo server: " + echo + seen, 1, echo.received());
            assertNull("an answer reached another port of the client's IP", sameHost.receive(NO_ANSWER));
            assertNull("an answer reached another host", otherHost.receive(Duration.ofMillis(100)));
        }
    }

    @Test
    public void anIpv6ClientReachesAnIpv4DestinationAndTheReplyNamesIt() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        try (UdpEchoServer echo = new UdpEchoServer(InetAddress.getByName("127.0.0.1"));
                UdpSocksClient client =
                        UdpSocksClient.associate(v6, new InetSocketAddress(v6, socksPort()), READ_TIMEOUT_MILLIS)) {
            assertEquals(
                    "the relay port is on the address the client reached the listener on" + client.describe(),
                    v6,
                    client.advertised().getAddress());
            byte[] payload = "from [::1] to 127.0.0.1".getBytes(StandardCharsets.US_ASCII);
            client.send(0, echo.address(), payload);
            UdpSocksClient.Received answer = client.expect(ANSWER, "the echo from 127.0.0.1");
            assertArrayEquals("the payload" + client.describe(), payload, answer.payload());
            assertEquals("ATYP of the answer's sender (IPv4)" + client.describe(), 0x01, answer.addressType());
            assertEquals("the answer's sender" + client.describe(), "127.0.0.1:" + echo.port(), answer.sender());
        }
    }

    @Test
    public void anIpv6ClientReachesAnIpv6DestinationAndTheReplyNamesIt() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        try (UdpEchoServer echo = new UdpEchoServer(v6);
                UdpSocksClient client =
                        UdpSocksClient.associate(v6, new InetSocketAddress(v6, socksPort()), READ_TIMEOUT_MILLIS)) {
            assertEquals(
                    "the relay port is on the address the client reached the listener on" + client.describe(),
                    v6,
                    client.advertised().getAddress());
            byte[] payload = new byte[3000];
            for (int i = 0; i < payload.length; i++) {
                payload[i] = (byte) (i * 31);
            }
            client.send(0, echo.address(), payload);
            UdpSocksClient.Received answer = client.expect(ANSWER, "the echo from [::1]");
            assertArrayEquals("the payload" + client.describe(), payload, answer.payload());
            assertEquals("ATYP of the answer's sender (IPv6)" + client.describe(), 0x04, answer.addressType());
            assertEquals(
                    "the answer's sender" + client.describe(),
                    new InetSocketAddress(v6, echo.port()),
                    new InetSocketAddress(InetAddress.getByName(answer.host()), answer.port()));
        }
    }

    // ---------------------------------------------------------------- helpers

    private UdpSocksClient associate(InetAddress source) throws IOException {
        return UdpSocksClient.associate(
                source, new InetSocketAddress(InetAddress.getByName("127.0.0.1"), socksPort()), READ_TIMEOUT_MILLIS);
    }

    private static InetAddress loopback4() throws UnknownHostException {
        return loopback(1);
    }

    private static InetAddress loopback(int lastByte) throws UnknownHostException {
        return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) lastByte});
    }

    /** Runs pysocks_udp.py against the default listener; fails unless it exits 0. */
    private ClientProcess.Finished pysocksUdp(String host, int port, String... options) throws Exception {
        List<String> command =
                command(python(), "-I", script().toString(), String.valueOf(socksPort()), host, String.valueOf(port));
        command.addAll(List.of(options));
        return ClientProcess.run(work, command).assertExitCode(0);
    }

    private String python() throws Exception {
        requireExecutable(PYTHON, "python3");
        ClientProcess.Finished probe = ClientProcess.run(work, command(PYTHON, "-I", "-c", "import socks"));
        if (probe.exitCode != 0) {
            fail(missing(PYTHON + " cannot import the PySocks module 'socks'", "python3-socks") + probe);
        }
        return PYTHON;
    }

    private Path script() throws IOException {
        Path script = work.resolve("pysocks_udp.py");
        return script.toFile().isFile() ? script : ClientProcess.copyResource("pysocks_udp.py", script);
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1].strip();
    }
}
