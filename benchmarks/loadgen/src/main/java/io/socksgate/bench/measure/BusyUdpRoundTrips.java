package io.socksgate.bench.measure;

import io.socksgate.api.HostPort;
import io.socksgate.bench.client.Encoded;
import io.socksgate.bench.client.ProxyTarget;
import io.socksgate.bench.client.Socks5Handshake;
import io.socksgate.bench.client.Tunnel;
import io.socksgate.bench.client.Tunnels;
import io.socksgate.protocol.socks5.Socks5UdpHeader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * UDP ASSOCIATE round trips with the relay kept busy: {@link #ASSOCIATIONS} associations driven by
 * one client thread, each with one 64-byte datagram in flight, so that up to that many datagrams
 * wait in the relay at once. The one-datagram row ({@link UdpRoundTrips}) measures the latency of
 * a round trip, which on an idle core is mostly the wake-ups of the four threads it passes; this
 * row measures what the relay carries when it does not sleep between datagrams, where its CPU per
 * datagram sets the rate. A reply that does not come within 500 ms counts as lost and its
 * association sends the next datagram. Direct: the same without the proxy; a forwarder: the same
 * without the SOCKS header, to the forwarder.
 */
final class BusyUdpRoundTrips {

    static final int ASSOCIATIONS = 16;
    private static final long TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    /** One association: its datagram socket, the TCP control connection that keeps it, the next datagram. */
    private static final class Flow {
        final DatagramChannel channel;
        final Tunnel control;
        final SocketAddress relay;
        final ByteBuffer out;
        final int headerLength;
        long seq;
        long sentAt;

        Flow(DatagramChannel channel, Tunnel control, SocketAddress relay, byte[] header) {
            this.channel = channel;
            this.control = control;
            this.relay = relay;
            this.headerLength = header.length;
            this.out = ByteBuffer.allocate(header.length + UdpRoundTrips.PAYLOAD);
            out.put(header);
        }

        void sendNext(long now) throws IOException {
            seq++;
            out.clear();
            out.putLong(headerLength, seq);
            channel.send(out, relay);
            sentAt = now;
        }

        void close() throws IOException {
            try (channel) {
                if (control != null) {
                    control.close();
                }
            }
        }
    }

    private BusyUdpRoundTrips() {}

    static UdpRoundTrips.Outcome run(ProxyTarget proxy, InetSocketAddress echo, long pid, double warm, double secs)
            throws Exception {
        List<Flow> flows = new ArrayList<>();
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < ASSOCIATIONS; i++) {
                Flow flow = open(proxy, echo);
                flows.add(flow);
                flow.channel.configureBlocking(false);
                flow.channel.register(selector, SelectionKey.OP_READ, flow);
            }
            return roundTrips(selector, flows, proxy.protocol() == ProxyTarget.Protocol.SOCKS5, pid, warm, secs);
        } finally {
            for (Flow flow : flows) {
                flow.close();
            }
        }
    }

    private static Flow open(ProxyTarget proxy, InetSocketAddress echo) throws IOException {
        InetAddress loop = InetAddress.getLoopbackAddress();
        DatagramChannel channel = DatagramChannel.open().bind(new InetSocketAddress(loop, 0));
        try {
            if (proxy.protocol() != ProxyTarget.Protocol.SOCKS5) {
                // direct, or a forwarder that knows the destination: the payload alone
                return new Flow(channel, null, proxy.firstHop(echo), new byte[0]);
            }
            int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
            Socks5Handshake associate = Socks5Handshake.udpAssociate(proxy, HostPort.of(loop, port));
            Tunnel control = Tunnels.open(proxy.proxy(), associate);
            byte[] header = Encoded.bytes(new Socks5UdpHeader(0, HostPort.of(echo)));
            return new Flow(channel, control, associate.relay(proxy.proxy()), header);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static UdpRoundTrips.Outcome roundTrips(
            Selector selector, List<Flow> flows, boolean socks, long pid, double warm, double secs) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(2048);
        MeasuredWindow window = new MeasuredWindow(pid, warm, secs);
        long now = System.nanoTime();
        for (Flow flow : flows) {
            flow.sendNext(now);
        }
        while (window.running(now)) {
            selector.select(100);
            now = System.nanoTime();
            for (SelectionKey key : selector.selectedKeys()) {
                Flow flow = (Flow) key.attachment();
                boolean answered = false;
                while (true) {
                    in.clear();
                    if (flow.channel.receive(in) == null) {
                        break;
                    }
                    // an older datagram's late echo is read and dropped
                    answered |= UdpRoundTrips.isEcho(in.array(), in.position(), socks, flow.seq);
                }
                if (answered) {
                    window.answered();
                    flow.sendNext(now);
                }
            }
            selector.selectedKeys().clear();
            for (Flow flow : flows) {
                if (now - flow.sentAt > TIMEOUT_NANOS) {
                    window.lost();
                    flow.sendNext(now);
                }
            }
        }
        return window.outcome("udp, " + flows.size() + " associations");
    }
}
