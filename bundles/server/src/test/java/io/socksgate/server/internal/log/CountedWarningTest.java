package io.socksgate.server.internal.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.helpers.MessageFormatter;

class CountedWarningTest {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final CountedWarning warning = new CountedWarning(recordingLogger(), Duration.ofMillis(300), timers);

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    @Test
    void aBurstIsTheFirstLineThenOneLineWithTheCount() {
        for (int i = 1; i <= 5000; i++) {
            warning.occurred("refused #" + i);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.size() == 2);
        assertThat(lines)
                .containsExactly(
                        "refused #1 (more like it within 0 s are counted)",
                        "refused #5000 (and 4999 more like it in the last 0 s)");
    }

    @Test
    void afterAQuietIntervalTheNextOneIsLoggedAtOnceAgain() {
        warning.occurred("first");
        await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ofMillis(700)).until(() -> true);
        warning.occurred("second");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).startsWith("second ");
    }

    private Logger recordingLogger() {
        return (Logger) Proxy.newProxyInstance(
                Logger.class.getClassLoader(), new Class<?>[] {Logger.class}, (proxy, method, args) -> {
                    if (method.getName().equals("warn") && args[0] instanceof String format) {
                        Object[] values = args.length == 2 && args[1] instanceof Object[] array
                                ? array
                                : java.util.Arrays.copyOfRange(args, 1, args.length);
                        lines.add(MessageFormatter.arrayFormat(format, values).getMessage());
                    }
                    return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
                });
    }
}
