package io.socksgate.protocol.socks5;

import io.socksgate.protocol.DecodeFailure.Reason;
import io.socksgate.protocol.DecodeResult;
import io.socksgate.protocol.MessageDecoder;
import io.socksgate.protocol.WireCursor;
import java.util.ArrayList;
import java.util.List;
import org.apache.mina.core.buffer.IoBuffer;

/** Server side: decodes a {@link Socks5Greeting}; see {@link MessageDecoder} for the contract. */
public final class Socks5GreetingDecoder implements MessageDecoder<Socks5Greeting> {

    public static final Socks5GreetingDecoder INSTANCE = new Socks5GreetingDecoder();

    @Override
    public DecodeResult<Socks5Greeting> decode(IoBuffer buffer) {
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
        int count = in.u8();
        if (count == 0) {
            // No method could ever be selected, so there is nothing to wait for.
            return DecodeResult.failed(Reason.NO_METHODS, "greeting offers no methods");
        }
        if (!in.has(count)) {
            return DecodeResult.needMore();
        }
        List<Integer> methods = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            methods.add(in.u8());
        }
        return in.commitIfDone(DecodeResult.done(new Socks5Greeting(methods)));
    }
}
