package io.socksgate.server.internal.transport;

import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.buffer.IoBufferAllocator;

/**
 * The direct buffers one I/O thread reads into: made while the direct bytes this pool made and
 * that still live stay under a bound, and reused once freed on that thread.
 *
 * <p>Why bounded: a direct buffer's memory goes back only when the collector finds the buffer
 * unreachable, and the JDK forces full collections when direct memory nears its limit. Direct
 * buffers made anew for each read once made the relay crawl (docs/PERFORMANCE.md, session 15).
 * Here the bytes made count until the buffer is collected, not until it is freed: a buffer that
 * never comes back (a session closed with writes queued) or comes back on another thread keeps
 * its share of the bound until the collector has it, and meanwhile {@link #take} answers null, so
 * the caller reads into a heap buffer as before.
 *
 * <p>Only the owning thread takes and gives back; the live count is also lowered by the cleaner's
 * thread.
 */
final class DirectBufferPool {

    /** Smaller reads (handshakes, interactive traffic) stay in heap buffers: their copy is cheap. */
    static final int SMALLEST = 16 * 1024;
    /** The largest read MINA makes here. */
    static final int LARGEST = ProxyEngine.MAX_READ_BUFFER;
    /**
     * Direct bytes one I/O thread may have live. Eight busy tunnels on one thread use about 6 MiB
     * (a read and up to a high watermark queued per direction); more reads use heap buffers.
     */
    static final long DEFAULT_LIMIT = 16L * 1024 * 1024;

    private static final Cleaner CLEANER = Cleaner.create();
    private static final int FIRST_SLOT = Integer.numberOfTrailingZeros(SMALLEST);

    private final long limit;
    /** Freed buffers by capacity, a power of two from SMALLEST to LARGEST; used last in, first out. */
    private final List<ArrayDeque<ByteBuffer>> free = new ArrayList<>();
    /** Direct bytes this pool made that the collector has not yet collected. */
    private final AtomicLong live = new AtomicLong();
    /** Direct buffers this pool made, for tests. */
    private final AtomicInteger made = new AtomicInteger();

    DirectBufferPool(long limit) {
        this.limit = limit;
        for (int capacity = SMALLEST; capacity <= LARGEST; capacity *= 2) {
            free.add(new ArrayDeque<>());
        }
    }

    /** Whether a read of {@code capacity} bytes is one for this pool's buffers. */
    static boolean serves(int capacity) {
        return capacity >= SMALLEST && capacity <= LARGEST;
    }

    /**
     * A direct buffer with room for {@code requested} bytes ({@link #serves}), reused or made; null
     * when making one would pass the bound.
     *
     * @param allocator the installed allocator: MINA makes the one a buffer is made with the JVM's
     */
    IoBuffer take(int requested, IoBufferAllocator allocator) {
        int capacity = Integer.highestOneBit(requested - 1) << 1; // the power of two that fits, as MINA's
        ByteBuffer buffer = pooled(slot(capacity));
        if (buffer == null) {
            if (live.get() + capacity > limit) {
                letGoOfPooled();
                return null;
            }
            buffer = ByteBuffer.allocateDirect(capacity);
            live.addAndGet(capacity);
            made.incrementAndGet();
            CLEANER.register(buffer, new Collected(live, capacity));
        }
        buffer.clear().limit(requested);
        buffer.order(ByteOrder.BIG_ENDIAN);
        return new PooledDirectBuffer(allocator, this, buffer);
    }

    /** A pooled buffer of the slot's capacity, else of the nearest larger one; null for none. */
    private ByteBuffer pooled(int slot) {
        for (int i = slot; i < free.size(); i++) {
            ByteBuffer buffer = free.get(i).pollLast();
            if (buffer != null) {
                return buffer;
            }
        }
        return null;
    }

    /**
     * At the bound with no buffer that fits: the smaller pooled ones go to the collector, so that
     * once it has them the bound has room again (many small reads must not keep large ones heap
     * for good).
     */
    private void letGoOfPooled() {
        for (ArrayDeque<ByteBuffer> queue : free) {
            queue.clear();
        }
    }

    /** Keeps a freed buffer for the next {@link #take}; on the owning thread only. */
    void giveBack(ByteBuffer buffer) {
        free.get(slot(buffer.capacity())).addLast(buffer);
    }

    /** Direct bytes made and not yet collected, for tests. */
    long live() {
        return live.get();
    }

    /** Direct buffers made so far, for tests. */
    int made() {
        return made.get();
    }

    /** Buffers waiting to be taken, for tests. */
    int pooled() {
        int pooled = 0;
        for (ArrayDeque<ByteBuffer> queue : free) {
            pooled += queue.size();
        }
        return pooled;
    }

    private static int slot(int capacity) {
        return Integer.numberOfTrailingZeros(capacity) - FIRST_SLOT;
    }

    /** Lowers the live count when a buffer is collected; holds nothing of the buffer itself. */
    private static final class Collected implements Runnable {
        private final AtomicLong live;
        private final int capacity;

        Collected(AtomicLong live, int capacity) {
            this.live = live;
            this.capacity = capacity;
        }

        @Override
        public void run() {
            live.addAndGet(-capacity);
        }
    }
}
