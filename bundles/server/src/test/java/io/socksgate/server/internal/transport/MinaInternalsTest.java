package io.socksgate.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Lock;
import java.util.jar.JarFile;
import org.apache.mina.transport.socket.nio.NioProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The guard on {@link MinaInternals}: it fails when MINA changes, so an upgrade starts by
 * re-reading that class, and it checks that what the class relies on still holds.
 */
@Timeout(30)
class MinaInternalsTest {

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Probe processor = new Probe(threads);

    @AfterEach
    void stop() {
        processor.dispose();
        threads.shutdownNow();
    }

    @Test
    void writtenForTheMinaOnTheClassPath() throws IOException {
        assertThat(minaVersion())
                .as("MINA changed: re-read MinaInternals against this MINA's NioProcessor,"
                        + " AbstractPollingIoProcessor, NioSocketAcceptor and NioSession, and"
                        + " FilterlessChain against its DefaultIoFilterChain's head and tail, then set"
                        + " MinaInternals.WRITTEN_FOR")
                .isEqualTo(MinaInternals.WRITTEN_FOR);
    }

    @Test
    void aPollWaitsForMinasSelectorLock() throws Exception {
        Lock writeLock = processor.writeLock();
        AtomicReference<Thread> poller = new AtomicReference<>();
        CompletableFuture<Integer> poll;
        writeLock.lock(); // as MINA's registerNewSelector holds it while it swaps the selector
        try {
            poll = CompletableFuture.supplyAsync(
                    () -> {
                        poller.set(Thread.currentThread());
                        try {
                            return processor.pollSelector();
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    threads);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> poller.get() != null && poller.get().getState() == Thread.State.WAITING);
            assertThat(poll).isNotDone();
        } finally {
            writeLock.unlock();
        }
        assertThat(poll.get(10, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void aPollUsesTheSelectorMinaPutInPlace() throws Exception {
        processor.replaceSelector(); // MINA's cure for a spinning selector closes the old one
        assertThat(processor.pollSelector()).isZero();
    }

    /** The version in the manifest of the jar NioProcessor was loaded from. */
    private static String minaVersion() throws IOException {
        URL jar = NioProcessor.class.getProtectionDomain().getCodeSource().getLocation();
        try (JarFile file = new JarFile(jar.getPath())) {
            return file.getManifest().getMainAttributes().getValue("Bundle-Version");
        }
    }

    /** Reaches what only a subclass may: MINA's lock, and its selector replacement. */
    private static final class Probe extends MinaInternals.PollingProcessor {

        Probe(ExecutorService executor) {
            super(executor);
        }

        Lock writeLock() {
            return selectorLock.writeLock();
        }

        void replaceSelector() throws IOException {
            registerNewSelector();
        }
    }
}
