package io.socksgate.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.mina.core.buffer.CachedBufferAllocator;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.buffer.IoBufferAllocator;
import org.apache.mina.core.buffer.SimpleBufferAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** MINA's JVM-wide allocator: pooled while an engine runs, MINA's default again once it stopped. */
class PooledBuffersTest {

    private IoBufferAllocator before;

    @BeforeEach
    void startFromMinasDefault() {
        before = IoBuffer.getAllocator();
        IoBuffer.setAllocator(new SimpleBufferAllocator());
    }

    @AfterEach
    void putBackWhatWasThere() {
        IoBuffer.setAllocator(before);
    }

    @Test
    void anEngineThatStoppedLeavesMinasDefaultAllocator() {
        ProxyEngine engine = new ProxyEngine();
        try {
            assertThat(IoBuffer.getAllocator()).isInstanceOf(IoThreadAllocator.class);
        } finally {
            engine.stop();
        }
        assertThat(IoBuffer.getAllocator()).isExactlyInstanceOf(SimpleBufferAllocator.class);
    }

    /** A buffer freed into a pool after an engine stopped puts that engine's allocator back. */
    @Test
    void anEarlierEnginesAllocatorPutBackByALateFreeIsReplaced() {
        IoThreadAllocator stale = new IoThreadAllocator();
        stale.allocate(64, false).free(); // MINA's buffer constructor installs its allocator
        assertThat(IoBuffer.getAllocator()).isSameAs(stale);
        PooledBuffers pooled = PooledBuffers.install();
        assertThat(IoBuffer.getAllocator())
                .isInstanceOf(IoThreadAllocator.class)
                .isNotSameAs(stale);
        pooled.close();
        assertThat(IoBuffer.getAllocator()).isExactlyInstanceOf(SimpleBufferAllocator.class);
    }

    @Test
    void anAllocatorSomeoneElseInstalledIsLeftAlone() {
        IoBufferAllocator theirs = new SimpleBufferAllocator() {};
        IoBuffer.setAllocator(theirs);
        PooledBuffers pooled = PooledBuffers.install();
        assertThat(IoBuffer.getAllocator()).isSameAs(theirs);
        pooled.close();
        assertThat(IoBuffer.getAllocator()).isSameAs(theirs);
    }

    @Test
    void anAllocatorThatReplacedOursMeanwhileStays() {
        CachedBufferAllocator later = new CachedBufferAllocator();
        PooledBuffers pooled = PooledBuffers.install();
        IoBuffer.setAllocator(later);
        pooled.close();
        assertThat(IoBuffer.getAllocator()).isSameAs(later);
    }
}
