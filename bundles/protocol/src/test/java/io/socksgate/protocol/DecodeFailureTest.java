package io.socksgate.protocol;

import static io.socksgate.protocol.DecoderAssertions.assertFails;
import static io.socksgate.protocol.DecoderAssertions.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.socksgate.protocol.DecodeFailure.Reason;
import io.socksgate.protocol.socks4.Socks4ReplyCode;
import io.socksgate.protocol.socks4.Socks4RequestDecoder;
import io.socksgate.protocol.socks5.Socks5ReplyCode;
import io.socksgate.protocol.socks5.Socks5RequestDecoder;
import org.junit.jupiter.api.Test;

class DecodeFailureTest {

    @Test
    void socks5ReplyMapping() {
        for (Reason reason : Reason.values()) {
            Socks5ReplyCode expected =
                    switch (reason) {
                        case UNSUPPORTED_COMMAND -> Socks5ReplyCode.COMMAND_NOT_SUPPORTED;
                        case UNSUPPORTED_ADDRESS_TYPE -> Socks5ReplyCode.ADDRESS_TYPE_NOT_SUPPORTED;
                        default -> Socks5ReplyCode.GENERAL_FAILURE;
                    };
            assertEquals(expected, new DecodeFailure(reason, "x").socks5Reply(), reason.name());
        }
    }

    @Test
    void socks4ReplyIsAlwaysRejected() {
        for (Reason reason : Reason.values()) {
            assertEquals(Socks4ReplyCode.REJECTED, new DecodeFailure(reason, "x").socks4Reply(), reason.name());
        }
    }

    /** HTTP CONNECT answers 405 and 431 for their own reasons and 400 for every other. */
    @Test
    void httpStatusMapping() {
        for (Reason reason : Reason.values()) {
            int expected =
                    switch (reason) {
                        case METHOD_NOT_ALLOWED -> 405;
                        case HEADER_TOO_LARGE -> 431;
                        default -> 400;
                    };
            assertEquals(expected, new DecodeFailure(reason, "x").httpStatus(), reason.name());
        }
    }

    @Test
    void httpReasonsGetGenericSocksReplies() {
        for (Reason reason : new Reason[] {Reason.METHOD_NOT_ALLOWED, Reason.HEADER_TOO_LARGE}) {
            DecodeFailure failure = new DecodeFailure(reason, "x");
            assertEquals(Socks5ReplyCode.GENERAL_FAILURE, failure.socks5Reply(), reason.name());
            assertEquals(Socks4ReplyCode.REJECTED, failure.socks4Reply(), reason.name());
        }
    }

    @Test
    void decodedFailuresMapToTheirRfcCodes() {
        assertEquals(
                Socks5ReplyCode.COMMAND_NOT_SUPPORTED,
                assertFails(Socks5RequestDecoder.INSTANCE, hex("05 09"), Reason.UNSUPPORTED_COMMAND)
                        .socks5Reply());
        assertEquals(
                Socks5ReplyCode.ADDRESS_TYPE_NOT_SUPPORTED,
                assertFails(Socks5RequestDecoder.INSTANCE, hex("05 01 00 06"), Reason.UNSUPPORTED_ADDRESS_TYPE)
                        .socks5Reply());
    }

    /** Details go to logs; they describe the problem without repeating what the client sent. */
    @Test
    void detailsDoNotEchoPayload() {
        // "secret!" followed by a space in a SOCKS5 domain, and in a SOCKS4a name.
        DecodeFailure socks5 = assertFails(
                Socks5RequestDecoder.INSTANCE,
                hex("05 01 00 03 09 73 65 63 72 65 74 21 20 61 00 50"),
                Reason.ILLEGAL_CHARACTER);
        DecodeFailure socks4 = assertFails(
                Socks4RequestDecoder.INSTANCE,
                hex("04 01 00 50 00 00 00 01 00 73 65 63 72 65 74 21 20 61 00"),
                Reason.ILLEGAL_CHARACTER);
        for (DecodeFailure failure : new DecodeFailure[] {socks5, socks4}) {
            assertFalse(failure.detail().contains("secret"), failure.detail());
        }
    }
}
