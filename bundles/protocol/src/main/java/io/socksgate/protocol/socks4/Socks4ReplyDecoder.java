package io.socksgate.protocol.socks4;

import io.socksgate.protocol.DecodeFailure.Reason;
import io.socksgate.protocol.DecodeResult;
import io.socksgate.protocol.MessageDecoder;
import io.socksgate.protocol.WireCursor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * Client side: decodes a {@link Socks4Reply}; see {@link MessageDecoder} for the contract. VN must
 * be 0 and CD one of the four defined codes, else the upstream is not speaking SOCKS4.
 */
public final class Socks4ReplyDecoder implements MessageDecoder<Socks4Reply> {

    public static final Socks4ReplyDecoder INSTANCE = new Socks4ReplyDecoder();

    @Override
    public DecodeResult<Socks4Reply> decode(IoBuffer buffer) {
        WireCursor in = new WireCursor(buffer);
        if (!in.has(1)) {
            return DecodeResult.needMore();
        }
        int version = in.u8();
        if (version != 0x00) {
            return DecodeResult.failed(
                    Reason.BAD_VERSION, String.format("reply version 0x%02x, expected 0x00", version));
        }
        if (!in.has(1)) {
            return DecodeResult.needMore();
        }
        int cd = in.u8();
        if (cd < Socks4ReplyCode.GRANTED.code() || cd > Socks4ReplyCode.IDENTD_MISMATCH.code()) {
            return DecodeResult.failed(Reason.MALFORMED, String.format("unknown reply code 0x%02x", cd));
        }
        if (!in.has(6)) {
            return DecodeResult.needMore();
        }
        int port = in.u16();
        InetAddress address;
        try {
            address = InetAddress.getByAddress(in.bytes(4));
        } catch (UnknownHostException e) {
            return DecodeResult.failed(Reason.MALFORMED, "bad address length");
        }
        return in.commitIfDone(
                DecodeResult.done(new Socks4Reply(Socks4ReplyCode.of(cd), new InetSocketAddress(address, port))));
    }
}
