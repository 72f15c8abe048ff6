package io.socksgate.server.internal.frontend.http;

import io.socksgate.api.Command;
import io.socksgate.api.Protocol;
import io.socksgate.protocol.DecodeFailure;
import io.socksgate.protocol.DecodeResult;
import io.socksgate.protocol.http.BasicCredentials;
import io.socksgate.protocol.http.HttpConnectRequest;
import io.socksgate.protocol.http.HttpConnectRequestDecoder;
import io.socksgate.protocol.http.HttpResponses;
import io.socksgate.server.internal.exchange.Exchange;
import io.socksgate.server.internal.exchange.Failure;
import io.socksgate.server.internal.exchange.Pipeline;
import io.socksgate.server.internal.frontend.Frontend;
import io.socksgate.server.internal.listener.AuthMethod;
import io.socksgate.server.internal.listener.ListenerSettings;
import java.net.InetSocketAddress;
import java.util.List;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * HTTP CONNECT (RFC 9110 §9.3.6): reads one request head, authenticates its {@code
 * Proxy-Authorization} Basic credentials through the same chain and throttle as SOCKS5, and
 * answers {@code 200 Connection established} once the tunnel is up. Every other answer carries
 * {@code Content-Length} and {@code Connection: close} and is followed by a close: no byte after
 * a rejected request is parsed or relayed (RFC 9931). Credentials are never forwarded or logged.
 */
public final class HttpFrontend implements Frontend {

    private final Pipeline pipeline;
    /** The decoder for the header limit last seen: listeners rarely change it. */
    private volatile HttpConnectRequestDecoder decoder = HttpConnectRequestDecoder.INSTANCE;

    public HttpFrontend(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public Protocol protocol() {
        return Protocol.HTTP;
    }

    @Override
    public void onBytes(Exchange exchange, IoBuffer bytes) {
        DecodeResult<HttpConnectRequest> result = decoder(exchange.settings()).decode(bytes);
        if (result instanceof DecodeResult.NeedMore) {
            exchange.keepPending(bytes); // bounded: the decoder fails past http.max.header.bytes
            return;
        }
        if (result instanceof DecodeResult.Failed<HttpConnectRequest> failed) {
            DecodeFailure failure = failed.failure();
            exchange.refuse(failureOf(failure), "bad request: " + failure.detail());
            return;
        }
        HttpConnectRequest request = ((DecodeResult.Done<HttpConnectRequest>) result).message();
        exchange.request(Command.CONNECT, request.target());
        exchange.keepEarlyData(bytes); // bytes after the head wait for the 200
        authenticateThenConnect(exchange, request.proxyAuthorization());
    }

    /**
     * With {@code auth = password} the client must prove who it is; with {@code none} as well,
     * credentials it sends anyway are checked (so rules on users apply), and without them it is
     * anonymous. With {@code none} alone, credentials are ignored.
     */
    private void authenticateThenConnect(Exchange exchange, String authorization) {
        List<AuthMethod> methods = exchange.settings().authMethods();
        if (authorization != null && methods.contains(AuthMethod.PASSWORD)) {
            BasicCredentials credentials = BasicCredentials.parse(authorization);
            if (credentials == null) {
                exchange.refuse(Failure.AUTH_REQUIRED, "Proxy-Authorization is not Basic credentials");
                return;
            }
            exchange.phase(Exchange.Phase.AUTHENTICATING);
            char[] password = credentials.password(); // a copy, wiped by authenticate
            credentials.clear();
            pipeline.authenticate(exchange, credentials.username(), password).thenAccept(accepted -> {
                if (accepted) {
                    connect(exchange);
                } else {
                    exchange.refuse(Failure.AUTH_REQUIRED, "credentials refused");
                }
            });
            return;
        }
        if (!methods.contains(AuthMethod.NONE)) {
            exchange.refuse(Failure.AUTH_REQUIRED, "no credentials");
            return;
        }
        connect(exchange);
    }

    private void connect(Exchange exchange) {
        exchange.cancelHandshakeDeadline();
        pipeline.connect(exchange);
    }

    /**
     * An anonymous request that the rules deny but would allow for some user, on a listener that
     * also takes passwords, is asked for credentials (407) rather than refused (403): a browser
     * sends its credentials only after a 407, so a 403 would leave its user no way in.
     */
    @Override
    public Failure answered(Exchange exchange, Failure failure) {
        boolean askable = failure == Failure.DENIED
                && exchange.credentialsMayAllow()
                && exchange.user() == null
                && exchange.settings().authMethods().contains(AuthMethod.PASSWORD);
        return askable ? Failure.AUTH_REQUIRED : failure;
    }

    @Override
    public IoBuffer success(Exchange exchange, InetSocketAddress bound) {
        return HttpResponses.established();
    }

    @Override
    public IoBuffer failure(Exchange exchange, Failure failure) {
        return failure == Failure.AUTH_REQUIRED
                ? HttpResponses.proxyAuthRequired(exchange.settings().httpRealm())
                : HttpResponses.error(status(failure));
    }

    @Override
    public String describe(Failure failure) {
        int status = status(failure);
        return status + " " + HttpResponses.reasonPhrase(status);
    }

    @Override
    public int logStatus(Failure failure) {
        return status(failure);
    }

    /** The status each failure is answered with (DESIGN.md, HTTP CONNECT front-end). */
    static int status(Failure failure) {
        return switch (failure) {
            case DENIED -> 403;
            case AUTH_REQUIRED -> 407;
            case REFUSED, HOST_UNREACHABLE, NETWORK_UNREACHABLE, GENERAL -> 502;
            case TIMED_OUT -> 504;
            case UNSUPPORTED -> 405;
            case LIMIT_REACHED -> 503;
            case TOO_LARGE -> 431;
            case MALFORMED, ADDRESS_TYPE_UNSUPPORTED -> 400;
        };
    }

    private static Failure failureOf(DecodeFailure failure) {
        return switch (failure.reason()) {
            case METHOD_NOT_ALLOWED -> Failure.UNSUPPORTED;
            case HEADER_TOO_LARGE -> Failure.TOO_LARGE;
            default -> Failure.MALFORMED;
        };
    }

    private HttpConnectRequestDecoder decoder(ListenerSettings settings) {
        HttpConnectRequestDecoder current = decoder;
        if (current.maxHeaderBytes() != settings.httpMaxHeaderBytes()) {
            current = new HttpConnectRequestDecoder(settings.httpMaxHeaderBytes());
            decoder = current;
        }
        return current;
    }
}
