package io.socksgate.server.internal.dial.upstream;

import io.socksgate.server.internal.exchange.Failure;
import io.socksgate.server.internal.relay.OutboundPreamble;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.awaitility.Awaitility;

/**
 * What a {@link RouteDialer} attempt reported, recorded for assertions. Once connected, it stands
 * in for the relay: it keeps receiving the session's bytes (the leftover first) and can write.
 */
final class Dialed implements RouteDialer.Callback {

    sealed interface Outcome {}

    record Connected(Hop hop) implements Outcome {}

    record Failed(Failure failure, String reason) implements Outcome {}

    record AllDown(String reason) implements Outcome {}

    final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    final List<IoSession> placed = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private volatile IoSession session;
    private final long started = System.nanoTime();
    private volatile long endedNanos;

    @Override
    public void placing(IoSession outbound) {
        placed.add(outbound);
    }

    @Override
    public void connected(IoSession outbound, Hop hop, IoBuffer leftover) {
        session = outbound;
        keep(leftover);
        OutboundPreamble.install(outbound, new OutboundPreamble() {
            @Override
            public void opened(IoSession s) {}

            @Override
            public void received(IoSession s, IoBuffer bytes) {
                keep(bytes);
            }

            @Override
            public void closed(IoSession s) {}

            @Override
            public void failed(IoSession s, Throwable cause) {}
        });
        end(new Connected(hop));
    }

    @Override
    public void failed(Failure failure, String reason) {
        end(new Failed(failure, reason));
    }

    @Override
    public void allDown(String reason) {
        end(new AllDown(reason));
    }

    private void end(Outcome result) {
        endedNanos = System.nanoTime();
        if (!outcome.complete(result)) {
            throw new AssertionError("a second outcome: " + result + " after " + outcome.join());
        }
    }

    private void keep(IoBuffer bytes) {
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        synchronized (received) {
            received.writeBytes(copy);
        }
    }

    Outcome await() throws Exception {
        return outcome.get(30, TimeUnit.SECONDS);
    }

    /** How long the attempt took to end. */
    Duration took() {
        return Duration.ofNanos(endedNanos - started);
    }

    String received() {
        synchronized (received) {
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** Writes {@code line} into the tunnel and waits (bounded) for everything received to end with it. */
    String echo(String line) {
        session.write(IoBuffer.wrap(line.getBytes(StandardCharsets.ISO_8859_1)));
        Awaitility.await("echo of " + line.trim())
                .atMost(Duration.ofSeconds(10))
                .until(() -> received().endsWith(line));
        return received();
    }

    void close() {
        if (session != null) {
            session.closeNow();
        }
    }
}
