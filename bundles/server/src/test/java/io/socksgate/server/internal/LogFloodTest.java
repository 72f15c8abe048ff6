package io.socksgate.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What normal clients do in great numbers does not flood the log: 5,000 connection resets are
 * DEBUG (MINA would log each as an ERROR), and 5,000 connections refused at max.sessions are a
 * line or two with a count. The log is what slf4j-simple (level INFO) writes to System.err.
 */
@Timeout(180)
class LogFloodTest {

    private static final int RESETS = 5000;
    private static final int REFUSALS = 5000;
    private static final int MAX_SESSIONS = 20;

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalErr;
    private ProxyFixture proxy;

    @BeforeEach
    void start() throws IOException {
        proxy = new ProxyFixture(Map.of("timeout.handshake", 120));
        originalErr = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        System.setErr(originalErr);
        proxy.close();
        originalErr.print(log());
    }

    @Test
    void aBurstOfResetsAndRefusalsLeavesNoErrorAndFewLines() throws IOException {
        // Resets: a client that greets, gets its answer, and resets (SO_LINGER 0) while the
        // proxy reads; every second one has its reply written into the reset.
        for (int i = 0; i < RESETS; i++) {
            try (Socket client = new Socket()) {
                client.connect(proxy.address(), RawClient.READ_TIMEOUT_MILLIS);
                client.setSoTimeout(RawClient.READ_TIMEOUT_MILLIS);
                client.getOutputStream().write(Hex.bytes("05 01 00"));
                if (i % 2 == 0) {
                    assertThat(client.getInputStream().readNBytes(2)).isEqualTo(Hex.bytes("05 00"));
                }
                client.setSoLinger(true, 0);
            }
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> proxy.sessions.sessions().isEmpty());

        // Refusals: the listener is full, every further client is closed at once.
        proxy.listener.update(Configs.settings(
                "test",
                Map.of("port", proxy.address().getPort(), "timeout.handshake", 120, "max.sessions", MAX_SESSIONS)));
        List<Socket> holders = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_SESSIONS; i++) {
                Socket holder = new Socket();
                holder.connect(proxy.address(), RawClient.READ_TIMEOUT_MILLIS);
                holders.add(holder);
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> proxy.sessions.sessions().size() == MAX_SESSIONS);
            for (int i = 0; i < REFUSALS; i++) {
                try (Socket client = new Socket()) {
                    client.connect(proxy.address(), RawClient.READ_TIMEOUT_MILLIS);
                    client.setSoTimeout(RawClient.READ_TIMEOUT_MILLIS);
                    assertThat(client.getInputStream().read())
                            .as("refused client #" + i)
                            .isEqualTo(-1);
                }
            }
        } finally {
            for (Socket holder : holders) {
                holder.close();
            }
        }
        // The refusals' count comes at the end of the interval.
        await().atMost(Duration.ofSeconds(30)).until(() -> log().contains("more like it in the last"));

        List<String> lines = log().lines().toList();
        String all = "\n  the log:\n" + String.join("\n", lines);
        assertThat(lines.stream().filter(line -> line.contains("ERROR")))
                .as("ERROR lines" + all)
                .isEmpty();
        assertThat(lines)
                .as("lines for %d resets and %d refusals%s", RESETS, REFUSALS, all)
                .hasSizeLessThan(20);
        long counted = lines.stream()
                .filter(line -> line.contains("refused: listener at max.sessions=" + MAX_SESSIONS))
                .mapToLong(LogFloodTest::countIn)
                .sum();
        assertThat(counted).as("refusals the log accounts for" + all).isEqualTo(REFUSALS);
    }

    /** 1 for a single refusal line, 1 + N for "... (and N more like it ...)". */
    private static long countIn(String line) {
        int and = line.indexOf("(and ");
        return and < 0 ? 1 : Long.parseLong(line.substring(and + 5, line.indexOf(' ', and + 5)));
    }

    private String log() {
        return captured.toString(StandardCharsets.UTF_8);
    }
}
