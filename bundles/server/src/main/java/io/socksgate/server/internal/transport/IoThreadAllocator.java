package io.socksgate.server.internal.transport;

import java.nio.ByteBuffer;
import org.apache.mina.core.buffer.CachedBufferAllocator;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * MINA's cached allocator, except that the buffers of 16 to 256 KiB the engine's I/O threads ask
 * for (in practice MINA's reads of a busy socket; a pending request's copy may be one too) are
 * direct ones from the thread's own {@link DirectBufferPool}. Such a buffer has no array; the one
 * reader that looks at arrays ({@code HeadScanner}) asks {@code hasArray} first.
 *
 * <p>Why direct: the JDK reads into a heap buffer through a temporary direct buffer of its own and
 * copies from it, and writes a heap buffer the same way, so every relayed byte was copied twice
 * more than the kernel copies it: 13 % of the I/O thread's time in the eight-tunnel rows
 * (docs/PERFORMANCE.md). A thread whose pool is at its bound gets heap buffers, as does every
 * other thread and every smaller request.
 *
 * <p>Why a subclass, not a wrapper around a cached allocator: MINA's buffer constructor makes the
 * allocator it is given the JVM-wide one ({@code AbstractIoBuffer} calls the static {@code
 * IoBuffer.setAllocator}). So every buffer is made with this allocator, which stays installed;
 * a second allocator inside would take its place at its first buffer.
 */
final class IoThreadAllocator extends CachedBufferAllocator {

    @Override
    public IoBuffer allocate(int capacity, boolean direct) {
        if (DirectBufferPool.serves(capacity) && Thread.currentThread() instanceof IoThread thread) {
            IoBuffer buffer = thread.directBuffers().take(capacity, this);
            if (buffer != null) {
                return buffer;
            }
        }
        return super.allocate(capacity, direct);
    }

    /**
     * A grown or shrunk buffer's new room (MINA's {@code AbstractIoBuffer.capacity}): always heap,
     * and never through {@link #allocate}, so that growing never takes a pool's buffer, which
     * would not come back, nor makes direct memory the pools do not count.
     */
    @Override
    public ByteBuffer allocateNioBuffer(int capacity, boolean direct) {
        return super.allocate(capacity, false).buf();
    }
}
