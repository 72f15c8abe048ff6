package io.socksgate.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Socksgate benchmark load generator and loopback servers, JDK only.
 *
 * <p>Modes:
 * <ul>
 *   <li>{@code ports N} prints N free loopback TCP ports;</li>
 *   <li>{@code servers --ports-file F} runs the sink, source, echo, slow sink and UDP echo
 *       servers on loopback and writes their ports to F (runs until killed);</li>
 *   <li>{@code suite ...} runs every measurement against one proxy (or {@code direct}) and
 *       appends {@code rep<TAB>name<TAB>metric<TAB>value} lines to {@code --out};</li>
 *   <li>{@code report ...} turns those lines into the Markdown table (medians, ratios).</li>
 * </ul>
 * The SOCKS5 client is written here on raw bytes (greeting, RFC 1929, CONNECT, UDP ASSOCIATE),
 * so the client's cost is identical for every proxy.
 */
public final class LoadGen {

    private LoadGen() {
    }

    // ------------------------------------------------------------------ options

    static final class Opts {
        final Map<String, String> map = new HashMap<>();

        Opts(String[] args, int from) {
            for (int i = from; i < args.length; i++) {
                String a = args[i];
                if (!a.startsWith("--")) {
                    throw new IllegalArgumentException("unexpected argument " + a);
                }
                String key = a.substring(2);
                if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    map.put(key, args[++i]);
                } else {
                    map.put(key, "true");
                }
            }
        }

        String get(String k, String def) {
            return map.getOrDefault(k, def);
        }

        String need(String k) {
            String v = map.get(k);
            if (v == null) {
                throw new IllegalArgumentException("missing --" + k);
            }
            return v;
        }

        double dbl(String k, double def) {
            return map.containsKey(k) ? Double.parseDouble(map.get(k)) : def;
        }

