package io.socksgate.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.mina.core.session.AbstractIoSession;
import org.apache.mina.core.session.DefaultIoSessionDataStructureFactory;
import org.apache.mina.core.session.DummySession;
import org.apache.mina.core.session.IoSessionAttributeMap;
import org.apache.mina.core.write.DefaultWriteRequest;
import org.apache.mina.core.write.WriteRequest;
import org.apache.mina.core.write.WriteRequestQueue;
import org.junit.jupiter.api.Test;

/** The compact per-session structures answer exactly as MINA's defaults do. */
class CompactSessionDataTest {

    private static final DefaultIoSessionDataStructureFactory MINA = new DefaultIoSessionDataStructureFactory();

    @Test
    void attributesAnswerAsMinasMapForEveryOperation() throws Exception {
        Random random = new Random(20261206);
        for (int round = 0; round < 200; round++) {
            IoSessionAttributeMap ours = CompactSessionData.INSTANCE.getAttributeMap(null);
            IoSessionAttributeMap minas = MINA.getAttributeMap(null);
            for (int step = 0; step < 60; step++) {
                // Few keys and values, so that hits, misses, replacements and removals all occur.
                String key = "k" + random.nextInt(6);
                String value = random.nextInt(4) == 0 ? null : "v" + random.nextInt(3);
                String other = "v" + random.nextInt(3);
                int operation = random.nextInt(8);
                Object expected = apply(minas, operation, key, value, other);
                Object actual = apply(ours, operation, key, value, other);
                assertThat(actual)
                        .as("round %d step %d op %d %s", round, step, operation, key)
                        .isEqualTo(expected);
                assertThat(ours.getAttributeKeys(null)).isEqualTo(minas.getAttributeKeys(null));
            }
        }
    }

    private static Object apply(IoSessionAttributeMap map, int operation, String key, String value, String other) {
        return switch (operation) {
            case 0 -> map.getAttribute(null, key, null);
            case 1 -> map.getAttribute(null, key, value);
            case 2 -> map.setAttribute(null, key, value);
            case 3 -> map.setAttributeIfAbsent(null, key, value);
            case 4 -> map.removeAttribute(null, key);
            case 5 -> map.removeAttribute(null, key, value);
            case 6 -> map.replaceAttribute(null, key, value, other);
            default -> map.containsAttribute(null, key);
        };
    }

    @Test
    void aNullKeyIsRefusedAsByMina() {
        IoSessionAttributeMap ours = CompactSessionData.INSTANCE.getAttributeMap(null);
        assertThatThrownBy(() -> ours.setAttribute(null, null, "v")).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> ours.getAttribute(null, null, null)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void writesComeOutInOrderAndAnEmptiedQueueIsEmpty() {
        WriteRequestQueue queue = CompactSessionData.INSTANCE.getWriteRequestQueue(null);
        DummySession session = new DummySession();
        List<WriteRequest> offered = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            WriteRequest request = new DefaultWriteRequest("m" + i);
            offered.add(request);
            queue.offer(session, request);
        }
        assertThat(queue.size()).isEqualTo(5);
        assertThat(queue.isEmpty(session)).isFalse();
        List<WriteRequest> polled = new ArrayList<>();
        for (WriteRequest next = queue.poll(session); next != null; next = queue.poll(session)) {
            polled.add(next);
        }
        assertThat(polled).containsExactlyElementsOf(offered);
        assertThat(queue.isEmpty(session)).isTrue();
        assertThat(queue.size()).isZero();

        queue.offer(session, new DefaultWriteRequest("again"));
        queue.clear(session);
        assertThat(queue.isEmpty(session)).isTrue();
        assertThat(queue.poll(session)).isNull();
    }

    /** closeOnFlush queues MINA's close request: reaching it closes the session, as MINA's queue does. */
    @Test
    void pollingTheCloseRequestClosesTheSession() {
        WriteRequestQueue queue = CompactSessionData.INSTANCE.getWriteRequestQueue(null);
        DummySession session = new DummySession();
        WriteRequest last = new DefaultWriteRequest("last");
        queue.offer(session, last);
        queue.offer(session, AbstractIoSession.CLOSE_REQUEST);

        assertThat(queue.poll(session)).isSameAs(last);
        assertThat(session.isClosing()).isFalse();
        assertThat(queue.poll(session)).isNull();
        assertThat(session.isClosing()).isTrue();
    }
}
