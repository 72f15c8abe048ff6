package io.socksgate.bench.measure;

import io.socksgate.api.HostPort;
import io.socksgate.bench.client.Encoded;
import io.socksgate.bench.client.ProxyTarget;
import io.socksgate.bench.client.Socks5Handshake;
import io.socksgate.bench.client.Tunnel;
import io.socksgate.bench.client.Tunnels;
import io.socksgate.protocol.DecodeResult;
import io.socksgate.protocol.socks5.Socks5UdpHeader;
import io.socksgate.protocol.socks5.Socks5UdpHeaderDecoder;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * UDP ASSOCIATE round trips: one association (the client names its UDP address in the request),
 * one 64-byte datagram in flight at a time, carrying a sequence number, to the UDP echo server; a
 * reply that does not come within 500 ms counts as lost. Direct: the same without the proxy. A
 * forwarder (nginx's UDP proxy): the same datagrams, with no SOCKS header, to the forwarder, which
 * sends them to the echo server itself.
 */
final class UdpRoundTrips {

    static final int PAYLOAD = 64;

    /** Round trips per second in the measured window, the proxy's CPU µs per round trip (NaN without a pid), losses. */
    record Outcome(double perSecond, double cpuMicros, long lost) {}

    private UdpRoundTrips() {}

    static Outcome run(ProxyTarget proxy, InetSocketAddress echo, long pid, double warm, double secs) throws Exception {
        InetAddress loop = InetAddress.getLoopbackAddress();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(loop, 0))) {
            socket.setSoTimeout(500);
            Tunnel control = null;
            InetSocketAddress relay = proxy.firstHop(echo);
            byte[] header = new byte[0];
            boolean socks = proxy.protocol() == ProxyTarget.Protocol.SOCKS5;
            if (socks) {
                Socks5Handshake associate =
                        Socks5Handshake.udpAssociate(proxy, HostPort.of(loop, socket.getLocalPort()));
                control = Tunnels.open(proxy.proxy(), associate);
                relay = associate.relay(proxy.proxy());
                header = Encoded.bytes(new Socks5UdpHeader(0, HostPort.of(echo)));
            }
            try {
                return roundTrips(socket, relay, header, socks, pid, warm, secs);
            } finally {
                if (control != null) {
                    control.close();
                }
            }
        }
    }

    private static Outcome roundTrips(
            DatagramSocket socket,
            InetSocketAddress relay,
            byte[] header,
            boolean socks,
            long pid,
            double warm,
            double secs)
            throws Exception {
        byte[] out = new byte[header.length + PAYLOAD];
        System.arraycopy(header, 0, out, 0, header.length);
        byte[] in = new byte[2048];
        DatagramPacket received = new DatagramPacket(in, in.length);
        DatagramPacket sent = new DatagramPacket(out, out.length, relay);
        long seq = 0;
        MeasuredWindow window = new MeasuredWindow(pid, warm, secs);
        while (window.running(System.nanoTime())) {
            seq++;
            ByteBuffer.wrap(out, header.length, 8).putLong(seq);
            socket.send(sent);
            try {
                while (!isReply(received, socket, in, socks, seq)) {
                    // an old reply that came late: wait for this one
                }
                window.answered();
            } catch (SocketTimeoutException e) {
                window.lost();
            }
        }
        return window.outcome("udp");
    }

    /** Receives one datagram; whether it is the echo of {@code seq}. */
    private static boolean isReply(DatagramPacket packet, DatagramSocket socket, byte[] in, boolean socks, long seq)
            throws Exception {
        packet.setData(in);
        socket.receive(packet);
        return isEcho(in, packet.getLength(), socks, seq);
    }

    /**
     * Whether the datagram in {@code in[0, length)} is the echo of the 64-byte payload numbered
     * {@code seq}, after the reply's SOCKS UDP header when {@code socks}.
     */
    static boolean isEcho(byte[] in, int length, boolean socks, long seq) {
        int offset = 0;
        if (socks) {
            IoBuffer datagram = IoBuffer.wrap(in, 0, length);
            if (!(Socks5UdpHeaderDecoder.INSTANCE.decode(datagram) instanceof DecodeResult.Done)) {
                return false;
            }
            offset = datagram.position();
        }
        return length - offset == PAYLOAD && ByteBuffer.wrap(in, offset, 8).getLong() == seq;
    }
}
