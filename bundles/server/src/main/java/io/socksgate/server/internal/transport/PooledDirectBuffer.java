package io.socksgate.server.internal.transport;

import java.nio.ByteBuffer;
import org.apache.mina.core.buffer.AbstractIoBuffer;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.buffer.IoBufferAllocator;

/**
 * A MINA buffer around one of a {@link DirectBufferPool}'s buffers: freed on the pool's thread, it
 * goes back to the pool. Its duplicates (MINA writes one) and slices never give anything back.
 * Grown (an auto-expanding buffer that needs more room), it moves to a heap buffer ({@link
 * IoThreadAllocator#allocateNioBuffer}) and gives the pool's back.
 */
final class PooledDirectBuffer extends AbstractIoBuffer {

    /** The pool this buffer came from; null for a derived buffer. */
    private final DirectBufferPool pool;
    /** The pool's buffer until it goes back: when freed, or when grown into another. */
    private ByteBuffer lent;

    private ByteBuffer buf;

    PooledDirectBuffer(IoBufferAllocator allocator, DirectBufferPool pool, ByteBuffer buf) {
        super(allocator, buf.capacity());
        this.pool = pool;
        this.lent = buf;
        this.buf = buf;
    }

    private PooledDirectBuffer(PooledDirectBuffer parent, ByteBuffer buf) {
        super(parent);
        this.pool = null;
        this.buf = buf;
    }

    @Override
    public ByteBuffer buf() {
        if (buf == null) {
            throw new IllegalStateException("Buffer has been freed already.");
        }
        return buf;
    }

    /** Grown: the new buffer (copied from the pool's) takes its place, and the pool's goes back. */
    @Override
    protected void buf(ByteBuffer newBuf) {
        buf = newBuf;
        if (newBuf != lent) {
            giveBack();
        }
    }

    @Override
    public void free() {
        buf = null;
        giveBack();
    }

    /** Only on the pool's own thread: elsewhere the pool's buffer is left to the collector. */
    private void giveBack() {
        ByteBuffer buffer = lent;
        lent = null;
        if (buffer != null && Thread.currentThread() instanceof IoThread thread && thread.directBuffers() == pool) {
            pool.giveBack(buffer);
        }
    }

    @Override
    protected IoBuffer duplicate0() {
        return new PooledDirectBuffer(this, buf().duplicate());
    }

    @Override
    protected IoBuffer slice0() {
        return new PooledDirectBuffer(this, buf().slice());
    }

    @Override
    protected IoBuffer asReadOnlyBuffer0() {
        return new PooledDirectBuffer(this, buf().asReadOnlyBuffer());
    }

    @Override
    public byte[] array() {
        return buf().array();
    }

    @Override
    public int arrayOffset() {
        return buf().arrayOffset();
    }

    @Override
    public boolean hasArray() {
        return buf().hasArray();
    }
}
