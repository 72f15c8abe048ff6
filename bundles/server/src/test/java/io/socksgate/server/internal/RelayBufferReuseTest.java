package io.socksgate.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.socksgate.server.internal.transport.IoThreads;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mina.core.buffer.CachedBufferAllocator;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.buffer.IoBufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A busy tunnel reads into pooled buffers and each goes back to the pool once written, so the
 * buffers made anew (a zeroed array of up to 256 KiB each, or direct memory) stay a handful
 * however much is relayed, and no byte is overwritten by a reuse before it was sent. MINA skips
 * the free of a buffer whose write reaches a flush's quota, which the I/O processor makes up for;
 * this fails if that is lost, or if a MINA upgrade frees differently.
 */
@Timeout(120)
class RelayBufferReuseTest {

    private static final long RELAYED = 256L * 1024 * 1024;

    /** MINA's cached allocator, counting the large buffers it had to make because none was pooled. */
    static final class CountingAllocator extends CachedBufferAllocator {
        final AtomicInteger madeLarge = new AtomicInteger();

        @Override
        public IoBuffer wrap(ByteBuffer nioBuffer) {
            if (nioBuffer.capacity() >= 64 * 1024) {
                madeLarge.incrementAndGet();
            }
            return super.wrap(nioBuffer);
        }
    }

    @Test
    void aBusyTunnelReusesItsReadBuffers() throws Exception {
        IoBufferAllocator before = IoBuffer.getAllocator();
        CountingAllocator counting = new CountingAllocator();
        IoBuffer.setAllocator(counting); // the engine leaves an allocator it did not install alone
        try (Firehose source = new Firehose();
                ProxyFixture proxy = new ProxyFixture()) {
            relayAndCheck(proxy, source);
        } finally {
            IoBuffer.setAllocator(before);
        }
        // 1,024 reads of 256 KiB at least went through the pool.
        assertThat(counting.madeLarge.get()).as("large buffers made anew").isLessThan(32);
    }

    /** The engine's own allocator: the I/O thread reads into direct buffers of its pool. */
    @Test
    void aBusyTunnelReusesItsDirectBuffers() throws Exception {
        int madeBefore = IoThreads.directBuffersMade();
        try (Firehose source = new Firehose();
                ProxyFixture proxy = new ProxyFixture()) {
            relayAndCheck(proxy, source);
            // Counted while the engine runs: its I/O threads end with it.
            int made = IoThreads.directBuffersMade() - madeBefore;
            assertThat(made).as("direct buffers made").isPositive().isLessThan(32);
        }
    }

    /** Reads {@link #RELAYED} bytes of the firehose through a SOCKS5 tunnel, each in its place. */
    private static void relayAndCheck(ProxyFixture proxy, Firehose source) throws IOException {
        try (RawClient client = new RawClient(proxy.address())) {
            client.send("05 01 00").send(RawClient.connectRequest(source.address()));
            client.read(12);
            // Small reads make the client the slow side, so writes queue up towards it and a
            // flush writes several buffers at once, as a busy tunnel's flushes do.
            InputStream in = client.socket().getInputStream();
            byte[] chunk = new byte[16 * 1024];
            long received = 0;
            while (received < RELAYED) {
                int n = in.read(chunk);
                assertThat(n).as("bytes read after " + received).isPositive();
                for (int i = 0; i < n; i++) {
                    if (chunk[i] != Firehose.byteAt(received + i)) {
                        throw new AssertionError("byte " + (received + i) + " is " + chunk[i] + ", expected "
                                + Firehose.byteAt(received + i));
                    }
                }
                received += n;
            }
        }
    }
}
