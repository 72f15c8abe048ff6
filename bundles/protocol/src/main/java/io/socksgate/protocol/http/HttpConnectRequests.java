package io.socksgate.protocol.http;

import io.socksgate.api.HostPort;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * Client side, for tests and the upstream dialer: {@code CONNECT host:port HTTP/1.1}, a {@code
 * Host} field with the same authority, and optionally {@code Proxy-Authorization: Basic} (RFC
 * 7617, credentials in UTF-8).
 */
public final class HttpConnectRequests {

    private static final byte[] CONNECT = ascii("CONNECT ");
    private static final byte[] VERSION_AND_HOST = ascii(" HTTP/1.1\r\nHost: ");
    private static final byte[] PROXY_AUTHORIZATION = ascii("Proxy-Authorization: Basic ");
    private static final byte[] CRLF = ascii("\r\n");

    private HttpConnectRequests() {}

    /**
     * The request head, in a fresh buffer ready to write.
     *
     * @param username {@code null} for no credentials, together with {@code password}
     * @param password not modified; wipe it when done
     * @throws IllegalArgumentException when the target is not {@linkplain #isValidTarget valid},
     *     only one of username and password is given, the username holds a colon, either holds a
     *     control character (RFC 7617 section 2), or the password is not valid UTF-16: our own
     *     code chose these values, so this is a bug to surface, not a peer error
     */
    public static IoBuffer connect(HostPort target, String username, char[] password) {
        Objects.requireNonNull(target, "target");
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("a username needs a password and a password a username");
        }
        byte[] authority = ascii(authority(target));
        byte[] token = username == null ? null : basicToken(username, password);
        try {
            int length = CONNECT.length + 2 * authority.length + VERSION_AND_HOST.length + 2 * CRLF.length;
            if (token != null) {
                length += PROXY_AUTHORIZATION.length + token.length + CRLF.length;
            }
            // Sized exactly and never expanded: an expansion would leave a copy of the credentials
            // behind in the old array.
            IoBuffer out = IoBuffer.allocate(length, false);
            out.put(CONNECT).put(authority).put(VERSION_AND_HOST).put(authority).put(CRLF);
            if (token != null) {
                out.put(PROXY_AUTHORIZATION).put(token).put(CRLF);
            }
            out.put(CRLF);
            return out.flip();
        } finally {
            if (token != null) {
                Arrays.fill(token, (byte) 0);
            }
        }
    }

    /**
     * Whether {@code target} can be asked of an HTTP proxy and means to it what it meant to the
     * rules: a port from 1 to 65535, and an address, or a name that {@link
     * HttpConnectRequestDecoder} accepts (no URI delimiters such as {@code @} or {@code /}, and
     * no number that is not a dotted quad, such as {@code 127.1}). A name that a SOCKS client sent
     * can fail this, so the dialer checks it before choosing an HTTP upstream.
     */
    public static boolean isValidTarget(HostPort target) {
        return target.port() >= 1 && (!target.isName() || AuthorityForm.isSendableName(target.name()));
    }

    private static String authority(HostPort target) {
        if (!isValidTarget(target)) {
            throw new IllegalArgumentException(
                    "not a CONNECT target an HTTP proxy reads as meant (port " + target.port() + ")");
        }
        if (target.isName()) {
            return target.name() + ":" + target.port();
        }
        // Without an IPv6 zone: it names one of this host's interfaces, meaningless to the upstream.
        return HostPort.of(unscoped(target.address()), target.port()).toString();
    }

    private static InetAddress unscoped(InetAddress address) {
        try {
            return InetAddress.getByAddress(address.getAddress());
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are an IP address", e);
        }
    }

    /** The base64 of {@code username:password} in UTF-8; the caller wipes it. */
    private static byte[] basicToken(String username, char[] password) {
        if (username.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a Basic user-id cannot hold a colon");
        }
        if (hasControl(username) || hasControl(CharBuffer.wrap(password))) {
            throw new IllegalArgumentException("Basic credentials cannot hold control characters");
        }
        byte[] user = username.getBytes(StandardCharsets.UTF_8);
        // An encoder into a buffer of the largest size UTF-8 can need (3 bytes per UTF-16 char), not
        // new String(password): no immutable copy of the password, and no reallocated buffer
        // holding part of it.
        ByteBuffer pass = ByteBuffer.allocate(3 * password.length);
        CoderResult result = StandardCharsets.UTF_8
                .newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .encode(CharBuffer.wrap(password), pass, true);
        if (result.isError()) {
            Arrays.fill(pass.array(), (byte) 0);
            throw new IllegalArgumentException("password is not valid UTF-16");
        }
        pass.flip();
        byte[] userPass = new byte[user.length + 1 + pass.remaining()];
        try {
            System.arraycopy(user, 0, userPass, 0, user.length);
            userPass[user.length] = ':';
            pass.get(userPass, user.length + 1, pass.remaining());
            return Base64Token.encode(userPass);
        } finally {
            Arrays.fill(userPass, (byte) 0);
            Arrays.fill(pass.array(), (byte) 0);
        }
    }

    private static boolean hasControl(CharSequence chars) {
        for (int i = 0; i < chars.length(); i++) {
            if (Character.isISOControl(chars.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
