package io.socksgate.server.internal.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessLogBatchTest {

    private final List<String> events = new ArrayList<>();
    private final AccessLogBatch batch = new AccessLogBatch(events::add);

    @Test
    void linesCollectedUntilTheFlushAreOneEventOneLineEach() {
        batch.accept("one");
        batch.accept("two");
        assertThat(events).isEmpty();
        batch.flush();
        assertThat(events).containsExactly("one\ntwo");
        batch.flush();
        assertThat(events).as("nothing new, nothing written").hasSize(1);
        batch.accept("three");
        batch.flush();
        assertThat(events).containsExactly("one\ntwo", "three");
    }

    @Test
    void aLongBatchIsWrittenInPartsOfAtMostMaxLines() {
        for (int i = 0; i < AccessLogBatch.MAX_LINES + 1; i++) {
            batch.accept("line " + i);
        }
        assertThat(events).hasSize(1);
        assertThat(events.get(0).split("\n")).hasSize(AccessLogBatch.MAX_LINES);
        batch.flush();
        assertThat(events).hasSize(2);
        assertThat(events.get(1)).isEqualTo("line " + AccessLogBatch.MAX_LINES);
    }
}
