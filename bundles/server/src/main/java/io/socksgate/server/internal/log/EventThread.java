package io.socksgate.server.internal.log;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One thread running submitted tasks in order, from a bounded queue, built so that handing it a
 * task is cheap for the I/O threads.
 *
 * <p>Why not a single-thread {@code ThreadPoolExecutor}: it wakes its thread for every task
 * that arrives while the thread waits, and under load that was one futex call and one context
 * switch per session event, paid by the I/O thread. Here the thread, once it has run out of
 * tasks, first lingers for {@link #LINGER_NANOS} while nobody wakes it, picking up whatever
 * arrived meanwhile as one batch; only when a linger passes without a task does it sleep until a
 * producer wakes it. So a busy proxy wakes this thread about once per linger instead of once per
 * event, and an idle one sleeps; a task waits at most about one linger.
 *
 * <p>Each time the thread has run out of tasks it first runs its end-of-batch action (the access
 * log writes what the batch collected).
 */
public final class EventThread {

    static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final int capacity;
    private final Consumer<RuntimeException> failures;
    private final Runnable endOfBatch;
    private final Thread thread;
    /** Set by the thread before it sleeps; a producer that clears it must wake the thread. */
    private final AtomicInteger sleeping = new AtomicInteger();

    private volatile boolean stopped;

    EventThread(String name, int capacity, Consumer<RuntimeException> failures, Runnable endOfBatch) {
        this.capacity = capacity;
        this.failures = failures;
        this.endOfBatch = endOfBatch;
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** @return false when the queue is full or the thread stopped: the task is not run */
    boolean submit(Runnable task) {
        if (stopped) {
            return false;
        }
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            return false;
        }
        tasks.add(task);
        if (sleeping.get() == 1 && sleeping.compareAndSet(1, 0)) {
            LockSupport.unpark(thread);
        }
        return true;
    }

    /** Whether the thread sleeps until a producer wakes it (for tests). */
    boolean isAsleep() {
        return sleeping.get() == 1;
    }

    /** Stops after the tasks already queued; does not wait. */
    void stop() {
        stopped = true;
        LockSupport.unpark(thread);
    }

    private void run() {
        boolean lingered = false;
        boolean batch = false;
        while (true) {
            Runnable task = tasks.poll();
            if (task != null) {
                queued.decrementAndGet();
                runSafely(task);
                lingered = false;
                batch = true;
                continue;
            }
            if (batch) {
                runSafely(endOfBatch);
                batch = false;
            }
            if (stopped) {
                return;
            }
            if (!lingered) {
                LockSupport.parkNanos(this, LINGER_NANOS);
                lingered = true;
            } else {
                sleeping.set(1);
                if (tasks.isEmpty() && !stopped) { // a task added before the flag was seen is not missed
                    LockSupport.park(this);
                }
                sleeping.set(0);
                lingered = false;
            }
        }
    }

    private void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            failures.accept(e);
        }
    }
}
