package io.socksgate.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The map against a plain {@link HashMap}: the same answers for random operations over keys that
 * spill from the fields into the array and back, and MINA's rules for defaults and nulls.
 */
class SmallAttributeMapTest {

    private final SmallAttributeMap map = new SmallAttributeMap();

    @Test
    void answersAsAHashMapThroughRandomOperations() {
        Map<Object, Object> expected = new HashMap<>();
        Random random = new Random(3);
        for (int step = 0; step < 20_000; step++) {
            String key = "k" + random.nextInt(9); // up to nine pairs: fields, then two array growths
            String value = "v" + random.nextInt(4);
            switch (random.nextInt(5)) {
                case 0, 1 -> assertThat(map.setAttribute(null, key, value)).isEqualTo(expected.put(key, value));
                case 2 -> assertThat(map.removeAttribute(null, key)).isEqualTo(expected.remove(key));
                case 3 -> assertThat(map.setAttributeIfAbsent(null, key, value))
                        .isEqualTo(expected.putIfAbsent(key, value));
                default -> assertThat(map.removeAttribute(null, key, value)).isEqualTo(expected.remove(key, value));
            }
            assertThat(map.getAttributeKeys(null)).isEqualTo(expected.keySet());
            for (int k = 0; k < 9; k++) {
                assertThat(map.getAttribute(null, "k" + k, null)).isEqualTo(expected.get("k" + k));
                assertThat(map.containsAttribute(null, "k" + k)).isEqualTo(expected.containsKey("k" + k));
            }
        }
    }

    @Test
    void aDefaultIsStoredAsIfSet() {
        assertThat(map.getAttribute(null, "a", 1)).isEqualTo(1);
        assertThat(map.getAttribute(null, "a", 2)).isEqualTo(1);
        assertThat(map.getAttribute(null, "b", null)).isNull();
        assertThat(map.containsAttribute(null, "b")).isFalse();
    }

    @Test
    void aNullValueRemovesAndReplaceNeedsTheOldValue() {
        map.setAttribute(null, "a", 1);
        map.setAttribute(null, "b", 2);
        map.setAttribute(null, "c", 3);
        assertThat(map.replaceAttribute(null, "c", 4, 5)).isFalse();
        assertThat(map.replaceAttribute(null, "c", 3, 5)).isTrue();
        assertThat(map.setAttribute(null, "a", null)).isEqualTo(1);
        assertThat(map.getAttributeKeys(null)).containsExactlyInAnyOrder("b", "c");
        assertThat(map.getAttribute(null, "c", null)).isEqualTo(5);
    }
}
