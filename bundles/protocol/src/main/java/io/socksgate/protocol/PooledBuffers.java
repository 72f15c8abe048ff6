package io.socksgate.protocol;

import org.apache.mina.core.buffer.CachedBufferAllocator;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * Makes MINA reuse its heap buffers instead of allocating a fresh one for every read.
 *
 * <p>Why: MINA allocates a new buffer for each read of a socket (up to 64 KiB for a relay, and a
 * whole 64 KiB for every datagram), and a new Java array is zeroed before it is used, so each
 * read cost a second pass over memory and fed the garbage collector gigabytes per second under
 * load. With MINA's cached allocator a buffer that MINA frees after writing it (the relay's
 * case), or that the UDP relay frees after sending, goes back to its thread's pool. A buffer
 * that is never freed is simply collected, as before.
 *
 * <p>The allocator is a MINA-wide setting; Socksgate's feature brings the MINA bundle, and the
 * cached allocator is one MINA ships and supports.
 */
public final class PooledBuffers {

    private PooledBuffers() {}

    /** Installs the cached allocator unless it is already in place; idempotent. */
    public static synchronized void install() {
        if (!(IoBuffer.getAllocator() instanceof CachedBufferAllocator)) {
            IoBuffer.setAllocator(new CachedBufferAllocator());
        }
    }
}
