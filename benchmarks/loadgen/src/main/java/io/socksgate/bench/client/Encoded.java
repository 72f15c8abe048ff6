package io.socksgate.bench.client;

import io.socksgate.protocol.SocksMessage;
import org.apache.mina.core.buffer.IoBuffer;

/** Messages encoded once with the project's codecs and kept as bytes for the clients to send. */
public final class Encoded {

    private Encoded() {}

    public static byte[] bytes(SocksMessage message) {
        IoBuffer buffer = message.toBuffer();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
