package io.socksgate.server.internal.transport;

import org.apache.mina.core.buffer.CachedBufferAllocator;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * MINA's cached allocator, except that the large buffers the engine's I/O threads ask for (MINA's
 * reads of a busy socket) are direct ones from the thread's own {@link DirectBufferPool}.
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
}
