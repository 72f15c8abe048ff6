package io.socksgate.bench.servers;

import io.socksgate.bench.Options;
import io.socksgate.bench.Pacer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The loopback servers every proxy relays to, in their own JVM: a sink, a source, a slow sink, a
 * holding echo server, a 32-byte echo server that closes first and a UDP echo server. Their ports
 * are written to {@code --ports-file} (atomically, so run.sh never reads half a file); the servers'
 * threads keep the JVM alive until run.sh kills it.
 */
public final class LoopbackServers {

    static final InetAddress LOOP = InetAddress.getLoopbackAddress();

    private LoopbackServers() {}

    public static void start(Options options) throws IOException {
        ServerSocket sink = new ServerSocket(0, 512, LOOP);
        ServerSocket source = new ServerSocket(0, 512, LOOP);
        ServerSocket slow = new ServerSocket(0, 512, LOOP);
        ServerSocketChannel echo = ServerSocketChannel.open();
        echo.bind(new InetSocketAddress(LOOP, 0), 4096);
        // echo32: echoes 32 bytes, then closes first, so TIME_WAIT stays on the server's fixed
        // port and the connection-rate rows do not use up ephemeral ports (Dante binds its
        // outbound sockets explicitly and fails with "out of free ports" otherwise)
        ServerSocketChannel echo32 = ServerSocketChannel.open();
        echo32.bind(new InetSocketAddress(LOOP, 0), 4096);
        DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LOOP, 0));

        BlockingServer.start(sink, LoopbackServers::discard);
        BlockingServer.start(source, LoopbackServers::writeForever);
        BlockingServer.start(slow, LoopbackServers::readOneMibPerSecond);
        // two selector threads each, sharing the listening channel: the holding echo server keeps
        // thousands of idle connections without a thread each
        EchoServer.start(echo, 2, 0);
        EchoServer.start(echo32, 2, 32);
        UdpEchoServer.start(udp);

        String ports = "SINK_PORT=" + sink.getLocalPort() + "\n"
                + "SOURCE_PORT=" + source.getLocalPort() + "\n"
                + "SLOW_PORT=" + slow.getLocalPort() + "\n"
                + "ECHO_PORT=" + ((InetSocketAddress) echo.getLocalAddress()).getPort() + "\n"
                + "ECHO32_PORT=" + ((InetSocketAddress) echo32.getLocalAddress()).getPort() + "\n"
                + "UDP_PORT=" + udp.getLocalPort() + "\n";
        Path file = Path.of(options.need("ports-file"));
        Path tmp = Path.of(file + ".tmp");
        Files.writeString(tmp, ports);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Sink: reads and discards until the end of stream. */
    private static void discard(java.net.Socket socket) throws IOException {
        byte[] buffer = new byte[256 * 1024];
        InputStream in = socket.getInputStream();
        while (in.read(buffer) >= 0) {
            // discard
        }
    }

    /** Source: writes as fast as the peer takes it, until the peer goes away. */
    private static void writeForever(java.net.Socket socket) throws IOException {
        byte[] buffer = new byte[256 * 1024];
        OutputStream out = socket.getOutputStream();
        while (true) {
            out.write(buffer);
        }
    }

    /** Slow sink: reads 64 KiB every 62.5 ms = 1 MiB/s, with a small receive buffer. */
    private static void readOneMibPerSecond(java.net.Socket socket) throws IOException, InterruptedException {
        socket.setReceiveBufferSize(64 * 1024);
        byte[] buffer = new byte[Pacer.SLOW_CHUNK];
        InputStream in = socket.getInputStream();
        Pacer pacer = Pacer.oneMibPerSecond();
        while (true) {
            int got = 0;
            while (got < buffer.length) {
                int n = in.read(buffer, got, buffer.length - got);
                if (n < 0) {
                    return;
                }
                got += n;
            }
            pacer.awaitNextStep();
        }
    }
}
