package io.socksgate.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The lean processor against real sockets: writes from its own thread (which poll instead of
 * waking the selector) still go out, and data followed by the end of stream is delivered whole and
 * then reported as closed input.
 */
@Timeout(60)
class LeanNioProcessorTest {

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final LeanNioProcessor processor = new LeanNioProcessor(threads);
    private final NioSocketAcceptor acceptor = new NioSocketAcceptor(processor);
    private final AtomicBoolean inputClosed = new AtomicBoolean();

    @AfterEach
    void stop() {
        acceptor.dispose(true);
        processor.dispose();
        threads.shutdownNow();
    }

    @Test
    void echoesEverythingThenSeesTheEndOfStream() throws Exception {
        // An echo server whose writes come from the processor's own thread, as the relay's do.
        acceptor.setHandler(new IoHandlerAdapter() {
            @Override
            public void messageReceived(IoSession session, Object message) {
                session.write(message);
            }

            @Override
            public void inputClosed(IoSession session) {
                inputClosed.set(true);
                session.closeOnFlush();
            }
        });
        acceptor.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(data);
        try (Socket client = new Socket(
                InetAddress.getLoopbackAddress(), acceptor.getLocalAddress().getPort())) {
            client.setSoTimeout(20_000);
            Thread writer = new Thread(() -> {
                try {
                    // Uneven pieces: many reads come up short, some fill the buffer.
                    int at = 0;
                    Random sizes = new Random(11);
                    while (at < data.length) {
                        int n = Math.min(data.length - at, 1 + sizes.nextInt(70_000));
                        client.getOutputStream().write(data, at, n);
                        at += n;
                    }
                    client.shutdownOutput();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.start();
            ByteArrayOutputStream echoed = new ByteArrayOutputStream();
            InputStream in = client.getInputStream();
            byte[] chunk = new byte[65536];
            for (int n; (n = in.read(chunk)) >= 0; ) {
                echoed.write(chunk, 0, n);
            }
            writer.join();
            assertThat(echoed.toByteArray()).isEqualTo(data);
        }
        await().atMost(Duration.ofSeconds(10)).untilTrue(inputClosed);
    }

    /**
     * Channels are closed after the selector dropped their keys; each must still be closed at
     * once, including the last one, after which the processor's loop ends.
     */
    @Test
    void everyClosedSessionsSocketIsClosedAtOnce() throws Exception {
        acceptor.setHandler(new IoHandlerAdapter() {
            @Override
            public void messageReceived(IoSession session, Object message) {
                session.closeNow();
            }
        });
        acceptor.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        connectAndSeeTheEnd(); // the processor's selector is opened with its first session
        long before = openDescriptors();
        for (int i = 0; i < 50; i++) {
            connectAndSeeTheEnd();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> openDescriptors() <= before);
    }

    private void connectAndSeeTheEnd() throws IOException {
        try (Socket client = new Socket(
                InetAddress.getLoopbackAddress(), acceptor.getLocalAddress().getPort())) {
            client.setSoTimeout(10_000);
            client.getOutputStream().write(1);
            assertThat(client.getInputStream().read())
                    .as("the end of stream, not a reset")
                    .isEqualTo(-1);
        }
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.count();
        }
    }

    @Test
    void aSmallMessageWithTheEndOfStreamInOneGoArrivesWhole() throws Exception {
        StringBuilder received = new StringBuilder();
        acceptor.setHandler(new IoHandlerAdapter() {
            @Override
            public void messageReceived(IoSession session, Object message) {
                IoBuffer bytes = (IoBuffer) message;
                while (bytes.hasRemaining()) {
                    received.append((char) bytes.get());
                }
            }

            @Override
            public void inputClosed(IoSession session) {
                inputClosed.set(true);
                session.closeNow();
            }
        });
        acceptor.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        try (Socket client = new Socket(
                InetAddress.getLoopbackAddress(), acceptor.getLocalAddress().getPort())) {
            client.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes());
            client.shutdownOutput();
            await().atMost(Duration.ofSeconds(10)).untilTrue(inputClosed);
        }
        assertThat(received).hasToString("GET / HTTP/1.0\r\n\r\n");
    }
}
