package io.socksgate.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.buffer.IoBufferAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The I/O threads' direct buffers: reused once freed on their thread, never more live than the
 * bound (heap buffers beyond it), and a buffer that never came back counts until it is collected.
 */
class DirectBufferPoolTest {

    private static final int LARGE = 256 * 1024;

    private final IoThreadAllocator allocator = new IoThreadAllocator();
    private IoBufferAllocator before;

    /** MINA makes the allocator a buffer is made with the JVM-wide one: this one, for these tests. */
    @BeforeEach
    void install() {
        before = IoBuffer.getAllocator();
        IoBuffer.setAllocator(allocator);
    }

    @AfterEach
    void putBackWhatWasThere() {
        IoBuffer.setAllocator(before);
    }

    /** Runs {@code work} on a new I/O thread whose pool holds {@code limit} bytes. */
    private static <T> T onIoThread(long limit, Callable<T> work) throws Exception {
        FutureTask<T> task = new FutureTask<>(work);
        Thread thread = IoThread.factory("test-io", limit).newThread(task);
        thread.start();
        return task.get();
    }

    private static DirectBufferPool pool() {
        return ((IoThread) Thread.currentThread()).directBuffers();
    }

    @Test
    void aLargeReadOnAnIoThreadIsDirectAndFreedItIsReused() throws Exception {
        int[] made = onIoThread(DirectBufferPool.DEFAULT_LIMIT, () -> {
            for (int i = 0; i < 1000; i++) {
                IoBuffer buffer = allocator.allocate(LARGE, false);
                assertThat(buffer.isDirect()).isTrue();
                assertThat(buffer.remaining()).isEqualTo(LARGE);
                buffer.put((byte) 1).flip();
                buffer.free();
            }
            return new int[] {pool().made(), pool().pooled()};
        });
        assertThat(made[0]).as("direct buffers made").isEqualTo(1);
        assertThat(made[1]).as("pooled").isEqualTo(1);
    }

    /** It fails if MINA's buffers stop installing their allocator, or ours lets a second one in. */
    @Test
    void theAllocatorStaysInstalledWhateverItMakes() throws Exception {
        onIoThread(DirectBufferPool.DEFAULT_LIMIT, () -> {
            allocator.allocate(LARGE, false).duplicate().free();
            allocator.allocate(100, false).free();
            return null;
        });
        allocator.allocate(LARGE, true).free();
        assertThat(IoBuffer.getAllocator()).isSameAs(allocator);
    }

    @Test
    void aReusedBufferStartsEmptyAndBigEndianWithTheLimitAsked() throws Exception {
        IoBuffer second = onIoThread(DirectBufferPool.DEFAULT_LIMIT, () -> {
            IoBuffer first = allocator.allocate(LARGE, false);
            first.order(java.nio.ByteOrder.LITTLE_ENDIAN).position(100);
            first.free();
            return allocator.allocate(20_000, false);
        });
        assertThat(second.capacity()).isEqualTo(32 * 1024); // a power of two, as MINA's pools
        assertThat(second.position()).isZero();
        assertThat(second.limit()).isEqualTo(20_000);
        assertThat(second.order()).isEqualTo(java.nio.ByteOrder.BIG_ENDIAN);
    }

    @Test
    void smallReadsAndOtherThreadsGetHeapBuffers() throws Exception {
        boolean smallDirect = onIoThread(
                DirectBufferPool.DEFAULT_LIMIT,
                () -> allocator.allocate(2048, false).isDirect());
        assertThat(smallDirect).isFalse();
        assertThat(allocator.allocate(LARGE, false).isDirect()).isFalse();
    }

    @Test
    void pastItsBoundAThreadReadsIntoHeapBuffers() throws Exception {
        List<Boolean> direct = onIoThread(4L * LARGE, () -> {
            List<Boolean> kinds = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                kinds.add(allocator.allocate(LARGE, false).isDirect()); // none freed
            }
            return kinds;
        });
        assertThat(direct).containsExactly(true, true, true, true, false, false);
    }

    @Test
    void aBufferFreedOnAnotherThreadOrADuplicateGivesNothingBack() throws Exception {
        IoBuffer[] taken = new IoBuffer[1];
        DirectBufferPool pool = onIoThread(DirectBufferPool.DEFAULT_LIMIT, () -> {
            IoBuffer original = allocator.allocate(LARGE, false);
            original.duplicate().free(); // MINA writes and frees a duplicate
            assertThat(pool().pooled()).isZero();
            taken[0] = original;
            return pool();
        });
        taken[0].free(); // on this thread, not the pool's
        assertThat(pool.pooled()).isZero();
    }

    @Test
    void aBufferThatNeverCameBackCountsUntilCollected() throws Exception {
        DirectBufferPool pool = onIoThread(2L * LARGE, () -> {
            allocator.allocate(LARGE, false);
            allocator.allocate(LARGE, false);
            assertThat(allocator.allocate(LARGE, false).isDirect())
                    .as("at the bound")
                    .isFalse();
            return pool();
        });
        assertThat(pool.live()).isEqualTo(2L * LARGE);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            System.gc(); // the two buffers are unreachable; only a collection tells the pool
            return pool.live() == 0;
        });
    }

    @Test
    void aGrownBufferKeepsItsBytesAndGivesItsFirstBufferBack() throws Exception {
        int pooled = onIoThread(DirectBufferPool.DEFAULT_LIMIT, () -> {
            IoBuffer buffer =
                    allocator.allocate(DirectBufferPool.SMALLEST, false).setAutoExpand(true);
            byte[] bytes = new byte[DirectBufferPool.SMALLEST + 1];
            bytes[0] = 5;
            bytes[bytes.length - 1] = 7;
            buffer.put(bytes).flip();
            assertThat(buffer.capacity()).isGreaterThan(DirectBufferPool.SMALLEST);
            assertThat(buffer.get(0)).isEqualTo((byte) 5);
            assertThat(buffer.get(bytes.length - 1)).isEqualTo((byte) 7);
            return pool().pooled();
        });
        assertThat(pooled).as("the first buffer, back").isEqualTo(1);
    }
}
