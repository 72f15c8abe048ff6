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

    /** It fails if the allocator lets a second one in: MINA installs whichever makes a buffer. */
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
        IoBuffer[] second = new IoBuffer[1];
        int made = onIoThread(DirectBufferPool.DEFAULT_LIMIT, () -> {
            IoBuffer first = allocator.allocate(30_000, false);
            first.order(java.nio.ByteOrder.LITTLE_ENDIAN).position(100);
            first.free();
            second[0] = allocator.allocate(20_000, false);
            return pool().made();
        });
        assertThat(made).as("the first buffer, reused").isEqualTo(1);
        assertThat(second[0].capacity()).isEqualTo(32 * 1024); // a power of two, as MINA's pools
        assertThat(second[0].position()).isZero();
        assertThat(second[0].limit()).isEqualTo(20_000);
        assertThat(second[0].order()).isEqualTo(java.nio.ByteOrder.BIG_ENDIAN);
    }

    @Test
    void aSmallerReadTakesALargerPooledBufferAndSmallOnesDoNotStarveLargeReads() throws Exception {
        List<Boolean> direct = onIoThread(4L * LARGE, () -> {
            List<IoBuffer> small = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                small.add(allocator.allocate(DirectBufferPool.SMALLEST, false)); // 1 MiB: the bound
            }
            small.forEach(IoBuffer::free);
            List<Boolean> kinds = new ArrayList<>();
            kinds.add(allocator.allocate(LARGE, false).isDirect()); // at the bound: heap, pool let go
            // Once the collector has the small ones, a large read is direct again (else this times out).
            await().pollInSameThread().atMost(Duration.ofSeconds(30)).until(() -> {
                System.gc();
                IoBuffer large = allocator.allocate(LARGE, false);
                boolean isDirect = large.isDirect();
                large.free();
                return isDirect;
            });
            IoBuffer read = allocator.allocate(DirectBufferPool.SMALLEST, false);
            kinds.add(read.isDirect() && read.capacity() == LARGE); // the pooled large one fits
            return kinds;
        });
        assertThat(direct).containsExactly(false, true);
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
            List<IoBuffer> held = new ArrayList<>(); // none freed, none collected meanwhile
            for (int i = 0; i < 6; i++) {
                held.add(allocator.allocate(LARGE, false));
            }
            return held.stream().map(IoBuffer::isDirect).toList();
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
    void aGrownBufferMovesToTheHeapKeepsItsBytesAndGivesItsBufferBack() throws Exception {
        int[] counts = onIoThread(DirectBufferPool.DEFAULT_LIMIT, () -> {
            IoBuffer buffer =
                    allocator.allocate(DirectBufferPool.SMALLEST, false).setAutoExpand(true);
            byte[] bytes = new byte[DirectBufferPool.SMALLEST + 1];
            bytes[0] = 5;
            bytes[bytes.length - 1] = 7;
            buffer.put(bytes).flip();
            assertThat(buffer.isDirect()).as("grown").isFalse();
            assertThat(buffer.get(0)).isEqualTo((byte) 5);
            assertThat(buffer.get(bytes.length - 1)).isEqualTo((byte) 7);
            buffer.free();
            return new int[] {pool().made(), pool().pooled()};
        });
        assertThat(counts).as("made, pooled").containsExactly(1, 1);
    }

    /** A heap buffer that grows on an I/O thread stays heap and takes nothing from the pool. */
    @Test
    void aHeapBufferGrowingOnAnIoThreadTakesNoPoolBuffer() throws Exception {
        int made = onIoThread(DirectBufferPool.DEFAULT_LIMIT, () -> {
            IoBuffer pending = allocator.allocate(64, false).setAutoExpand(true);
            pending.put(new byte[40_000]);
            assertThat(pending.isDirect()).isFalse();
            pending.free();
            return pool().made();
        });
        assertThat(made).isZero();
    }
}
