package io.socksgate.bench.client;

import io.socksgate.api.Command;
import io.socksgate.api.HostPort;
import io.socksgate.protocol.DecodeResult;
import io.socksgate.protocol.MessageDecoder;
import io.socksgate.protocol.rfc1929.PasswordAuthReply;
import io.socksgate.protocol.rfc1929.PasswordAuthReplyDecoder;
import io.socksgate.protocol.rfc1929.PasswordAuthRequest;
import io.socksgate.protocol.socks5.Socks5AuthMethod;
import io.socksgate.protocol.socks5.Socks5Greeting;
import io.socksgate.protocol.socks5.Socks5MethodSelection;
import io.socksgate.protocol.socks5.Socks5MethodSelectionDecoder;
import io.socksgate.protocol.socks5.Socks5Reply;
import io.socksgate.protocol.socks5.Socks5ReplyCode;
import io.socksgate.protocol.socks5.Socks5ReplyDecoder;
import io.socksgate.protocol.socks5.Socks5Request;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * A SOCKS5 client handshake with the project's own codecs: greeting offering one method (no
 * authentication, or RFC 1929 username/password), the RFC 1929 exchange when asked, then one
 * request. The messages are encoded once, at construction, so a connection costs only the
 * decoding of the proxy's answers.
 */
public final class Socks5Handshake implements ClientHandshake {

    private enum Phase {
        METHOD,
        AUTH,
        REPLY
    }

    private final int method;
    private final byte[] greeting;
    private final byte[] authRequest;
    private final byte[] request;
    private Phase phase;
    private HostPort bound;

    private Socks5Handshake(ProxyTarget proxy, Command command, HostPort destination) {
        method = proxy.authenticates() ? Socks5AuthMethod.PASSWORD : Socks5AuthMethod.NO_AUTH;
        greeting = Encoded.bytes(new Socks5Greeting(List.of(method)));
        authRequest = proxy.authenticates()
                ? Encoded.bytes(
                        new PasswordAuthRequest(proxy.user(), proxy.password().toCharArray()))
                : null;
        request = Encoded.bytes(new Socks5Request(command, destination));
    }

    /** A CONNECT to {@code destination}. */
    static Socks5Handshake connect(ProxyTarget proxy, HostPort destination) {
        return new Socks5Handshake(proxy, Command.CONNECT, destination);
    }

    /** A UDP ASSOCIATE for datagrams the client will send from {@code clientUdp}. */
    public static Socks5Handshake udpAssociate(ProxyTarget proxy, HostPort clientUdp) {
        return new Socks5Handshake(proxy, Command.UDP_ASSOCIATE, clientUdp);
    }

    @Override
    public Step start() {
        phase = Phase.METHOD;
        bound = null;
        return Step.send(greeting);
    }

    @Override
    public Step advance(IoBuffer in) throws IOException {
        switch (phase) {
            case METHOD -> {
                Socks5MethodSelection selection = decode(Socks5MethodSelectionDecoder.INSTANCE, in, "greeting");
                if (selection == null) {
                    return Step.NEED_MORE;
                }
                if (selection.method() != method) {
                    throw new IOException("greeting refused: 5 " + selection.method());
                }
                phase = authRequest != null ? Phase.AUTH : Phase.REPLY;
                return Step.send(authRequest != null ? authRequest : request);
            }
            case AUTH -> {
                PasswordAuthReply reply = decode(PasswordAuthReplyDecoder.INSTANCE, in, "authentication reply");
                if (reply == null) {
                    return Step.NEED_MORE;
                }
                if (!reply.success()) {
                    throw new IOException("authentication failed: " + reply.status());
                }
                phase = Phase.REPLY;
                return Step.send(request);
            }
            case REPLY -> {
                Socks5Reply reply = decode(Socks5ReplyDecoder.INSTANCE, in, "reply");
                if (reply == null) {
                    return Step.NEED_MORE;
                }
                if (reply.code() != Socks5ReplyCode.SUCCEEDED) {
                    throw new IOException(
                            "request refused: reply " + reply.code().code());
                }
                bound = reply.bound();
                return Step.ESTABLISHED;
            }
            default -> throw new IllegalStateException("phase " + phase);
        }
    }

    /** BND.ADDR and BND.PORT of the last successful reply (where a UDP client sends datagrams). */
    public HostPort bound() {
        return bound;
    }

    /**
     * Where a UDP client of this association sends its datagrams: the bound address, or the
     * proxy's own when the reply named none (a name or the wildcard address).
     */
    public InetSocketAddress relay(InetSocketAddress proxy) {
        return bound.isName() || bound.address().isAnyLocalAddress()
                ? new InetSocketAddress(proxy.getAddress(), bound.port())
                : new InetSocketAddress(bound.address(), bound.port());
    }

    /** The message, or null when more bytes are needed. */
    private static <T> T decode(MessageDecoder<T> decoder, IoBuffer in, String what) throws IOException {
        DecodeResult<T> result = decoder.decode(in);
        if (result instanceof DecodeResult.Done<T> done) {
            return done.message();
        }
        if (result instanceof DecodeResult.Failed<T> failed) {
            throw new IOException("malformed " + what + ": " + failed.failure().detail());
        }
        return null;
    }
}
