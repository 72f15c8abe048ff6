package io.socksgate.server.internal.dial.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.socksgate.api.Command;
import io.socksgate.api.HostPort;
import io.socksgate.config.TypedConfigs;
import io.socksgate.policy.internal.LocalAddresses;
import io.socksgate.policy.internal.ManagementPorts;
import io.socksgate.policy.internal.PolicyConfig;
import io.socksgate.policy.internal.PolicyEngine;
import io.socksgate.server.internal.Configs;
import io.socksgate.server.internal.auth.Authentication;
import io.socksgate.server.internal.dial.upstream.Peers.Peer;
import io.socksgate.server.internal.exchange.Exchange;
import io.socksgate.server.internal.exchange.Pipeline;
import io.socksgate.server.internal.frontend.http.HttpFrontend;
import io.socksgate.server.internal.listener.ListenerCounters;
import io.socksgate.server.internal.listener.ListenerSettings;
import io.socksgate.server.internal.log.SessionEvents;
import io.socksgate.server.internal.transport.IoThreadAcceptor;
import io.socksgate.server.internal.transport.ProxyEngine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IoSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hand-over to the relay ({@link Pipeline#connect(Exchange, Route)}) with the real exchange,
 * HTTP front-end rendering and relay: a client connected to a small acceptor whose requests all
 * go to one destination along one route, as a rule's {@code upstream} will send them.
 */
class UpstreamRelayTest {

    private static final String USER = "gate";
    private static final String PASSWORD = "relay-pass";

    private static Peers peers;
    private static Destinations destinations;
    private static ProxyEngine engine;
    private static IoThreadAcceptor acceptor;
    private static Peer dante;
    private static Peer squid;
    private static Destinations.Server echo;
    /** The destination and route of the next client. */
    private static volatile HostPort destination;

    private static volatile Route route;

    @BeforeAll
    static void start() throws Exception {
        peers = new Peers();
        destinations = new Destinations();
        engine = new ProxyEngine();
        dante = peers.dante();
        squid = peers.squid(USER, PASSWORD);
        echo = destinations.echo(null);
        PolicyEngine policy = new PolicyEngine(
                new LocalAddresses(),
                new ManagementPorts(Set.of(8101)),
                TypedConfigs.of(PolicyConfig.class, Map.of("default.action", "allow")));
        Pipeline pipeline = new Pipeline(engine, policy, new Authentication(Map.of(), Clock.systemUTC()));
        ListenerSettings settings = Configs.settings("relay-test", Map.of("protocols", "http", "timeout.connect", "5"));
        acceptor = engine.newAcceptor();
        acceptor.setHandler(new ClientSide(pipeline, settings));
        acceptor.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            acceptor.dispose(true);
            engine.stop();
            destinations.close();
        } finally {
            peers.close();
        }
    }

    /**
     * Stands in for the listener's client handler: every client asks, at once, for {@link
     * #destination} along {@link #route}, and its events go to its exchange as the real handler
     * sends them.
     */
    private static final class ClientSide extends IoHandlerAdapter {
        private final Pipeline pipeline;
        private final ListenerSettings settings;
        private final SessionEvents events = new SessionEvents(line -> {});
        private final ListenerCounters counters = new ListenerCounters();
        private final AtomicLong ids = new AtomicLong();

        ClientSide(Pipeline pipeline, ListenerSettings settings) {
            this.pipeline = pipeline;
            this.settings = settings;
        }

        @Override
        public void sessionCreated(IoSession session) {
            Exchange exchange = new Exchange(ids.incrementAndGet(), settings, session, events, counters);
            exchange.frontend(new HttpFrontend(pipeline));
            exchange.request(Command.CONNECT, destination);
            pipeline.connect(exchange, route);
        }

        @Override
        public void messageReceived(IoSession session, Object message) {
            Exchange exchange = Exchange.of(session);
            IoBuffer bytes = (IoBuffer) message;
            if (exchange.phase() == Exchange.Phase.RELAYING) {
                exchange.fromClient(bytes);
            } else {
                exchange.keepEarlyData(exchange.withPending(bytes));
            }
        }

        @Override
        public void messageSent(IoSession session, Object message) {
            Exchange exchange = Exchange.of(session);
            if (!exchange.continueIfDue(message)) {
                exchange.sentToClient();
            }
        }

        @Override
        public void inputClosed(IoSession session) {
            Exchange.of(session).clientInputClosed();
        }

        @Override
        public void sessionClosed(IoSession session) {
            Exchange exchange = Exchange.of(session);
            exchange.abandonDial();
            IoSession out = exchange.outbound();
            if (out != null) {
                out.closeOnFlush();
            }
        }
    }

    private static Upstream upstream(String type, Map<String, String> more, String... servers) {
        Map<String, Object> values = new HashMap<>(more);
        values.put("type", type);
        values.put("servers", String.join(", ", servers));
        return new Upstream(
                UpstreamSettings.from(TypedConfigs.of(UpstreamConfig.class, values), type + "-relay"),
                Clock.systemUTC());
    }

    private static Socket client() throws IOException {
        Socket socket = new Socket(
                InetAddress.getLoopbackAddress(), ((InetSocketAddress) acceptor.getLocalAddress()).getPort());
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Reads until {@code expected} bytes came (or the stream ended) and returns them as text. */
    private static String read(InputStream in, int expected) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (out.size() < expected) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            out.write(b);
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static final String ESTABLISHED = "HTTP/1.1 200 Connection established\r\n\r\n";

    @Test
    void aLineThroughDanteAndThroughSquid() throws Exception {
        destination = HostPort.of(InetAddress.getLoopbackAddress(), echo.port());
        for (Upstream upstream : List.of(
                upstream("socks5", Map.of(), dante.server()),
                upstream("http", Map.of("username", USER, "password", PASSWORD), squid.server()))) {
            route = Route.through(upstream);
            try (Socket client = client()) {
                client.getOutputStream().write("through\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(read(client.getInputStream(), ESTABLISHED.length() + 8))
                        .as(upstream.toString())
                        .isEqualTo(ESTABLISHED + "through\n");
            }
        }
    }

    @Test
    void earlyClientBytesWaitForTheHandshakeAndTheUpstreamsFirstBytesFollowTheReply() throws Exception {
        CountDownLatch clientSentEarly = new CountDownLatch(1);
        CompletableFuture<String> seenBeforeAnswering = new CompletableFuture<>();
        try (ServerSocket standIn = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread upstreamSide = new Thread(() -> {
                try (Socket proxy = standIn.accept()) {
                    InputStream in = proxy.getInputStream();
                    OutputStream out = proxy.getOutputStream();
                    String head = readHead(in);
                    // The client's early bytes were sent meanwhile: none may have come through.
                    clientSentEarly.await(10, TimeUnit.SECONDS);
                    proxy.setSoTimeout(300);
                    String extra = "";
                    try {
                        byte[] more = new byte[64];
                        int n = in.read(more);
                        extra = n > 0 ? new String(more, 0, n, StandardCharsets.ISO_8859_1) : "";
                    } catch (java.net.SocketTimeoutException expected) {
                        // nothing came: right
                    }
                    seenBeforeAnswering.complete(head + extra);
                    proxy.setSoTimeout(10_000);
                    out.write("HTTP/1.1 200 Connection established\r\n\r\nBANNER\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    in.transferTo(out);
                } catch (IOException | InterruptedException e) {
                    seenBeforeAnswering.completeExceptionally(e);
                }
            });
            upstreamSide.setDaemon(true);
            upstreamSide.start();

            destination = HostPort.of(InetAddress.getLoopbackAddress(), echo.port());
            route = Route.through(upstream("http", Map.of(), "127.0.0.1:" + standIn.getLocalPort()));
            try (Socket client = client()) {
                client.getOutputStream().write("early\n".getBytes(StandardCharsets.US_ASCII));
                clientSentEarly.countDown();
                assertThat(seenBeforeAnswering.get(10, TimeUnit.SECONDS))
                        .isEqualTo("CONNECT 127.0.0.1:" + echo.port() + " HTTP/1.1\r\nHost: 127.0.0.1:" + echo.port()
                                + "\r\n\r\n");
                assertThat(read(client.getInputStream(), ESTABLISHED.length() + 8 + 6))
                        .isEqualTo(ESTABLISHED + "BANNER\r\nearly\n");
            }
        }
    }

    @Test
    void failuresRenderedInTheClientsProtocol() throws Exception {
        destination = HostPort.of(InetAddress.getLoopbackAddress(), Destinations.closedPort());
        route = Route.through(upstream("socks5", Map.of(), dante.server()));
        try (Socket client = client()) {
            assertThat(read(client.getInputStream(), 12)).isEqualTo("HTTP/1.1 502");
        }
        route = Route.through(upstream("socks5", Map.of(), "127.0.0.1:" + Destinations.closedPort()));
        try (Socket client = client()) {
            assertThat(read(client.getInputStream(), 12))
                    .as("the one server failed")
                    .isEqualTo("HTTP/1.1 502");
        }
        try (Socket client = client()) {
            assertThat(read(client.getInputStream(), 12)).as("now it is down").isEqualTo("HTTP/1.1 503");
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
