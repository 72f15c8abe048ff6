package io.socksgate.bench.servers;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A non-blocking echo server on selector threads that share one listening channel. With {@code
 * closeAfter} 0 it holds connections open (idle tunnels); otherwise it closes a connection first
 * once it has echoed that many bytes (connection rate).
 */
final class EchoServer implements Runnable {

    /** One connection's pending echo. */
    private static final class Connection {
        final ByteBuffer buffer = ByteBuffer.allocate(4096);
        long written;
    }

    private final ServerSocketChannel server;
    private final Selector selector;
    private final int closeAfter;

    private EchoServer(ServerSocketChannel server, Selector selector, int closeAfter) {
        this.server = server;
        this.selector = selector;
        this.closeAfter = closeAfter;
    }

    /** Starts {@code threads} selector threads on {@code server} (not daemons: see LoopbackServers). */
    static void start(ServerSocketChannel server, int threads, int closeAfter) throws IOException {
        server.configureBlocking(false);
        for (int i = 0; i < threads; i++) {
            Selector selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
            new Thread(new EchoServer(server, selector, closeAfter), "echo-" + closeAfter + "-" + i).start();
        }
    }

    @Override
    public void run() {
        try {
            while (true) {
                selector.select();
                for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey key = it.next();
                    it.remove();
                    try {
                        handle(key);
                    } catch (IOException e) {
                        key.cancel();
                        try {
                            key.channel().close();
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

    private void handle(SelectionKey key) throws IOException {
        if (!key.isValid()) {
            return;
        }
        if (key.isAcceptable()) {
            SocketChannel channel = server.accept();
            if (channel != null) {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.register(selector, SelectionKey.OP_READ, new Connection());
            }
            return;
        }
        SocketChannel channel = (SocketChannel) key.channel();
        Connection connection = (Connection) key.attachment();
        ByteBuffer buffer = connection.buffer;
        if (key.isReadable() && channel.read(buffer) < 0) {
            key.cancel();
            channel.close();
            return;
        }
        buffer.flip();
        connection.written += channel.write(buffer);
        buffer.compact();
        if (closeAfter > 0 && connection.written >= closeAfter && buffer.position() == 0) {
            key.cancel();
            channel.close();
            return;
        }
        key.interestOps(buffer.position() > 0 ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }
}
