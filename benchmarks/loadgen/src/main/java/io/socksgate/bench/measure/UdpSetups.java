package io.socksgate.bench.measure;

import io.socksgate.api.HostPort;
import io.socksgate.bench.Windows;
import io.socksgate.bench.client.Encoded;
import io.socksgate.bench.client.ProxyTarget;
import io.socksgate.bench.client.Socks5Handshake;
import io.socksgate.bench.client.Tunnel;
import io.socksgate.bench.client.Tunnels;
import io.socksgate.bench.probe.ProcessCpu;
import io.socksgate.protocol.socks5.Socks5UdpHeader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * UDP ASSOCIATE setups: {@link #CLIENTS} clients, each in a loop: a UDP socket, the TCP control
 * connection with its UDP ASSOCIATE, one 64-byte datagram through the relay to the UDP echo
 * server and its reply, then both closed. What an application that sends one query per
 * association (a DNS lookup through SOCKS) costs the proxy: the relay port it takes and gives back.
 */
final class UdpSetups {

    static final int CLIENTS = 16;
    private static final int PAYLOAD = 64;

    /** Setups per second in the measured window, the proxy's CPU microseconds per setup, failures. */
    record Outcome(double perSecond, double cpuMicros, long failed) {}

    private UdpSetups() {}

    static Outcome run(ProxyTarget proxy, InetSocketAddress echo, long pid, double warm, double secs) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder done = new LongAdder();
        LongAdder failed = new LongAdder();
        AtomicReference<String> firstError = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            Thread thread = new Thread(
                    () -> {
                        while (!stop.get()) {
                            try {
                                once(proxy, echo);
                                done.increment();
                            } catch (Exception e) {
                                failed.increment();
                                firstError.compareAndSet(null, e.toString());
                            }
                        }
                    },
                    "udp-setup");
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        try {
            Windows.elapse(warm);
            long done0 = done.sum();
            long failed0 = failed.sum();
            double cpu0 = pid > 0 ? ProcessCpu.seconds(pid) : Double.NaN;
            long t0 = System.nanoTime();
            Windows.elapse(secs);
            long n = done.sum() - done0;
            long t1 = System.nanoTime();
            double cpu1 = pid > 0 ? ProcessCpu.seconds(pid) : Double.NaN;
            long lost = failed.sum() - failed0;
            if (lost > 0) {
                System.out.println("  (udp setups: " + lost + " failed; the first: " + firstError.get() + ")");
            }
            double cpuMicros = n == 0 ? Double.NaN : (cpu1 - cpu0) * 1e6 / n;
            return new Outcome(n / ((t1 - t0) / 1e9), cpuMicros, lost);
        } finally {
            stop.set(true);
            for (Thread thread : threads) {
                thread.join(30_000);
            }
        }
    }

    /** One association: open, one round trip, close. */
    private static void once(ProxyTarget proxy, InetSocketAddress echo) throws Exception {
        InetAddress loop = InetAddress.getLoopbackAddress();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(loop, 0))) {
            socket.setSoTimeout(2_000);
            Socks5Handshake associate = Socks5Handshake.udpAssociate(proxy, HostPort.of(loop, socket.getLocalPort()));
            Tunnel control = Tunnels.open(proxy.proxy(), associate); // the association lives as long as it
            try {
                InetSocketAddress relay = associate.relay(proxy.proxy());
                byte[] header = Encoded.bytes(new Socks5UdpHeader(0, HostPort.of(echo)));
                byte[] out = new byte[header.length + PAYLOAD];
                System.arraycopy(header, 0, out, 0, header.length);
                socket.send(new DatagramPacket(out, out.length, relay));
                byte[] in = new byte[2048];
                socket.receive(new DatagramPacket(in, in.length)); // times out (fails) after 2 s
            } finally {
                control.close();
            }
        }
    }
}
