package io.socksgate.server.internal.transport;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** One of the engine's I/O threads: it runs a processor's loop and keeps the direct buffers it reads into. */
final class IoThread extends Thread {

    private final DirectBufferPool directBuffers;

    IoThread(Runnable loop, String name, long directLimit) {
        super(loop, name);
        directBuffers = new DirectBufferPool(directLimit);
        setDaemon(true);
    }

    DirectBufferPool directBuffers() {
        return directBuffers;
    }

    /** Makes I/O threads named {@code prefix-N}, each with its own pool of {@code directLimit} bytes. */
    static ThreadFactory factory(String prefix, long directLimit) {
        AtomicInteger count = new AtomicInteger();
        return loop -> new IoThread(loop, prefix + "-" + count.incrementAndGet(), directLimit);
    }
}
