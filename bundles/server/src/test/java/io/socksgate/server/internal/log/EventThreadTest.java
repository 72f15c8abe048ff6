package io.socksgate.server.internal.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The session events thread: order, wake-ups after it went to sleep, the bound, failures. */
@Timeout(60)
class EventThreadTest {

    /** No end-of-batch action. */
    private static final Runnable NOTHING = () -> {};

    private final List<RuntimeException> failures = new CopyOnWriteArrayList<>();
    private EventThread thread;

    @AfterEach
    void stop() {
        if (thread != null) {
            thread.stop();
        }
    }

    @Test
    void runsTasksFromSeveralProducersEachInItsOrder() throws Exception {
        thread = new EventThread("test-events", 100_000, failures::add, NOTHING);
        // Not a CopyOnWriteArrayList: 20,000 appends would copy the array each time (seconds on a busy machine).
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        List<Thread> producers = IntStream.range(0, 4)
                .mapToObj(p -> new Thread(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        int n = i;
                        assertThat(thread.submit(() -> seen.add(p + ":" + n))).isTrue();
                    }
                }))
                .toList();
        producers.forEach(Thread::start);
        for (Thread producer : producers) {
            producer.join();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 20_000);
        for (int p = 0; p < 4; p++) {
            String prefix = p + ":";
            List<Integer> order = seen.stream()
                    .filter(s -> s.startsWith(prefix))
                    .map(s -> Integer.parseInt(s.substring(prefix.length())))
                    .toList();
            assertThat(order).isSorted().hasSize(5_000);
        }
    }

    @Test
    void aTaskSubmittedAfterTheThreadFellAsleepIsRun() throws Exception {
        thread = new EventThread("test-events", 16, failures::add, NOTHING);
        for (int round = 0; round < 20; round++) {
            // Past its linger the thread sleeps until a producer wakes it.
            await().atMost(Duration.ofSeconds(5)).until(thread::isAsleep);
            CountDownLatch ran = new CountDownLatch(1);
            assertThat(thread.submit(ran::countDown)).isTrue();
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void refusesTasksBeyondItsCapacityWhileOneIsStuck() throws Exception {
        thread = new EventThread("test-events", 3, failures::add, NOTHING);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        assertThat(thread.submit(() -> {
                    started.countDown();
                    awaitQuietly(release);
                }))
                .isTrue();
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(thread.submit(() -> {})).isTrue();
        assertThat(thread.submit(() -> {})).isTrue();
        assertThat(thread.submit(() -> {})).isTrue();
        assertThat(thread.submit(() -> {})).as("a fourth queued task").isFalse();
        release.countDown();
        CountDownLatch drained = new CountDownLatch(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> thread.submit(drained::countDown));
        assertThat(drained.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aFailingTaskIsReportedAndTheNextOneStillRuns() throws Exception {
        thread = new EventThread("test-events", 16, failures::add, NOTHING);
        CountDownLatch after = new CountDownLatch(1);
        thread.submit(() -> {
            throw new IllegalStateException("listener bug");
        });
        thread.submit(after::countDown);
        assertThat(after.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0)).hasMessage("listener bug");
    }

    @Test
    void refusesTasksOnceStopped() {
        thread = new EventThread("test-events", 16, failures::add, NOTHING);
        thread.stop();
        assertThat(thread.submit(() -> {})).isFalse();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void theEndOfBatchActionRunsOnceTheQueuedTasksAreDoneNotAfterEachTask() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        thread = new EventThread("test-events", 100, failures::add, () -> seen.add("end"));
        CountDownLatch gate = new CountDownLatch(1);
        thread.submit(() -> {
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            seen.add("first");
        });
        for (int i = 0; i < 10; i++) {
            int n = i;
            thread.submit(() -> seen.add("task " + n));
        }
        gate.countDown(); // the ten wait in the queue: one batch with the first
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("end"));
        assertThat(seen).hasSize(12).startsWith("first", "task 0").endsWith("task 9", "end");

        thread.submit(() -> seen.add("later"));
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 14);
        assertThat(seen).endsWith("later", "end");
    }
}
