package io.socksgate.protocol.rfc1929;

import io.socksgate.protocol.SocksMessage;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * An RFC 1929 reply: {@code VER=01 STATUS}.
 *
 * @param status 0x00 for success; any other value is a failure, after which the server closes
 */
public record PasswordAuthReply(int status) implements SocksMessage {

    /** Authentication succeeded (STATUS 0x00). */
    public static final PasswordAuthReply SUCCESS = new PasswordAuthReply(0x00);
    /** Authentication failed (STATUS 0x01; RFC 1929 allows any non-zero value). */
    public static final PasswordAuthReply FAILURE = new PasswordAuthReply(0x01);

    public PasswordAuthReply {
        if (status < 0 || status > 255) {
            throw new IllegalArgumentException("status out of range: " + status);
        }
    }

    public boolean success() {
        return status == 0x00;
    }

    @Override
    public void encode(IoBuffer out) {
        out.put((byte) 0x01);
        out.put((byte) status);
    }
}
