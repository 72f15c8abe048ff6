package io.socksgate.server.internal.frontend.socks;

import io.socksgate.api.Protocol;
import io.socksgate.protocol.DecodeFailure;
import io.socksgate.protocol.DecodeResult;
import io.socksgate.protocol.MessageDecoder;
import io.socksgate.protocol.rfc1929.PasswordAuthReply;
import io.socksgate.protocol.rfc1929.PasswordAuthRequest;
import io.socksgate.protocol.rfc1929.PasswordAuthRequestDecoder;
import io.socksgate.protocol.socks4.Socks4Request;
import io.socksgate.protocol.socks4.Socks4RequestDecoder;
import io.socksgate.protocol.socks5.Socks5AuthMethod;
import io.socksgate.protocol.socks5.Socks5Greeting;
import io.socksgate.protocol.socks5.Socks5GreetingDecoder;
import io.socksgate.protocol.socks5.Socks5MethodSelection;
import io.socksgate.protocol.socks5.Socks5Request;
import io.socksgate.protocol.socks5.Socks5RequestDecoder;
import io.socksgate.server.internal.exchange.Exchange;
import io.socksgate.server.internal.exchange.Failure;
import io.socksgate.server.internal.exchange.Pipeline;
import io.socksgate.server.internal.frontend.Frontend;
import io.socksgate.server.internal.listener.AuthMethod;
import io.socksgate.server.internal.listener.ListenerSettings;
import java.net.InetSocketAddress;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SOCKS5 (greeting, RFC 1929 username/password, request) or SOCKS4/4a (a single request), one
 * decoder per step. Whatever bytes have arrived are decoded; an incomplete message is kept for
 * the next read.
 */
public final class SocksFrontend implements Frontend {

    /** SOCKS5's steps while the exchange is negotiating. */
    private enum Step {
        GREETING,
        /** Username/password (RFC 1929) selected; its request is awaited. */
        PASSWORD_AUTH,
        REQUEST
    }

    private static final Logger LOG = LoggerFactory.getLogger(SocksFrontend.class);

    private final Protocol protocol;
    private final Pipeline pipeline;
    private final SocksCommands commands;

    /**
     * @param protocol {@link Protocol#SOCKS5} or {@link Protocol#SOCKS4} (which includes 4a)
     */
    public SocksFrontend(Protocol protocol, Pipeline pipeline, SocksCommands commands) {
        this.protocol = protocol;
        this.pipeline = pipeline;
        this.commands = commands;
    }

    @Override
    public Protocol protocol() {
        return protocol;
    }

    @Override
    public IoBuffer success(Exchange exchange, InetSocketAddress bound) {
        return SocksReplies.success(protocol, bound);
    }

    @Override
    public IoBuffer failure(Exchange exchange, Failure failure) {
        return SocksReplies.failure(protocol, failure);
    }

    @Override
    public String describe(Failure failure) {
        return SocksReplies.describe(protocol, failure);
    }

    @Override
    public void abandon(Exchange exchange) {
        commands.abandon(exchange);
    }

    /** Decodes as many handshake messages as {@code bytes} holds. On the client's I/O thread. */
    @Override
    public void onBytes(Exchange exchange, IoBuffer bytes) {
        if (protocol == Protocol.SOCKS4) {
            socks4Request(exchange, bytes);
            return;
        }
        Step step = (Step) exchange.frontendStep();
        if (step == null) {
            if (!socks5Greeting(exchange, bytes)) {
                return;
            }
            step = (Step) exchange.frontendStep();
        }
        if (step == Step.PASSWORD_AUTH) {
            passwordRequest(exchange, bytes);
        } else if (step == Step.REQUEST) {
            socks5Request(exchange, bytes);
        }
    }

    /** The "01 00" reply has been sent (client I/O thread): read and decode the request. */
    private void passwordAccepted(Exchange exchange) {
        exchange.frontendStep(Step.REQUEST);
        exchange.phase(Exchange.Phase.NEGOTIATING);
        exchange.client().resumeRead();
        onBytes(exchange, exchange.withPending(IoBuffer.allocate(0)));
    }

    /** @return true when the greeting is answered and the request may follow in {@code bytes} */
    private boolean socks5Greeting(Exchange exchange, IoBuffer bytes) {
        Socks5Greeting greeting = decode(exchange, Socks5GreetingDecoder.INSTANCE, bytes, "SOCKS5 greeting");
        if (greeting == null) {
            return false;
        }
        AuthMethod method = select(exchange.settings(), greeting);
        if (method == null) {
            LOG.info(
                    "{} refused: the client offers no method of {}",
                    exchange.describe(),
                    exchange.settings().authMethods());
            refuseMethods(exchange.client());
            return false;
        }
        exchange.client().write(new Socks5MethodSelection(code(method)).toBuffer());
        exchange.frontendStep(method == AuthMethod.PASSWORD ? Step.PASSWORD_AUTH : Step.REQUEST);
        return true;
    }

