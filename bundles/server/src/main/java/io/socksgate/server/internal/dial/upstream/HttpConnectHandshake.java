package io.socksgate.server.internal.dial.upstream;

import io.socksgate.api.HostPort;
import io.socksgate.protocol.DecodeResult;
import io.socksgate.protocol.http.HttpConnectRequests;
import io.socksgate.protocol.http.HttpConnectResponse;
import io.socksgate.protocol.http.HttpConnectResponseDecoder;
import io.socksgate.server.internal.exchange.Failure;
import java.util.Arrays;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * HTTP CONNECT through an HTTP proxy, with Basic credentials when configured. The response head
 * is read whole (at most {@link io.socksgate.protocol.http.HttpConnectRequestDecoder#DEFAULT_MAX_HEADER_BYTES}
 * bytes) and must be 2xx; 1xx interim heads are skipped. The bytes after a 2xx head are the
 * destination's and go to the client; after any other status nothing more is read.
 */
final class HttpConnectHandshake extends BufferedHandshake {

    private final HostPort target;
    private final String username;
    private final char[] password;

    /**
     * @param target {@linkplain HttpConnectRequests#isValidTarget valid} ({@link
     *     Handshakes#refusal} checks before connecting)
     * @param username null for no credentials; then {@code password} is null too
     * @param password copied, and the copy wiped once the request is built
     */
    HttpConnectHandshake(HostPort target, String username, char[] password) {
        this.target = target;
        this.username = username;
        this.password = password == null ? null : password.clone();
    }

    /**
     * The one table of HTTP statuses other than 1xx and 2xx. 407: this server refused our
     * credentials, another one may not. The statuses proxies answer for the destination are its
     * verdict (Squid sends 503 when the connect fails, tinyproxy 500, others 502). Anything else
     * (400, 405, 3xx, ...) means this server does not serve CONNECT as asked: try another.
     */
    static HandshakeStep.Outcome outcome(int status, boolean withCredentials) {
        String reason = "the upstream answered " + status;
        return switch (status) {
            case 403 -> new HandshakeStep.DestinationFailed(Failure.DENIED, reason);
            case 404, 410 -> new HandshakeStep.DestinationFailed(Failure.HOST_UNREACHABLE, reason);
            case 500 -> new HandshakeStep.DestinationFailed(Failure.GENERAL, reason);
            case 502, 503 -> new HandshakeStep.DestinationFailed(Failure.REFUSED, reason);
            case 504 -> new HandshakeStep.DestinationFailed(Failure.TIMED_OUT, reason);
            case 407 -> new HandshakeStep.ServerFailed(
                    reason + (withCredentials ? " (it refused the credentials)" : " (it wants credentials)"),
                    withCredentials);
            default -> new HandshakeStep.ServerFailed(reason);
        };
    }

    @Override
    public IoBuffer start() {
        try {
            return HttpConnectRequests.connect(target, username, password);
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    @Override
    HandshakeStep decode(IoBuffer in) {
        while (true) {
            DecodeResult<HttpConnectResponse> result = HttpConnectResponseDecoder.INSTANCE.decode(in);
            if (result instanceof DecodeResult.Failed<HttpConnectResponse> failed) {
                return new HandshakeStep.ServerFailed("malformed HTTP response from the upstream: "
                        + failed.failure().detail());
            }
            if (!(result instanceof DecodeResult.Done<HttpConnectResponse> done)) {
                return HandshakeStep.WAIT;
            }
            int status = done.message().status();
            if (status >= 200 && status <= 299) {
                return succeeded(in);
            }
            if (status >= 300) {
                return outcome(status, username != null);
            }
            // 1xx: an interim head, the real one follows.
        }
    }
}
