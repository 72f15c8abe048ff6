package io.socksgate.protocol.rfc1929;

import io.socksgate.protocol.SocksMessage;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * An RFC 1929 username/password request: {@code VER=01 ULEN UNAME PLEN PASSWD}.
 *
 * <p>A class rather than a record so the password can be a {@code char[]} that is copied in and
 * out (callers may wipe their copies) and kept out of {@link #toString()}, and so equality compares
 * array contents.
 */
public final class PasswordAuthRequest implements SocksMessage {

    /** The longest username or password RFC 1929 can carry, in bytes. */
    public static final int MAX_LENGTH = 255;

    private final String username;
    private final char[] password;

    /**
     * @param username may be empty (the authenticator rejects it, the codec does not)
     * @param password copied; may be empty
     */
    public PasswordAuthRequest(String username, char[] password) {
        this.username = Objects.requireNonNull(username, "username");
        this.password = Objects.requireNonNull(password, "password").clone();
    }

    public String username() {
        return username;
    }

    /** A copy of the password, which the caller should wipe when done with it. */
    public char[] password() {
        return password.clone();
    }

    /**
     * @throws IllegalArgumentException when the username or password is longer than 255 bytes in
     *     UTF-8, or the password is not encodable (an unpaired surrogate)
     */
    @Override
    public void encode(IoBuffer out) {
        byte[] user = username.getBytes(StandardCharsets.UTF_8);
        if (user.length > MAX_LENGTH) {
            throw new IllegalArgumentException("username longer than 255 bytes: " + user.length);
        }
        byte[] pass = passwordBytes();
        try {
            if (pass.length > MAX_LENGTH) {
                throw new IllegalArgumentException("password longer than 255 bytes: " + pass.length);
            }
            out.put((byte) 0x01);
            out.put((byte) user.length);
            out.put(user);
            out.put((byte) pass.length);
            out.put(pass);
        } finally {
            Arrays.fill(pass, (byte) 0);
        }
    }

    private byte[] passwordBytes() {
        ByteBuffer encoded;
        try {
            // A CharsetEncoder, not new String(password).getBytes(): no immutable String copy of
            // the password is left behind for the garbage collector.
            encoded = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(password));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("password is not valid UTF-16", e);
        }
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        Arrays.fill(encoded.array(), (byte) 0);
        return bytes;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PasswordAuthRequest that
                && username.equals(that.username)
                && Arrays.equals(password, that.password);
    }

    @Override
    public int hashCode() {
        return 31 * username.hashCode() + Arrays.hashCode(password);
    }

    /** Shows the username only: requests end up in logs and exception messages. */
    @Override
    public String toString() {
        return "PasswordAuthRequest[username=" + username + ", password=***]";
    }
}
