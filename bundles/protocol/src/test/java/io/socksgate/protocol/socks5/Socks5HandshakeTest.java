package io.socksgate.protocol.socks5;

import static io.socksgate.protocol.DecoderAssertions.assertFails;
import static io.socksgate.protocol.DecoderAssertions.assertStreamDecodes;
import static io.socksgate.protocol.DecoderAssertions.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.socksgate.protocol.DecodeFailure.Reason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Greeting and method selection (RFC 1928 section 3). */
class Socks5HandshakeTest {

    @Test
    void greetingWithOneMethod() {
        assertStreamDecodes(Socks5GreetingDecoder.INSTANCE, hex("05 01 00"), new Socks5Greeting(List.of(0)));
    }

    @Test
    void greetingKeepsClientOrder() {
        Socks5Greeting greeting = new Socks5Greeting(List.of(2, 0, 0x80));
        assertStreamDecodes(Socks5GreetingDecoder.INSTANCE, hex("05 03 02 00 80"), greeting);
        assertTrue(greeting.offers(Socks5AuthMethod.PASSWORD));
        assertTrue(greeting.offers(Socks5AuthMethod.NO_AUTH));
        assertFalse(greeting.offers(Socks5AuthMethod.GSSAPI));
    }

    @Test
    void greetingWith255Methods() {
        List<Integer> methods = new ArrayList<>();
        StringBuilder wire = new StringBuilder("05 FF");
        for (int i = 0; i < 255; i++) {
            methods.add(i);
            wire.append(String.format(" %02x", i));
        }
        assertStreamDecodes(Socks5GreetingDecoder.INSTANCE, hex(wire.toString()), new Socks5Greeting(methods));
    }

    @Test
    void greetingMethodsAreImmutable() {
        List<Integer> methods = new ArrayList<>(List.of(0));
        Socks5Greeting greeting = new Socks5Greeting(methods);
        methods.add(2);
        assertEquals(List.of(0), greeting.methods());
        assertThrows(
                UnsupportedOperationException.class, () -> greeting.methods().add(1));
    }

    @Test
    void greetingWithBadVersion() {
        assertFails(Socks5GreetingDecoder.INSTANCE, hex("04"), Reason.BAD_VERSION);
        assertFails(Socks5GreetingDecoder.INSTANCE, hex("04 01 00"), Reason.BAD_VERSION);
    }

    @Test
    void greetingWithNoMethods() {
        assertFails(Socks5GreetingDecoder.INSTANCE, hex("05 00"), Reason.NO_METHODS);
    }

    @Test
    void greetingRejectsUnencodableValues() {
        assertThrows(IllegalArgumentException.class, () -> new Socks5Greeting(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Socks5Greeting(List.of(256)));
    }

    @Test
    void methodSelection() {
        assertStreamDecodes(
                Socks5MethodSelectionDecoder.INSTANCE,
                hex("05 02"),
                new Socks5MethodSelection(Socks5AuthMethod.PASSWORD));
        assertStreamDecodes(
                Socks5MethodSelectionDecoder.INSTANCE,
                hex("05 FF"),
                new Socks5MethodSelection(Socks5AuthMethod.NO_ACCEPTABLE));
    }

    @Test
    void methodSelectionWithBadVersion() {
        assertFails(Socks5MethodSelectionDecoder.INSTANCE, hex("01 00"), Reason.BAD_VERSION);
    }
}
