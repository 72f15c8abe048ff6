package io.socksgate.bench.measure;

import io.socksgate.bench.client.ClientHandshake;
import io.socksgate.bench.client.ProxyTarget;
import io.socksgate.bench.client.Step;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import org.apache.mina.core.buffer.IoBuffer;

/** Non-blocking connect / handshake / echo / close clients of {@link ConnectionRate} on one selector thread. */
final class RateLoop implements Runnable {

    private enum State {
        CONNECTING,
        HANDSHAKE,
        ECHO,
        EOF
    }

    /** One client's operation in progress; the handshake object is reused for each of its operations. */
    private static final class Op {
        final ClientHandshake handshake;
        final ByteBuffer in = ByteBuffer.allocate(512);
        SocketChannel channel;
        State state;
        long start;

        Op(ClientHandshake handshake) {
            this.handshake = handshake;
        }
    }

    private static final byte[] MESSAGE = new byte[32];

    static {
        Arrays.fill(MESSAGE, (byte) 'x');
    }

    private final ProxyTarget proxy;
    private final InetSocketAddress echo;
    private final int clients;
    private final RateCounters counters;
    private long[] latencies = new long[1 << 16];
    private int count;

    RateLoop(ProxyTarget proxy, InetSocketAddress echo, int clients, RateCounters counters) {
        this.proxy = proxy;
        this.echo = echo;
        this.clients = clients;
        this.counters = counters;
    }

    /** Times (ns) of the operations completed while measuring; read after the thread has ended. */
    long[] latencies() {
        return Arrays.copyOf(latencies, count);
    }

    @Override
    public void run() {
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < clients; i++) {
                begin(selector, new Op(proxy.connectHandshake(echo)));
            }
            while (!counters.stop.get()) {
                selector.select(100);
                for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey key = it.next();
                    it.remove();
                    Op op = (Op) key.attachment();
                    try {
                        step(selector, key, op);
                    } catch (IOException e) {
                        fail(selector, op, e);
                    }
                }
            }
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
        } catch (IOException e) {
            System.out.println("  (rate loop failed: " + e + ")");
        }
    }

    private void begin(Selector selector, Op op) {
        op.in.clear();
        op.start = System.nanoTime();
        try {
            op.channel = SocketChannel.open();
            op.channel.configureBlocking(false);
            op.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            boolean now = op.channel.connect(proxy.firstHop(echo));
            op.state = State.CONNECTING;
            SelectionKey key = op.channel.register(selector, now ? 0 : SelectionKey.OP_CONNECT, op);
            if (now) {
                connected(key, op);
            }
        } catch (IOException e) {
            fail(selector, op, e);
        }
    }

    private void connected(SelectionKey key, Op op) throws IOException {
        proceed(op, op.handshake.start());
        key.interestOps(SelectionKey.OP_READ);
    }

    /** Sends what the handshake asks for until it needs the proxy's answer or the tunnel is open. */
    private static void proceed(Op op, Step step) throws IOException {
        while (!step.established() && step.bytes() != null) {
            send(op, step.bytes());
            step = advance(op);
        }
        if (step.established()) {
            send(op, MESSAGE);
            op.state = State.ECHO;
        } else {
            op.state = State.HANDSHAKE;
        }
    }

    private static Step advance(Op op) throws IOException {
        op.in.flip();
        try {
            return op.handshake.advance(IoBuffer.wrap(op.in));
        } finally {
            op.in.compact();
        }
    }

    private void step(Selector selector, SelectionKey key, Op op) throws IOException {
        if (op.state == State.CONNECTING) {
            op.channel.finishConnect();
            connected(key, op);
            return;
        }
        int r = op.channel.read(op.in);
        if (r < 0) {
            if (op.state == State.EOF && op.in.position() == 0) {
                done(selector, op);
                return;
            }
            throw new EOFException("closed in state " + op.state);
        }
        // several answers may arrive in one read (the echo and the end of stream)
        while (true) {
            int have = op.in.position();
            if (op.state == State.HANDSHAKE) {
                Step next = advance(op);
                if (next == Step.NEED_MORE) {
                    return;
                }
                proceed(op, next);
            } else if (op.state == State.ECHO && have >= MESSAGE.length) {
                consume(op, MESSAGE.length);
                op.state = State.EOF;
            } else if (op.state == State.EOF && have > 0) {
                throw new IOException("more than 32 bytes echoed");
            } else {
                return;
            }
        }
    }

    private static void consume(Op op, int length) {
        op.in.flip();
        op.in.position(length);
        op.in.compact();
    }

    /** Requests and the echo are tens of bytes: the socket buffer always takes them whole. */
    private static void send(Op op, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            if (op.channel.write(buffer) == 0) {
                throw new IOException("send buffer full");
            }
        }
    }

    private void done(Selector selector, Op op) {
        close(op);
        long duration = System.nanoTime() - op.start;
        counters.completed.increment();
        if (counters.measuring.get()) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = duration;
        }
        if (!counters.stop.get()) {
            begin(selector, op);
        }
    }

    private void fail(Selector selector, Op op, Exception e) {
        close(op);
        counters.failure(e);
        if (!counters.stop.get()) {
            begin(selector, op);
        }
    }

    private static void close(Op op) {
        try {
            if (op.channel != null) {
                op.channel.close();
            }
        } catch (IOException ignored) {
            // closing a socket of a finished operation
        }
    }
}
