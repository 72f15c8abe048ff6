package io.socksgate.protocol;

import java.nio.charset.StandardCharsets;

/**
 * The host name rules shared by SOCKS5 (address type 3) and SOCKS4a: 1 to 255 bytes of printable
 * ASCII (0x21 to 0x7E). Names are ASCII on the wire (IDNs arrive punycoded), and refusing spaces,
 * NUL and control bytes up front keeps them out of resolvers, logs and policy matching, where they
 * could truncate or forge text.
 */
public final class HostNames {

    /** The longest name either protocol can carry (one length byte in SOCKS5). */
    public static final int MAX_LENGTH = 255;

    private HostNames() {}

    /** Whether a byte may appear in a host name. */
    public static boolean isLegal(int b) {
        return b >= 0x21 && b <= 0x7E;
    }

    /**
     * The wire bytes of a name we are about to send.
     *
     * @throws IllegalArgumentException when the name breaks the rules; our own code chose it, so
     *     this is a bug rather than a peer error
     */
    public static byte[] encode(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty host name");
        }
        if (name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("host name longer than " + MAX_LENGTH + " bytes: " + name.length());
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isLegal(name.charAt(i))) {
                throw new IllegalArgumentException("illegal character in host name at index " + i);
            }
        }
        // Every char checked is ASCII, so one byte each.
        return name.getBytes(StandardCharsets.US_ASCII);
    }

    /** A name read from the wire whose bytes were already checked with {@link #isLegal(int)}. */
    public static String decode(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
