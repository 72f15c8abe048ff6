package io.socksgate.protocol.rfc1929;

import io.socksgate.protocol.DecodeFailure.Reason;
import io.socksgate.protocol.DecodeResult;
import io.socksgate.protocol.MessageDecoder;
import io.socksgate.protocol.WireCursor;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * Server side: decodes a {@link PasswordAuthRequest}; see {@link MessageDecoder} for the contract.
 * Zero-length usernames and passwords are decoded, not failed: refusing them is the
 * authenticator's decision, and it answers with an RFC 1929 failure status rather than a dropped
 * connection. Malformed UTF-8 is replaced, so such a password simply does not match.
 */
public final class PasswordAuthRequestDecoder implements MessageDecoder<PasswordAuthRequest> {

    public static final PasswordAuthRequestDecoder INSTANCE = new PasswordAuthRequestDecoder();

    @Override
    public DecodeResult<PasswordAuthRequest> decode(IoBuffer buffer) {
        WireCursor in = new WireCursor(buffer);
        if (!in.has(1)) {
            return DecodeResult.needMore();
        }
        int version = in.u8();
        if (version != 0x01) {
            return DecodeResult.failed(
                    Reason.BAD_VERSION, String.format("auth version 0x%02x, expected 0x01", version));
        }
        if (!in.has(1)) {
            return DecodeResult.needMore();
        }
        int userLength = in.u8();
        if (!in.has(userLength + 1)) {
            return DecodeResult.needMore();
        }
        String username = new String(in.bytes(userLength), StandardCharsets.UTF_8);
        int passwordLength = in.u8();
        if (!in.has(passwordLength)) {
            return DecodeResult.needMore();
        }
        byte[] passwordBytes = in.bytes(passwordLength);
        char[] password;
        try {
            password = decodePassword(passwordBytes);
        } catch (CharacterCodingException e) {
            // Unreachable with REPLACE, but must not escape as an exception.
            return DecodeResult.failed(Reason.MALFORMED, "undecodable password");
        } finally {
            Arrays.fill(passwordBytes, (byte) 0);
        }
        try {
            return in.commitIfDone(DecodeResult.done(new PasswordAuthRequest(username, password)));
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** Decodes without a String in between, so the only copies are arrays we can wipe. */
    private static char[] decodePassword(byte[] bytes) throws CharacterCodingException {
        CharBuffer chars = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .decode(ByteBuffer.wrap(bytes));
        char[] password = new char[chars.remaining()];
        chars.get(password);
        Arrays.fill(chars.array(), '\0');
        return password;
    }
}
