package io.socksgate.server.internal.transport;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.buffer.IoBufferAllocator;
import org.apache.mina.core.buffer.SimpleBufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pooled buffers while the engine runs ({@link IoThreadAllocator}: direct ones for the I/O
 * threads' large reads, MINA's cached allocator for the rest); MINA's default is back once it stops.
 *
 * <p>Why: MINA allocates a new buffer for each read of a socket (up to 256 KiB for a relay), and a
 * new Java array is zeroed before it is used, so each read cost a second pass over memory and fed
 * the garbage collector gigabytes per second under load. With pooling a buffer freed on the thread
 * that made it goes back to that thread's pool: a relayed buffer once written ({@link
 * FilterlessChain} frees it, as MINA frees only the duplicate it writes).
 *
 * <p>The allocator is one setting for the whole JVM (MINA's read path calls the static {@code
 * IoBuffer.allocate}, so it cannot be handed to our processors alone). So it is replaced only when
 * it is MINA's default, and MINA's default comes back on {@link #close()} unless someone replaced
 * ours meanwhile; an allocator someone else installed is never touched (MINA disposes the one it
 * replaces). One of ours is replaced too, though it may be of an earlier version of this bundle:
 * a MINA buffer installs the allocator that made it whenever it is made, so a buffer freed into
 * a pool after {@link #close()} puts an engine's allocator back, which would otherwise keep the
 * next engine from installing its own, and keep the old bundle's classes loaded. The engine is the
 * only owner: the UDP relay serves only associations the engine opened, so it pools while the
 * engine runs.
 */
final class PooledBuffers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PooledBuffers.class);

    /** The allocator this installed, or null when it left the one in place alone. */
    private final IoBufferAllocator installed;

    private PooledBuffers(IoBufferAllocator installed) {
        this.installed = installed;
    }

    /** Installs the pooling allocator in place of MINA's default. */
    static PooledBuffers install() {
        synchronized (IoBuffer.class) {
            IoBufferAllocator current = IoBuffer.getAllocator();
            if (current.getClass() != SimpleBufferAllocator.class
                    && !current.getClass().getName().equals(IoThreadAllocator.class.getName())) {
                LOG.debug("MINA's buffer allocator is {}, not its default: left as it is", current);
                return new PooledBuffers(null);
            }
            IoThreadAllocator pooled = new IoThreadAllocator();
            IoBuffer.setAllocator(pooled);
            return new PooledBuffers(pooled);
        }
    }

    /** Puts MINA's default allocator back, if the one installed here is still in place. */
    @Override
    public void close() {
        synchronized (IoBuffer.class) {
            if (installed != null && IoBuffer.getAllocator() == installed) {
                IoBuffer.setAllocator(new SimpleBufferAllocator());
            }
        }
    }
}
