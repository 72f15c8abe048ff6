package io.socksgate.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HostNamesTest {

    @Test
    void legalBytesArePrintableAscii() {
        for (int b = 0; b < 256; b++) {
            assertEquals(b >= 0x21 && b <= 0x7E, HostNames.isLegal(b), Integer.toHexString(b));
        }
        assertFalse(HostNames.isLegal(-1));
    }

    @Test
    void encode() {
        assertArrayEquals(new byte[] {'x', 'n', '-', '-', 'a'}, HostNames.encode("xn--a"));
        assertEquals(255, HostNames.encode("a".repeat(255)).length);
        for (String bad : new String[] {"", "a b", "a\0", "a\u007f", "\u00e9", "a".repeat(256)}) {
            assertThrows(IllegalArgumentException.class, () -> HostNames.encode(bad), bad);
        }
        assertTrue(HostNames.decode(new byte[] {'a', '.', 'b'}).equals("a.b"));
    }
}
