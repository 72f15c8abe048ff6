package io.socksgate.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.socksgate.protocol.DecodeFailure.Reason;
import org.junit.jupiter.api.Test;

class DecodeResultTest {

    @Test
    void factories() {
        assertInstanceOf(DecodeResult.NeedMore.class, DecodeResult.needMore());
        assertEquals(new DecodeResult.Done<>("m"), DecodeResult.done("m"));
        assertEquals(
                new DecodeResult.Failed<>(new DecodeFailure(Reason.MALFORMED, "d")),
                DecodeResult.failed(Reason.MALFORMED, "d"));
        assertThrows(NullPointerException.class, () -> DecodeResult.done(null));
    }

    @Test
    void mapTransformsOnlyDone() {
        assertEquals(DecodeResult.done(2), DecodeResult.done("ab").map(String::length));
        assertEquals(DecodeResult.needMore(), DecodeResult.<String>needMore().map(String::length));
        assertEquals(
                DecodeResult.failed(Reason.EMPTY_FIELD, "d"),
                DecodeResult.<String>failed(Reason.EMPTY_FIELD, "d").map(String::length));
    }
}
