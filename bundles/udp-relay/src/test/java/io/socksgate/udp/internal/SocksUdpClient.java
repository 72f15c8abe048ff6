package io.socksgate.udp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.socksgate.api.HostPort;
import io.socksgate.protocol.DecodeResult;
import io.socksgate.protocol.socks5.Socks5UdpHeader;
import io.socksgate.protocol.socks5.Socks5UdpHeaderDecoder;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import org.apache.mina.core.buffer.IoBuffer;

/** A SOCKS5 UDP client's socket on a free loopback port: wraps what it sends, unwraps what it gets. */
final class SocksUdpClient implements AutoCloseable {

    /** A datagram the relay sent back: who it came from, and its payload. */
    record Reply(HostPort source, byte[] payload) {}

    private final DatagramSocket socket;

    SocksUdpClient(InetAddress address) throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(address, 0));
        socket.setSoTimeout(5000); // a bounded wait for replies: a missing one fails the test
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    SocksUdpClient send(InetSocketAddress relay, HostPort destination, byte[] payload) throws IOException {
        return send(relay, 0, destination, payload);
    }

    SocksUdpClient send(InetSocketAddress relay, int fragment, HostPort destination, byte[] payload)
            throws IOException {
        return sendRaw(relay, wrap(fragment, destination, payload));
    }

    SocksUdpClient sendRaw(InetSocketAddress relay, byte[] datagram) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length, relay));
        return this;
    }

    /** The next datagram, unwrapped; fails after 5 seconds without one. */
    Reply receive() throws IOException {
        byte[] buffer = new byte[65536];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.receive(packet);
        IoBuffer datagram = IoBuffer.wrap(buffer, 0, packet.getLength());
        DecodeResult<Socks5UdpHeader> header = Socks5UdpHeaderDecoder.INSTANCE.decode(datagram);
        assertThat(header).isInstanceOf(DecodeResult.Done.class);
        Socks5UdpHeader decoded = ((DecodeResult.Done<Socks5UdpHeader>) header).message();
        assertThat(decoded.fragment()).isZero();
        byte[] payload = new byte[datagram.remaining()];
        datagram.get(payload);
        return new Reply(decoded.destination(), payload);
    }

    static byte[] wrap(int fragment, HostPort destination, byte[] payload) {
        IoBuffer out = IoBuffer.allocate(payload.length + 262).setAutoExpand(true);
        new Socks5UdpHeader(fragment, destination).encode(out);
        out.put(payload);
        out.flip();
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        return bytes;
    }

    @Override
    public void close() {
        socket.close();
    }
}
