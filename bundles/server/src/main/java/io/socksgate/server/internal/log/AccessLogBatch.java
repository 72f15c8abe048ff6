package io.socksgate.server.internal.log;

import java.util.function.Consumer;

/**
 * Access-log lines collected on the events thread and written as one log event per batch of
 * events, so that a busy proxy writes its access log with one {@code write(2)} per batch instead
 * of one per connection (the appender flushes every event). The events thread flushes when it
 * has run out of events, so a line waits at most for the rest of its batch: under a millisecond
 * when busy, nothing when idle. Events thread only.
 */
final class AccessLogBatch implements Consumer<String> {

    /** Written at once beyond this many lines, so one event stays small. */
    static final int MAX_LINES = 64;

    private final Consumer<String> log;
    private final StringBuilder pending = new StringBuilder(256);
    private int lines;

    /** @param log takes the text of one or more lines, separated by (not ending in) a newline */
    AccessLogBatch(Consumer<String> log) {
        this.log = log;
    }

    @Override
    public void accept(String line) {
        if (lines > 0) {
            pending.append('\n');
        }
        pending.append(line);
        if (++lines >= MAX_LINES) {
            flush();
        }
    }

    /** Logs the lines collected so far, if any, as one event. */
    void flush() {
        if (lines == 0) {
            return;
        }
        String text = pending.toString();
        pending.setLength(0);
        lines = 0;
        log.accept(text);
    }
}
