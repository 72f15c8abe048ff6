package io.socksgate.protocol.socks5;

import io.socksgate.protocol.DecodeFailure.Reason;
import io.socksgate.protocol.DecodeResult;
import io.socksgate.protocol.MessageDecoder;
import io.socksgate.protocol.WireCursor;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * Client side: decodes a {@link Socks5Reply}; see {@link MessageDecoder} for the contract. A reply
 * code RFC 1928 does not define (above 8) fails as {@code MALFORMED} rather than being folded
 * into a general failure, so a confused or hostile upstream shows up as such in logs.
 */
public final class Socks5ReplyDecoder implements MessageDecoder<Socks5Reply> {

    public static final Socks5ReplyDecoder INSTANCE = new Socks5ReplyDecoder();

    @Override
    public DecodeResult<Socks5Reply> decode(IoBuffer buffer) {
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
        int rep = in.u8();
        if (rep > Socks5ReplyCode.ADDRESS_TYPE_NOT_SUPPORTED.code()) {
            return DecodeResult.failed(Reason.MALFORMED, String.format("unknown reply code 0x%02x", rep));
        }
        Socks5ReplyCode code = Socks5ReplyCode.of(rep);
        if (!in.has(1)) {
            return DecodeResult.needMore();
        }
        // RSV is ignored, as in requests: its value means nothing.
        in.skip(1);
        return in.commitIfDone(AddressCodec.decode(in).map(bound -> new Socks5Reply(code, bound)));
    }
}
