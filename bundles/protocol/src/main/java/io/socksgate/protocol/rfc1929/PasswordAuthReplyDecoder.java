package io.socksgate.protocol.rfc1929;

import io.socksgate.protocol.DecodeFailure.Reason;
import io.socksgate.protocol.DecodeResult;
import io.socksgate.protocol.MessageDecoder;
import io.socksgate.protocol.WireCursor;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * Client side: decodes a {@link PasswordAuthReply}; see {@link MessageDecoder} for the contract.
 * Every status byte is accepted, since RFC 1929 defines any non-zero value as failure.
 */
public final class PasswordAuthReplyDecoder implements MessageDecoder<PasswordAuthReply> {

    public static final PasswordAuthReplyDecoder INSTANCE = new PasswordAuthReplyDecoder();

    @Override
    public DecodeResult<PasswordAuthReply> decode(IoBuffer buffer) {
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
        return in.commitIfDone(DecodeResult.done(new PasswordAuthReply(in.u8())));
    }
}