    /** The listener's most preferred method that the client offers (RFC 1928 §3). */
    private static AuthMethod select(ListenerSettings settings, Socks5Greeting greeting) {
        for (AuthMethod method : settings.authMethods()) {
            if (greeting.offers(code(method))) {
                return method;
            }
        }
        return null;
    }

    private static int code(AuthMethod method) {
        return switch (method) {
            case NONE -> Socks5AuthMethod.NO_AUTH;
            case PASSWORD -> Socks5AuthMethod.PASSWORD;
        };
    }

    /** RFC 1929: decode the credentials, stop decoding, and check them off the I/O thread. */
    private void passwordRequest(Exchange exchange, IoBuffer bytes) {
        DecodeResult<PasswordAuthRequest> result = PasswordAuthRequestDecoder.INSTANCE.decode(bytes);
        if (result instanceof DecodeResult.NeedMore) {
            exchange.keepPending(bytes);
            return;
        }
        if (result instanceof DecodeResult.Failed<PasswordAuthRequest> failed) {
            LOG.info(
                    "{} malformed username/password request: {}",
                    exchange.describe(),
                    failed.failure().detail());
            refusePassword(exchange);
            return;
        }
        PasswordAuthRequest credentials = ((DecodeResult.Done<PasswordAuthRequest>) result).message();
        exchange.phase(Exchange.Phase.AUTHENTICATING);
        exchange.keepEarlyData(bytes); // a pipelined request waits for the verdict
        pipeline.authenticate(exchange, credentials.username(), credentials.password())
                .thenAccept(accepted -> {
                    if (accepted) {
                        exchange.replyThen(PasswordAuthReply.SUCCESS.toBuffer(), () -> passwordAccepted(exchange));
                    } else {
                        refusePassword(exchange); // nothing the client sent after its credentials is served
                    }
                });
    }

    private static void refusePassword(Exchange exchange) {
        exchange.client().write(PasswordAuthReply.FAILURE.toBuffer());
        exchange.client().closeOnFlush();
    }

    private static void refuseMethods(IoSession client) {
        client.write(new Socks5MethodSelection(Socks5AuthMethod.NO_ACCEPTABLE).toBuffer());
        client.closeOnFlush();
    }

    private void socks5Request(Exchange exchange, IoBuffer bytes) {
        Socks5Request request = decode(exchange, Socks5RequestDecoder.INSTANCE, bytes, "SOCKS5 request");
        if (request != null) {
            exchange.request(request.command(), request.destination());
            commands.execute(exchange, bytes);
        }
    }

    private void socks4Request(Exchange exchange, IoBuffer bytes) {
        Socks4Request request = decode(exchange, Socks4RequestDecoder.INSTANCE, bytes, "SOCKS4 request");
        if (request == null) {
            return;
        }
        exchange.request(request.command(), request.destination());
        exchange.claimedUser(request.userId().isEmpty() ? null : request.userId());
        if (!exchange.settings().authMethods().contains(AuthMethod.NONE)) {
            // SOCKS4 carries no password: a listener that requires one cannot serve it.
            exchange.refuse(Failure.DENIED, "SOCKS4 on a listener that requires a password");
            return;
        }
        commands.execute(exchange, bytes);
    }

    /**
     * Decodes one message: null when more bytes are needed (kept) or when the input was
     * malformed (answered and closed).
     */
    private static <T> T decode(Exchange exchange, MessageDecoder<T> decoder, IoBuffer bytes, String what) {
        DecodeResult<T> result = decoder.decode(bytes);
        if (result instanceof DecodeResult.Done<T> done) {
            return done.message();
        }
        if (result instanceof DecodeResult.Failed<T> failed) {
            DecodeFailure failure = failed.failure();
            if (failure.reason() == DecodeFailure.Reason.NO_METHODS) {
                LOG.info("{} malformed {}: {}", exchange.describe(), what, failure.detail());
                refuseMethods(exchange.client());
            } else {
                exchange.refuse(failureOf(failure), "malformed " + what + ": " + failure.detail());
            }
            return null;
        }
        exchange.keepPending(bytes);
        return null;
    }

    /** The neutral failure a malformed SOCKS message stands for; it renders as the decoder's reply. */
    private static Failure failureOf(DecodeFailure failure) {
        return switch (failure.reason()) {
            case UNSUPPORTED_COMMAND -> Failure.UNSUPPORTED;
            case UNSUPPORTED_ADDRESS_TYPE -> Failure.ADDRESS_TYPE_UNSUPPORTED;
            default -> Failure.MALFORMED;
        };
    }
}
