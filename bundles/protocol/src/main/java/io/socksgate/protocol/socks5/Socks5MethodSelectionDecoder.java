package io.socksgate.protocol.socks5;

import io.socksgate.protocol.DecodeFailure.Reason;
import io.socksgate.protocol.DecodeResult;
import io.socksgate.protocol.MessageDecoder;
import io.socksgate.protocol.WireCursor;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * Client side: decodes a {@link Socks5MethodSelection}; see {@link MessageDecoder} for the
 * contract.
 */
public final class Socks5MethodSelectionDecoder implements MessageDecoder<Socks5MethodSelection> {

    public static final Socks5MethodSelectionDecoder INSTANCE = new Socks5MethodSelectionDecoder();

    @Override
    public DecodeResult<Socks5MethodSelection> decode(IoBuffer buffer) {
        WireCursor in = new WireCursor(buffer);
        if (!in.has(1)) {
            return DecodeResult.needMore();
        }
        int version = in.u8();
        if (version != 0x05) {
            return DecodeResult.failed(Reason.BAD_VERSION, String.format("version 0x%02x, expected 0x05", version));
        }
        if (!in.has(1)) {
            return DecodeResult.needMore();
        }
        return in.commitIfDone(DecodeResult.done(new Socks5MethodSelection(in.u8())));
    }
}