        int integer(String k, int def) {
            return map.containsKey(k) ? Integer.parseInt(map.get(k)) : def;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: LoadGen ports N | servers --ports-file F | suite ... | report ...");
            System.exit(2);
        }
        switch (args[0]) {
            case "ports" -> ports(Integer.parseInt(args[1]));
            case "servers" -> servers(new Opts(args, 1));
            case "suite" -> suite(new Opts(args, 1));
            case "report" -> report(new Opts(args, 1));
            case "probe" -> probe(new Opts(args, 1));
            default -> {
                System.err.println("unknown mode " + args[0]);
                System.exit(2);
            }
        }
    }

    static void ports(int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            held.add(s);
            System.out.println(s.getLocalPort());
        }
        for (ServerSocket s : held) {
            s.close();
        }
    }

    // ------------------------------------------------------------------ servers

    static final InetAddress LOOP = InetAddress.getLoopbackAddress();

    static void servers(Opts o) throws Exception {
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

        // sink: read and discard until EOF
        acceptLoop(sink, s -> {
            byte[] b = new byte[256 * 1024];
            InputStream in = s.getInputStream();
            while (in.read(b) >= 0) {
                // discard
            }
        });
        // source: write as fast as the peer takes it
        acceptLoop(source, s -> {
            byte[] b = new byte[256 * 1024];
            OutputStream out = s.getOutputStream();
            while (true) {
                out.write(b);
            }
        });
        // slow sink: reads 64 KiB every 62.5 ms = 1 MiB/s
        acceptLoop(slow, s -> {
            s.setReceiveBufferSize(64 * 1024);
            byte[] b = new byte[64 * 1024];
            InputStream in = s.getInputStream();
            long next = System.nanoTime();
            while (true) {
                int got = 0;
                while (got < b.length) {
                    int n = in.read(b, got, b.length - got);
                    if (n < 0) {
                        return;
                    }
                    got += n;
                }
                next += 62_500_000L;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(sleep / 1_000_000L, (int) (sleep % 1_000_000L));
                }
            }
        });
        // echo: NIO, two selector threads sharing the listening channel (holds thousands of
        // idle connections without a thread each)
        for (int i = 0; i < 4; i++) {
            Selector sel = Selector.open();
            ServerSocketChannel ch = i < 2 ? echo : echo32;
            int closeAfter = i < 2 ? 0 : 32;
            Thread t = new Thread(() -> echoLoop(ch, sel, closeAfter), "echo-" + i);
            t.setDaemon(true);
            t.start();
        }
        // UDP echo
        Thread u = new Thread(() -> {
            byte[] b = new byte[65536];
            DatagramPacket p = new DatagramPacket(b, b.length);
            while (true) {
                try {
                    p.setData(b);
                    udp.receive(p);
                    udp.send(new DatagramPacket(b, p.getLength(), p.getSocketAddress()));
                } catch (IOException e) {
                    return;
                }
            }
        }, "udp-echo");
        u.setDaemon(true);
        u.start();

        String ports = "SINK_PORT=" + sink.getLocalPort() + "\n"
                + "SOURCE_PORT=" + source.getLocalPort() + "\n"
                + "SLOW_PORT=" + slow.getLocalPort() + "\n"
                + "ECHO_PORT=" + ((InetSocketAddress) echo.getLocalAddress()).getPort() + "\n"
                + "ECHO32_PORT=" + ((InetSocketAddress) echo32.getLocalAddress()).getPort() + "\n"
                + "UDP_PORT=" + udp.getLocalPort() + "\n";
        Path f = Path.of(o.need("ports-file"));
        Path tmp = Path.of(f + ".tmp");
        Files.writeString(tmp, ports);
        Files.move(tmp, f, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Thread.sleep(Long.MAX_VALUE);
    }

    interface Handler {
        void handle(Socket s) throws Exception;
    }

    static void acceptLoop(ServerSocket ss, Handler h) {
        Thread t = new Thread(() -> {
            while (true) {
                Socket s;
                try {
                    s = ss.accept();
                } catch (IOException e) {
                    return;
                }
                Thread w = new Thread(() -> {
                    try (s) {
                        s.setTcpNoDelay(true);
                        h.handle(s);
                    } catch (Exception ignored) {
                        // peer closed
                    }
                });
                w.setDaemon(true);
                w.start();
            }
        }, "accept-" + ss.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    static final class Conn {
        final ByteBuffer buf = ByteBuffer.allocate(4096);
        long written;
    }

    static void echoLoop(ServerSocketChannel server, Selector sel, int closeAfter) {
        try {
            server.configureBlocking(false);
            synchronized (server) {
                server.register(sel, SelectionKey.OP_ACCEPT);
            }
            while (true) {
                sel.select();
                for (var it = sel.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey k = it.next();
                    it.remove();
                    try {
                        if (!k.isValid()) {
                            continue;
                        }
                        if (k.isAcceptable()) {
                            SocketChannel c = server.accept();
                            if (c == null) {
                                continue;
                            }
                            c.configureBlocking(false);
                            c.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                            c.register(sel, SelectionKey.OP_READ, new Conn());
                        } else {
                            SocketChannel c = (SocketChannel) k.channel();
                            Conn cn = (Conn) k.attachment();
                            ByteBuffer b = cn.buf;
                            if (k.isReadable()) {
                                int n = c.read(b);
                                if (n < 0) {
                                    k.cancel();
                                    c.close();
                                    continue;
                                }
                            }
                            b.flip();
                            cn.written += c.write(b);
                            b.compact();
                            if (closeAfter > 0 && cn.written >= closeAfter && b.position() == 0) {
                                k.cancel();
                                c.close();
                                continue;
                            }
                            k.interestOps(b.position() > 0 ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
                        }
                    } catch (IOException e) {
                        k.cancel();
                        try {
                            k.channel().close();
                        } catch (IOException ignored) {
                            // closing
                        }
                    }
                }
            }
        } catch (IOException e) {
            e.printStackTrace();
        }
    }

    // ------------------------------------------------------------------ SOCKS5 client

    static final class Target {
        final InetSocketAddress proxy; // null = direct
        final String user;
        final String pass;

        Target(String proxy, String user, String pass) {
            if (proxy == null || proxy.equals("direct")) {
                this.proxy = null;
            } else {
                int c = proxy.lastIndexOf(':');
                this.proxy = new InetSocketAddress(proxy.substring(0, c), Integer.parseInt(proxy.substring(c + 1)));
            }
            this.user = user;
            this.pass = pass;
        }
    }

    static void readFully(InputStream in, byte[] b, int len) throws IOException {
        int got = 0;
        while (got < len) {
            int n = in.read(b, got, len - got);
            if (n < 0) {
                throw new EOFException("closed after " + got + " of " + len + " bytes");
            }
            got += n;
        }
    }

    /** Greeting and optional RFC 1929 exchange on an open connection to the proxy. */
    static void negotiate(Target t, InputStream in, OutputStream out, byte[] b) throws IOException {
        boolean auth = t.user != null;
        out.write(new byte[] {5, 1, (byte) (auth ? 2 : 0)});
        readFully(in, b, 2);
        if (b[0] != 5 || b[1] != (auth ? 2 : 0)) {
            throw new IOException("greeting refused: " + b[0] + " " + (b[1] & 0xff));
        }
        if (auth) {
            out.write(authRequest(t));
            readFully(in, b, 2);
            if (b[1] != 0) {
                throw new IOException("authentication failed: " + (b[1] & 0xff));
            }
        }
    }

    /** The RFC 1929 username/password request. */
    static byte[] authRequest(Target t) {
        byte[] u = t.user.getBytes(StandardCharsets.UTF_8);
        byte[] p = t.pass.getBytes(StandardCharsets.UTF_8);
        byte[] m = new byte[3 + u.length + p.length];
        m[0] = 1;
        m[1] = (byte) u.length;
        System.arraycopy(u, 0, m, 2, u.length);
        m[2 + u.length] = (byte) p.length;
        System.arraycopy(p, 0, m, 3 + u.length, p.length);
        return m;
    }

    /** Sends a request (cmd 1 CONNECT, 3 UDP ASSOCIATE) for an IPv4 address; returns BND. */
    static InetSocketAddress request(InputStream in, OutputStream out, byte[] b, int cmd, InetSocketAddress dst)
            throws IOException {
        byte[] a = dst.getAddress().getAddress();
        int port = dst.getPort();
        out.write(new byte[] {5, (byte) cmd, 0, 1, a[0], a[1], a[2], a[3], (byte) (port >> 8), (byte) port});
        readFully(in, b, 4);
        if (b[0] != 5 || b[1] != 0) {
            throw new IOException("request refused: reply " + (b[1] & 0xff));
        }
        int atyp = b[3];
        byte[] addr;
        if (atyp == 1) {
            readFully(in, b, 6);
            addr = Arrays.copyOf(b, 4);
        } else if (atyp == 4) {
            readFully(in, b, 18);
            addr = Arrays.copyOf(b, 16);
        } else if (atyp == 3) {
            readFully(in, b, 1);
            int l = b[0] & 0xff;
            readFully(in, b, l + 2);
            return InetSocketAddress.createUnresolved(new String(b, 0, l, StandardCharsets.US_ASCII),
                    ((b[l] & 0xff) << 8) | (b[l + 1] & 0xff));
        } else {
            throw new IOException("bad ATYP " + atyp);
        }
        int p = ((b[addr.length] & 0xff) << 8) | (b[addr.length + 1] & 0xff);
        return new InetSocketAddress(InetAddress.getByAddress(addr), p);
    }

    /** A connected stream to dst, through the proxy when there is one. */
    static Socket open(Target t, InetSocketAddress dst) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setSoTimeout(15_000);
            if (t.proxy == null) {
                s.connect(dst, 10_000);
                return s;
            }
            s.connect(t.proxy, 10_000);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] b = new byte[300];
            negotiate(t, in, out, b);
            request(in, out, b, 1, dst);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    // ------------------------------------------------------------------ measurements

    static final class Result {
        final Map<String, Double> values = new LinkedHashMap<>();

        void put(String k, double v) {
            values.put(k, v);
            System.out.printf(Locale.ROOT, "  %-22s %.3f%n", k, v);
        }
    }

    static double[] memKb(long pid) {
        // PSS and RSS (kB) of the process and all its descendants (Dante forks children)
        List<Long> pids = new ArrayList<>();
        pids.add(pid);
        ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> pids.add(d.pid())));
        double pss = 0;
        double rss = 0;
        for (long p : pids) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + p + "/smaps_rollup"))) {
                    if (line.startsWith("Pss:")) {
                        pss += Double.parseDouble(line.replaceAll("[^0-9]", ""));
                    } else if (line.startsWith("Rss:")) {
                        rss += Double.parseDouble(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // process went away
            }
        }
        return new double[] {pss, rss};
    }

    static boolean isJvm(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8)
                    .contains("java");
        } catch (IOException e) {
            return false;
        }
    }

    static String jcmd(long pid, String what) {
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(pid), what).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out;
        } catch (IOException | InterruptedException e) {
            return "";
        }
    }

    /**
     * For a JVM proxy: a full GC (jcmd GC.run), so heap pages resident from earlier rows are
     * given back (G1 shrinks after a full GC) and a PSS delta means something; returns the
     * heap in use afterwards (kB), or NaN for other processes.
     */
    static double settleJvm(long pid) {
        if (!isJvm(pid)) {
            return Double.NaN;
        }
        jcmd(pid, "GC.run");
        // G1 gives the freed regions back concurrently: wait until the PSS stops falling
        long end = System.nanoTime() + 8_000_000_000L;
        double last = memKb(pid)[0];
        while (System.nanoTime() < end) {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                break;
            }
            double now = memKb(pid)[0];
            if (Math.abs(now - last) < 512) {
                break;
            }
            last = now;
        }
        var m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(jcmd(pid, "GC.heap_info"));
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    static void sleepS(double s) throws InterruptedException {
        Thread.sleep((long) (s * 1000));
    }

    /** Bulk: n tunnels; up = client writes to the sink, down = client reads from the source. */
    static double bulk(Target t, InetSocketAddress dst, boolean up, int n, double warm, double secs)
            throws Exception {
        LongAdder bytes = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        List<Socket> socks = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        AtomicInteger errors = new AtomicInteger();
        for (int i = 0; i < n; i++) {
            Socket s = open(t, dst);
            s.setSoTimeout(0);
            socks.add(s);
            Thread th = new Thread(() -> {
                byte[] b = new byte[128 * 1024];
                try {
                    if (up) {
                        OutputStream out = s.getOutputStream();
                        while (!stop.get()) {
                            out.write(b);
                            bytes.add(b.length);
                        }
                    } else {
                        InputStream in = s.getInputStream();
                        while (!stop.get()) {
                            int r = in.read(b);
                            if (r < 0) {
                                throw new EOFException();
                            }
                            bytes.add(r);
                        }
                    }
                } catch (IOException e) {
                    if (!stop.get()) {
                        errors.incrementAndGet();
                    }
                }
            });
            th.setDaemon(true);
            threads.add(th);
        }
        threads.forEach(Thread::start);
        sleepS(warm);
        long b0 = bytes.sum();
        long t0 = System.nanoTime();
        sleepS(secs);
        long b1 = bytes.sum();
        long t1 = System.nanoTime();
        stop.set(true);
        for (Socket s : socks) {
            s.close();
        }
        for (Thread th : threads) {
            th.join(5000);
        }
        if (errors.get() > 0) {
            System.out.println("  (bulk: " + errors.get() + " streams failed early)");
        }
        return (b1 - b0) / 1e6 / ((t1 - t0) / 1e9);
    }

    /**
     * Connection rate: {@code clients} concurrent clients, each in a loop: TCP connect,
     * greeting, (RFC 1929), CONNECT, a 32-byte echo, end of stream, close. The clients are
     * non-blocking state machines on {@link #RATE_LOOPS} selector threads, so the client's own
     * cost per operation (threads, wake-ups) stays small and equal for every proxy.
     */
    static double[] rate(Target t, InetSocketAddress echo, int clients, double warm, double secs)
            throws Exception {
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger errors = new AtomicInteger();
        List<RateLoop> loops = new ArrayList<>();
        for (int i = 0; i < RATE_LOOPS; i++) {
            loops.add(new RateLoop(t, echo, clients / RATE_LOOPS + (i < clients % RATE_LOOPS ? 1 : 0),
                    measuring, stop, errors));
        }
        List<Thread> threads = new ArrayList<>();
        for (RateLoop loop : loops) {
            Thread th = new Thread(loop, "rate-loop");
            th.setDaemon(true);
            threads.add(th);
            th.start();
        }
        sleepS(warm);
        measuring.set(true);
        long t0 = System.nanoTime();
        sleepS(secs);
        measuring.set(false);
        long t1 = System.nanoTime();
        stop.set(true);
        for (Thread th : threads) {
            th.join(30_000);
        }
        int total = 0;
        for (RateLoop loop : loops) {
            total += loop.n;
        }
        long[] merged = new long[total];
        int p = 0;
        for (RateLoop loop : loops) {
            System.arraycopy(loop.lat, 0, merged, p, loop.n);
            p += loop.n;
        }
        Arrays.sort(merged);
        if (errors.get() > 0) {
            System.out.println("  (rate: " + errors.get() + " failed operations)");
        }
        double ops = merged.length / ((t1 - t0) / 1e9);
        double p50 = merged.length == 0 ? Double.NaN : merged[(int) (merged.length * 0.50)] / 1e6;
        double p99 = merged.length == 0 ? Double.NaN : merged[Math.min(merged.length - 1, (int) (merged.length * 0.99))] / 1e6;
        return new double[] {ops, p50, p99, errors.get()};
    }

    /** Selector threads of the connection-rate clients: one per core of this 2-core machine. */
    static final int RATE_LOOPS = 2;

    /** Non-blocking connect/greeting/CONNECT/echo/close clients on one selector thread. */
    static final class RateLoop implements Runnable {
        private static final int CONNECTING = 0, GREETING = 1, AUTH = 2, REQUEST = 3, ECHO = 4, EOF = 5;
        private final Target t;
        private final InetSocketAddress echo;
        private final int clients;
        private final AtomicBoolean measuring, stop;
        private final AtomicInteger errors;
        private final byte[] greeting, authMsg, request, msg = new byte[32];
        long[] lat = new long[1 << 16];
        int n;

        RateLoop(Target t, InetSocketAddress echo, int clients, AtomicBoolean measuring, AtomicBoolean stop,
                AtomicInteger errors) {
            this.t = t;
            this.echo = echo;
            this.clients = clients;
            this.measuring = measuring;
            this.stop = stop;
            this.errors = errors;
            Arrays.fill(msg, (byte) 'x');
            boolean auth = t.user != null;
            greeting = new byte[] {5, 1, (byte) (auth ? 2 : 0)};
            authMsg = auth ? authRequest(t) : null;
            byte[] a = echo.getAddress().getAddress();
            int port = echo.getPort();
            request = new byte[] {5, 1, 0, 1, a[0], a[1], a[2], a[3], (byte) (port >> 8), (byte) port};
        }

        /** One client's operation in progress. */
        final class Op {
            SocketChannel ch;
            int state;
            long start;
            final ByteBuffer in = ByteBuffer.allocate(512);
        }

        @Override
        public void run() {
            try (Selector sel = Selector.open()) {
                for (int i = 0; i < clients; i++) {
                    begin(sel, new Op());
                }
                while (!stop.get()) {
                    sel.select(100);
                    for (var it = sel.selectedKeys().iterator(); it.hasNext(); ) {
                        SelectionKey k = it.next();
                        it.remove();
                        Op op = (Op) k.attachment();
                        try {
                            step(sel, k, op);
                        } catch (IOException e) {
                            fail(sel, op);
                        }
                    }
                }
                for (SelectionKey k : sel.keys()) {
                    k.channel().close();
                }
            } catch (IOException e) {
                System.out.println("  (rate loop failed: " + e + ")");
            }
        }

        private void begin(Selector sel, Op op) {
            op.in.clear();
            op.start = System.nanoTime();
            try {
                op.ch = SocketChannel.open();
                op.ch.configureBlocking(false);
                op.ch.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                boolean now = op.ch.connect(t.proxy == null ? echo : t.proxy);
                op.state = CONNECTING;
                SelectionKey k = op.ch.register(sel, now ? 0 : SelectionKey.OP_CONNECT, op);
                if (now) {
                    connected(k, op);
                }
            } catch (IOException e) {
                fail(sel, op);
            }
        }

        private void connected(SelectionKey k, Op op) throws IOException {
            if (t.proxy == null) {
                send(op, msg);
                op.state = ECHO;
            } else {
                send(op, greeting);
                op.state = GREETING;
            }
            k.interestOps(SelectionKey.OP_READ);
        }

        private void step(Selector sel, SelectionKey k, Op op) throws IOException {
            if (op.state == CONNECTING) {
                op.ch.finishConnect();
                connected(k, op);
                return;
            }
            int r = op.ch.read(op.in);
            if (r < 0) {
                if (op.state == EOF && op.in.position() == 0) {
                    done(sel, op);
                    return;
                }
                throw new EOFException("closed in state " + op.state);
            }
            // several answers may arrive in one read (the echo and the end of stream)
            while (true) {
                int have = op.in.position();
                if (op.state == GREETING && have >= 2) {
                    check(op.in.get(0) == 5 && op.in.get(1) == greeting[2], "greeting refused");
                    consume(op, 2);
                    if (authMsg != null) {
                        send(op, authMsg);
                        op.state = AUTH;
                    } else {
                        send(op, request);
                        op.state = REQUEST;
                    }
                } else if (op.state == AUTH && have >= 2) {
                    check(op.in.get(1) == 0, "authentication failed");
                    consume(op, 2);
                    send(op, request);
                    op.state = REQUEST;
                } else if (op.state == REQUEST && have >= 5) {
                    check(op.in.get(0) == 5 && op.in.get(1) == 0, "request refused");
                    int atyp = op.in.get(3);
                    int len = atyp == 1 ? 10 : atyp == 4 ? 22 : 7 + (op.in.get(4) & 0xff);
                    if (have < len) {
                        return;
                    }
                    consume(op, len);
                    send(op, msg);
                    op.state = ECHO;
                } else if (op.state == ECHO && have >= 32) {
                    consume(op, 32);
                    op.state = EOF;
                } else if (op.state == EOF && have > 0) {
                    throw new IOException("more than 32 bytes echoed");
                } else {
                    return;
                }
            }
        }

        private static void check(boolean ok, String what) throws IOException {
            if (!ok) {
                throw new IOException(what);
            }
        }

        private static void consume(Op op, int len) {
            op.in.flip();
            op.in.position(len);
            op.in.compact();
        }

        /** Requests and the echo are tens of bytes: the socket buffer always takes them whole. */
        private static void send(Op op, byte[] bytes) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                if (op.ch.write(b) == 0) {
                    throw new IOException("send buffer full");
                }
            }
        }

        private void done(Selector sel, Op op) {
            close(op);
            long d = System.nanoTime() - op.start;
            if (measuring.get()) {
                if (n == lat.length) {
                    lat = Arrays.copyOf(lat, n * 2);
                }
                lat[n++] = d;
            }
            if (!stop.get()) {
                begin(sel, op);
            }
        }

        private void fail(Selector sel, Op op) {
            close(op);
            if (measuring.get()) {
                errors.incrementAndGet();
            }
            if (!stop.get()) {
                begin(sel, op);
            }
        }

        private static void close(Op op) {
            try {
                if (op.ch != null) {
                    op.ch.close();
                }
            } catch (IOException ignored) {
                // closing a socket of a finished operation
            }
        }
    }

    /** Idle tunnels: open count tunnels to the echo server, PSS delta / count in KiB. */
    static double[] idle(Target t, InetSocketAddress echo, int count, long pid, double settle) throws Exception {
        double heapBefore = settleJvm(pid);
        double[] before = memKb(pid);
        List<Socket> held = Collections.synchronizedList(new ArrayList<>(count));
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Thread th = new Thread(() -> {
                while (next.getAndIncrement() < count) {
                    try {
                        Socket s = open(t, echo);
                        held.add(s);
                    } catch (IOException e) {
                        if (failed.incrementAndGet() == 1) {
                            System.out.println("  (idle: first failure: " + e + ")");
                        }
                    }
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        // every tunnel carries one echo, so the proxy has set up both legs and relayed data
        byte[] one = {1};
        int alive = 0;
        for (Socket s : held) {
            try {
                s.getOutputStream().write(one);
                readFully(s.getInputStream(), new byte[1], 1);
                alive++;
            } catch (IOException e) {
                // counted as missing
            }
        }
        sleepS(settle);
        double heapAfter = settleJvm(pid);
        double[] after = memKb(pid);
        for (Socket s : held) {
            s.close();
        }
        double per = alive == 0 ? Double.NaN : (after[0] - before[0]) / alive;
        double perRss = alive == 0 ? Double.NaN : (after[1] - before[1]) / alive;
        System.out.printf(Locale.ROOT, "  idle: %d tunnels alive, %d failed; PSS %.0f -> %.0f kB, RSS %.0f -> %.0f kB%s%n",
                alive, failed.get(), before[0], after[0], before[1], after[1],
                Double.isNaN(heapBefore) ? "" : String.format(Locale.ROOT, ", live heap %.0f -> %.0f kB", heapBefore, heapAfter));
        double perHeap = alive == 0 ? Double.NaN : (heapAfter - heapBefore) / alive;
        return new double[] {per, alive, perRss, perHeap};
    }

    /**
     * Slow reader: up = the client writes as fast as it can to a server reading 1 MiB/s;
     * down = the source server writes as fast as it can to this client, which reads 1 MiB/s.
     * Returns the largest growth of the proxy's PSS over the run, MB.
     */
    static double slow(Target t, InetSocketAddress dst, boolean up, long pid, double secs) throws Exception {
        settleJvm(pid);
        double start = memKb(pid)[0];
        double max = start;
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder moved = new LongAdder();
        Socket s = open(t, dst);
        s.setSoTimeout(0);
        if (!up) {
            s.setReceiveBufferSize(64 * 1024);
        }
        Thread th = new Thread(() -> {
            try {
                if (up) {
                    byte[] b = new byte[128 * 1024];
                    OutputStream out = s.getOutputStream();
                    while (!stop.get()) {
                        out.write(b);
                        moved.add(b.length);
                    }
                } else {
                    byte[] b = new byte[64 * 1024];
                    InputStream in = s.getInputStream();
                    long next = System.nanoTime();
                    while (!stop.get()) {
                        readFully(in, b, b.length);
                        moved.add(b.length);
                        next += 62_500_000L;
                        long sl = next - System.nanoTime();
                        if (sl > 0) {
                            Thread.sleep(sl / 1_000_000L);
                        }
                    }
                }
            } catch (Exception e) {
                // closed at the end
            }
        });
        th.setDaemon(true);
        th.start();
        long end = System.nanoTime() + (long) (secs * 1e9);
        while (System.nanoTime() < end) {
            Thread.sleep(250);
            max = Math.max(max, memKb(pid)[0]);
        }
        stop.set(true);
        s.close();
        th.join(5000);
        System.out.printf(Locale.ROOT, "  slow %s: %.1f MB passed the client in %.0f s, proxy PSS %.0f kB -> max %.0f kB%n",
                up ? "up" : "down", moved.sum() / 1e6, secs, start, max);
        return (max - start) / 1024.0;
    }

    /** UDP ASSOCIATE: one association, 64-byte request/response datagrams, one at a time. */
    static double[] udp(Target t, InetSocketAddress echo, double warm, double secs) throws Exception {
        try (DatagramSocket ds = new DatagramSocket(new InetSocketAddress(LOOP, 0))) {
            ds.setSoTimeout(500);
            Socket ctl = null;
            InetSocketAddress relay = echo;
            byte[] header = new byte[0];
            if (t.proxy != null) {
                ctl = new Socket();
                ctl.setTcpNoDelay(true);
                ctl.connect(t.proxy, 10_000);
                ctl.setSoTimeout(15_000);
                byte[] b = new byte[300];
                negotiate(t, ctl.getInputStream(), ctl.getOutputStream(), b);
                InetSocketAddress bnd = request(ctl.getInputStream(), ctl.getOutputStream(), b, 3,
                        new InetSocketAddress(LOOP, ds.getLocalPort()));
                relay = bnd.getAddress() == null || bnd.getAddress().isAnyLocalAddress()
                        ? new InetSocketAddress(t.proxy.getAddress(), bnd.getPort()) : bnd;
                byte[] a = echo.getAddress().getAddress();
                header = new byte[] {0, 0, 0, 1, a[0], a[1], a[2], a[3],
                    (byte) (echo.getPort() >> 8), (byte) echo.getPort()};
            }
            byte[] out = new byte[header.length + 64];
            System.arraycopy(header, 0, out, 0, header.length);
            byte[] in = new byte[2048];
            DatagramPacket rp = new DatagramPacket(in, in.length);
            DatagramPacket sp = new DatagramPacket(out, out.length, relay);
            long ok = 0;
            long lost = 0;
            long seq = 0;
            long tw = System.nanoTime() + (long) (warm * 1e9);
            long t0 = 0;
            boolean measuring = false;
            long end = tw + (long) (secs * 1e9);
            while (true) {
                long now = System.nanoTime();
                if (!measuring && now >= tw) {
                    measuring = true;
                    ok = 0;
                    lost = 0;
                    t0 = now;
                }
                if (now >= end) {
                    break;
                }
                seq++;
                ByteBuffer.wrap(out, header.length, 8).putLong(seq);
                ds.send(sp);
                try {
                    while (true) {
                        rp.setData(in);
                        ds.receive(rp);
                        int off = header.length;
                        if (t.proxy != null) {
                            // skip the reply's SOCKS UDP header (IPv4 or IPv6 address)
                            off = in[3] == 4 ? 22 : in[3] == 3 ? 7 + (in[4] & 0xff) : 10;
                        }
                        if (rp.getLength() - off == 64 && ByteBuffer.wrap(in, off, 8).getLong() == seq) {
                            ok++;
                            break;
                        }
                    }
                } catch (SocketTimeoutException e) {
                    lost++;
                }
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            if (ctl != null) {
                ctl.close();
            }
            if (lost > 0) {
                System.out.println("  (udp: " + lost + " datagrams lost)");
            }
            return new double[] {ok / elapsed, lost};
        }
    }

    // ------------------------------------------------------------------ suite

    static void suite(Opts o) throws Exception {
        String name = o.need("name");
        String rep = o.get("rep", "1");
        Target plain = new Target(o.get("proxy", "direct"), null, null);
        String authProxy = o.get("auth-proxy", null);
        Target auth = authProxy == null ? null : new Target(authProxy, o.need("user"), o.need("pass"));
        long pid = Long.parseLong(o.get("pid", "0"));
        boolean doUdp = Boolean.parseBoolean(o.get("udp", "true"));
        double warm = o.dbl("warmup", 1);
        double secs = o.dbl("seconds", 5);
        double slowSecs = o.dbl("slow-seconds", 20);
        int idleCount = o.integer("idle", 9000);
        String only = o.get("only", "bulk,rate,udp,idle,slow");
        InetSocketAddress sink = new InetSocketAddress(LOOP, o.integer("sink", 0));
        InetSocketAddress source = new InetSocketAddress(LOOP, o.integer("source", 0));
        InetSocketAddress echo = new InetSocketAddress(LOOP, o.integer("echo", 0));
        InetSocketAddress echo32 = new InetSocketAddress(LOOP, o.integer("echo32", 0));
        InetSocketAddress slowPort = new InetSocketAddress(LOOP, o.integer("slow", 0));
        InetSocketAddress udpEcho = new InetSocketAddress(LOOP, o.integer("udp-port", 0));

        Result r = new Result();
        System.out.println("== " + name + " (rep " + rep + ")");
        List<String> parts = Arrays.asList(only.split(","));
        if (parts.contains("bulk")) {
            for (int n : new int[] {1, 8}) {
                r.put("bulk_up_" + n, guard(() -> bulk(plain, sink, true, n, warm, secs)));
                r.put("bulk_down_" + n, guard(() -> bulk(plain, source, false, n, warm, secs)));
            }
        }
        if (parts.contains("rate")) {
            double[] a = guardA(() -> rate(plain, echo32, 64, warm, secs), 4);
            r.put("rate_noauth", a[0]);
            r.put("rate_noauth_p50_ms", a[1]);
            r.put("rate_noauth_p99_ms", a[2]);
            if (auth != null) {
                double[] b = guardA(() -> rate(auth, echo32, 64, warm, secs), 4);
                r.put("rate_auth", b[0]);
                r.put("rate_auth_p50_ms", b[1]);
                r.put("rate_auth_p99_ms", b[2]);
            }
        }
        if (parts.contains("udp") && doUdp) {
            r.put("udp_rtt", guardA(() -> udp(plain, udpEcho, warm, secs), 2)[0]);
        }
        if (pid > 0 && parts.contains("idle")) {
            double[] a = guardA(() -> idle(plain, echo, idleCount, pid, Math.max(1, warm)), 4);
            r.put("idle_kib", a[0]);
            r.put("idle_tunnels", a[1]);
            if (!Double.isNaN(a[3])) {
                r.put("idle_heap_kib", a[3]);
            }
            Thread.sleep(1500); // let the proxy tear the tunnels down before the next row
        }
        if (pid > 0 && parts.contains("slow")) {
            r.put("slow_up_mb", guard(() -> slow(plain, slowPort, true, pid, slowSecs)));
            r.put("slow_down_mb", guard(() -> slow(plain, source, false, pid, slowSecs)));
        }
        StringBuilder sb = new StringBuilder();
        for (var e : r.values.entrySet()) {
            sb.append(rep).append('\t').append(name).append('\t').append(e.getKey()).append('\t')
                    .append(String.format(Locale.ROOT, "%.4f", e.getValue())).append('\n');
        }
        Files.writeString(Path.of(o.need("out")), sb.toString(), java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    interface Meas {
        double run() throws Exception;
    }

    interface MeasA {
        double[] run() throws Exception;
    }

    static double guard(Meas m) {
        try {
            return m.run();
        } catch (Exception e) {
            System.out.println("  FAILED: " + e);
            return Double.NaN;
        }
    }

    static double[] guardA(MeasA m, int n) {
        try {
            return m.run();
        } catch (Exception e) {
            System.out.println("  FAILED: " + e);
            double[] a = new double[n];
            Arrays.fill(a, Double.NaN);
            return a;
        }
    }

    // ------------------------------------------------------------------ report

    record Row(String key, String label, String bar, int kind) {
        // kind: 0 = higher is better, ratio vs Dante; 1 = lower is better; 2 = info only
    }

    static final List<Row> ROWS = List.of(
            new Row("bulk_up_1", "Throughput, 1 tunnel, upload (MB/s)", "≥ Dante", 0),
            new Row("bulk_down_1", "Throughput, 1 tunnel, download (MB/s)", "≥ Dante", 0),
            new Row("bulk_up_8", "Throughput, 8 tunnels, upload (MB/s)", "≥ Dante", 0),
            new Row("bulk_down_8", "Throughput, 8 tunnels, download (MB/s)", "≥ Dante", 0),
            new Row("rate_noauth", "Connect+echo+close, 64 clients, no auth (ops/s)", "≥ 2 × Dante", 0),
            new Row("rate_noauth_p50_ms", "  latency p50, no auth (ms)", "", 2),
            new Row("rate_noauth_p99_ms", "  latency p99, no auth (ms)", "", 2),
            new Row("rate_auth", "Connect+echo+close, 64 clients, username/password (ops/s)", "≥ 2 × Dante", 0),
            new Row("rate_auth_p50_ms", "  latency p50, username/password (ms)", "", 2),
            new Row("rate_auth_p99_ms", "  latency p99, username/password (ms)", "", 2),
            new Row("udp_rtt", "UDP ASSOCIATE round trips, 64 B (per s)", "≥ Dante", 0),
            new Row("idle_kib", "Proxy memory per idle tunnel (KiB, PSS delta / tunnels)", "≤ 16 KiB", 1),
            new Row("idle_heap_kib", "  of which live Java heap per tunnel (KiB, after full GC)", "", 2),
            new Row("idle_tunnels", "  idle tunnels held open", "", 2),
            new Row("slow_up_mb", "Slow reader (1 MiB/s) behind fast sender, client→server: proxy PSS growth (MB)", "≤ 64 MB", 1),
            new Row("slow_down_mb", "Slow reader (1 MiB/s) behind fast sender, server→client: proxy PSS growth (MB)", "≤ 64 MB", 1));

    static final List<String> PROXIES = List.of("direct", "dante", "microsocks", "socksgate");

    static void report(Opts o) throws Exception {
        Map<String, Map<String, List<Double>>> data = new HashMap<>();
        int maxRep = 0;
        for (String line : Files.readAllLines(Path.of(o.need("in")))) {
            String[] f = line.split("\t");
            if (f.length != 4) {
                continue;
            }
            maxRep = Math.max(maxRep, Integer.parseInt(f[0]));
            double v = Double.parseDouble(f[3]);
            if (Double.isNaN(v)) {
                continue;
            }
            data.computeIfAbsent(f[2], k -> new HashMap<>()).computeIfAbsent(f[1], k -> new ArrayList<>()).add(v);
        }
        boolean quick = Boolean.parseBoolean(o.get("quick", "false"));
        StringBuilder sb = new StringBuilder();
        sb.append("| Measurement | direct | dante | microsocks | socksgate | socksgate / dante | bar |");
        sb.append(quick ? "\n" : " verdict |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---|").append(quick ? "\n" : "---|\n");
        for (Row row : ROWS) {
            Map<String, List<Double>> byProxy = data.getOrDefault(row.key, Map.of());
            sb.append("| ").append(row.label).append(" |");
            Map<String, Double> med = new HashMap<>();
            for (String p : PROXIES) {
                List<Double> vs = byProxy.get(p);
                if (vs == null || vs.isEmpty()) {
                    sb.append(" n/a |");
                } else {
                    double m = median(vs);
                    med.put(p, m);
                    sb.append(' ').append(fmt(m)).append(vs.size() < maxRep ? " (" + vs.size() + "/" + maxRep + " runs)" : "").append(" |");
                }
            }
            Double sg = med.get("socksgate");
            Double da = med.get("dante");
            String ratio = sg != null && da != null && da != 0 ? String.format(Locale.ROOT, "%.2f", sg / da) : "n/a";
            sb.append(' ').append(row.kind == 2 || row.key.startsWith("slow") ? "" : ratio).append(" | ").append(row.bar).append(" |");
            if (!quick) {
                String verdict = "";
                if (!row.bar.isEmpty() && sg != null) {
                    boolean met;
                    if (row.key.startsWith("rate")) {
                        met = da != null && sg >= 2 * da;
                    } else if (row.key.equals("idle_kib")) {
                        met = sg <= 16;
                    } else if (row.key.startsWith("slow")) {
                        met = sg <= 64;
                    } else {
                        met = da != null && sg >= da;
                    }
                    verdict = met ? "met" : "NOT met";
                }
                sb.append(' ').append(verdict).append(" |");
            }
            sb.append('\n');
        }
        String table = sb.toString();
        System.out.print(table);
        if (o.map.containsKey("out")) {
            Files.writeString(Path.of(o.get("out", "")), table);
        }
    }

    static double median(List<Double> vs) {
        List<Double> s = new ArrayList<>(vs);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static String fmt(double v) {
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** Waits (bounded) until a CONNECT through the proxy to the echo server relays 32 bytes. */
    static void probe(Opts o) throws Exception {
        Target t = new Target(o.need("proxy"), o.get("user", null), o.get("pass", null));
        InetSocketAddress echo = new InetSocketAddress(LOOP, o.integer("echo", 0));
        long end = System.nanoTime() + (long) (o.dbl("timeout", 60) * 1e9);
        Exception last = null;
        while (System.nanoTime() < end) {
            try (Socket s = open(t, echo)) {
                s.getOutputStream().write(new byte[32]);
                readFully(s.getInputStream(), new byte[32], 32);
                return;
            } catch (IOException e) {
                last = e;
                Thread.sleep(250);
            }
        }
        System.err.println("probe " + o.need("proxy") + " failed: " + last);
        System.exit(1);
    }
}
