package io.socksgate.server.internal;

import io.socksgate.api.AuthenticationRequest;
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
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.Executor;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's side of the handshake, one decoder per phase: the first byte picks SOCKS5
 * (greeting, then request) or SOCKS4/4a (a single request). Whatever bytes have arrived are
 * decoded; an incomplete message is kept for the next read.
 */
final class Handshake {

    private static final Logger LOG = LoggerFactory.getLogger(Handshake.class);
    private static final int SOCKS4 = 4;
    private static final int SOCKS5 = 5;

    private final Commands commands;
    private final Authentication authentication;
    private final Executor blockingWork;

    Handshake(Commands commands, Authentication authentication, Executor blockingWork) {
        this.commands = commands;
        this.authentication = authentication;
        this.blockingWork = blockingWork;
    }

    /** Decodes as many handshake messages as {@code bytes} holds. On the client's I/O thread. */
    void onBytes(ProxySession proxy, IoBuffer bytes) {
        if (proxy.phase == ProxySession.Phase.GREETING) {
            if (!bytes.hasRemaining()) {
                return;
            }
            int version = bytes.get(bytes.position()) & 0xff;
            if (version == SOCKS5 && proxy.settings.accepts(Protocol.SOCKS5)) {
                proxy.protocol = Protocol.SOCKS5;
                if (!socks5Greeting(proxy, bytes)) {
                    return;
                }
            } else if (version == SOCKS4 && proxy.settings.accepts(Protocol.SOCKS4)) {
                proxy.protocol = Protocol.SOCKS4;
                socks4Request(proxy, bytes);
                return;
            } else {
                LOG.info(
                        "{} closed: protocol version 0x{} not served here",
                        proxy.describe(),
                        Integer.toHexString(version));
                proxy.client.closeNow();
                return;
            }
        }
        if (proxy.phase == ProxySession.Phase.PASSWORD_AUTH) {
            passwordRequest(proxy, bytes);
            return;
        }
        if (proxy.phase == ProxySession.Phase.SOCKS5_REQUEST) {
            socks5Request(proxy, bytes);
        }
    }

    /** The "01 00" reply has been sent (client I/O thread): read and decode the request. */
    private void passwordAccepted(ProxySession proxy) {
        proxy.phase = ProxySession.Phase.SOCKS5_REQUEST;
        proxy.client.resumeRead();
        onBytes(proxy, proxy.withPending(IoBuffer.allocate(0)));
    }

    /** @return true when the greeting is answered and the request may follow in {@code bytes} */
    private boolean socks5Greeting(ProxySession proxy, IoBuffer bytes) {
        IoSession client = proxy.client;
        Socks5Greeting greeting = decode(proxy, Socks5GreetingDecoder.INSTANCE, bytes, "SOCKS5 greeting");
        if (greeting == null) {
            return false;
        }
        AuthMethod method = select(proxy.settings, greeting);
        if (method == null) {
            LOG.info("{} refused: the client offers no method of {}", proxy.describe(), proxy.settings.authMethods());
            refuseMethods(client);
            return false;
        }
        client.write(new Socks5MethodSelection(method.code()).toBuffer());
        proxy.phase =
                method == AuthMethod.PASSWORD ? ProxySession.Phase.PASSWORD_AUTH : ProxySession.Phase.SOCKS5_REQUEST;
        return true;
    }

    /** The listener's most preferred method that the client offers (RFC 1928 §3). */
    private static AuthMethod select(ListenerSettings settings, Socks5Greeting greeting) {
        for (AuthMethod method : settings.authMethods()) {
            if (greeting.offers(method.code())) {
                return method;
            }
        }
        return null;
    }

    /** RFC 1929: decode the credentials, stop reading, and check them off the I/O thread. */
    private void passwordRequest(ProxySession proxy, IoBuffer bytes) {
        DecodeResult<PasswordAuthRequest> result = PasswordAuthRequestDecoder.INSTANCE.decode(bytes);
        if (result instanceof DecodeResult.NeedMore) {
            proxy.keepPending(bytes);
            return;
        }
        if (result instanceof DecodeResult.Failed<PasswordAuthRequest> failed) {
            LOG.info(
                    "{} malformed username/password request: {}",
                    proxy.describe(),
                    failed.failure().detail());
            refusePassword(proxy);
            return;
        }
        PasswordAuthRequest credentials = ((DecodeResult.Done<PasswordAuthRequest>) result).message();
        proxy.phase = ProxySession.Phase.AUTHENTICATING;
        proxy.keepEarlyData(bytes); // a pipelined request waits for the verdict
        char[] password = credentials.password();
        AuthenticationRequest request = new AuthenticationRequest(
                proxy.settings.name(),
                proxy.settings.realm(),
                (InetSocketAddress) proxy.client.getRemoteAddress(),
                credentials.username(),
                password);
        Arrays.fill(password, '\0');
        authentication.authenticate(request, blockingWork).thenAccept(verdict -> {
            if (verdict.isSuccess()) {
                proxy.user = verdict.user();
                proxy.roles = verdict.roles();
                proxy.authenticated = true;
                proxy.replyThen(PasswordAuthReply.SUCCESS.toBuffer(), () -> passwordAccepted(proxy));
            } else {
                proxy.counters.authFailures.increment();
                refusePassword(proxy); // nothing the client sent after its credentials is served
            }
        });
    }

    private static void refusePassword(ProxySession proxy) {
        proxy.client.write(PasswordAuthReply.FAILURE.toBuffer());
        proxy.client.closeOnFlush();
    }

    private static void refuseMethods(IoSession client) {
        client.write(new Socks5MethodSelection(Socks5AuthMethod.NO_ACCEPTABLE).toBuffer());
        client.closeOnFlush();
    }

    private void socks5Request(ProxySession proxy, IoBuffer bytes) {
        Socks5Request request = decode(proxy, Socks5RequestDecoder.INSTANCE, bytes, "SOCKS5 request");
        if (request != null) {
            proxy.command = request.command();
            proxy.destination = request.destination();
            commands.execute(proxy, bytes);
        }
    }

    private void socks4Request(ProxySession proxy, IoBuffer bytes) {
        Socks4Request request = decode(proxy, Socks4RequestDecoder.INSTANCE, bytes, "SOCKS4 request");
        if (request == null) {
            return;
        }
        proxy.command = request.command();
        proxy.destination = request.destination();
        proxy.user = request.userId().isEmpty() ? null : request.userId();
        if (!proxy.settings.authMethods().contains(AuthMethod.NONE)) {
            // SOCKS4 carries no password: a listener that requires one cannot serve it.
            Commands.refuse(proxy, Failure.DENIED, "SOCKS4 on a listener that requires a password");
            return;
        }
        commands.execute(proxy, bytes);
    }

    /**
     * Decodes one message: null when more bytes are needed (kept) or when the input was
     * malformed (answered and closed).
     */
    private static <T> T decode(ProxySession proxy, MessageDecoder<T> decoder, IoBuffer bytes, String what) {
        DecodeResult<T> result = decoder.decode(bytes);
        if (result instanceof DecodeResult.Done<T> done) {
            return done.message();
        }
        if (result instanceof DecodeResult.Failed<T> failed) {
            DecodeFailure failure = failed.failure();
            if (failure.reason() == DecodeFailure.Reason.NO_METHODS) {
                LOG.info("{} malformed {}: {}", proxy.describe(), what, failure.detail());
                refuseMethods(proxy.client);
            } else {
                Commands.refuse(proxy, failureOf(failure), "malformed " + what + ": " + failure.detail());
            }
            return null;
        }
        proxy.keepPending(bytes);
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
