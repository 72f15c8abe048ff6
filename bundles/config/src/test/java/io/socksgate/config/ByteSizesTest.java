package io.socksgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ByteSizesTest {

    @Test
    void suffixesAreDecimalMultipliers() {
        assertEquals(0, ByteSizes.parse("0"));
        assertEquals(512, ByteSizes.parse(" 512 "));
        assertEquals(64_000, ByteSizes.parse("64k"));
        assertEquals(5_000_000, ByteSizes.parse("5M"));
        assertEquals(1_000_000_000L, ByteSizes.parse("1g"));
    }

    @Test
    void anythingElseIsRefusedNamingWhatIsExpected() {
        for (String bad : new String[] {"", "-1", "1.5m", "5 m", "5mb", "5t", "k", "+5", "99999999999999999999"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ByteSizes.parse(bad), bad);
            assertEquals(true, e.getMessage().startsWith("'" + bad.trim() + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> ByteSizes.parse("999999999999999999g"));
    }

    @Test
    void shownTheShortWay() {
        assertEquals("5m", ByteSizes.shown(5_000_000));
        assertEquals("1500k", ByteSizes.shown(1_500_000));
        assertEquals("2g", ByteSizes.shown(2_000_000_000L));
        assertEquals("1234", ByteSizes.shown(1234));
        assertEquals("0", ByteSizes.shown(0));
    }
}
