package io.socksgate.server.internal.dial.upstream;

import io.socksgate.api.Command;
import io.socksgate.api.HostPort;
import io.socksgate.protocol.DecodeResult;
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
import io.socksgate.server.internal.exchange.Failure;
import java.util.Arrays;
import java.util.List;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * RFC 1928 CONNECT through a SOCKS5 server, offering method none and, with credentials, RFC 1929
 * username/password: greeting, method selection, (authentication,) request, reply.
 */
final class Socks5Handshake extends BufferedHandshake {

    private enum State {
        METHOD,
        AUTHENTICATION,
        REPLY
    }

    private final HostPort target;
    private final String username;
    private final char[] password;
    private State state = State.METHOD;

    /**
     * @param target an address, or a name of at most 255 printable ASCII bytes ({@link
     *     Handshakes#refusal} checks before connecting)
     * @param username null for none; then {@code password} is null too
     * @param password copied, and the copy wiped once sent
     */
    Socks5Handshake(HostPort target, String username, char[] password) {
        this.target = target;
        this.username = username;
        this.password = password == null ? null : password.clone();
    }

    /**
     * The one table of SOCKS5 replies: what a failure code means for the request. Codes 01 to 06
     * are the server's verdict on the destination, the client's answer, and asking another server
     * would only repeat it (01 is also what servers send for a name they cannot resolve). 07 and
     * 08 say this server cannot serve the request at all: another one may.
     */
    static HandshakeStep.Outcome outcome(Socks5ReplyCode code) {
        String reason = String.format("the upstream replied 0x%02x (%s)", code.code(), code);
        return switch (code) {
            case SUCCEEDED -> throw new IllegalArgumentException("not a failure");
            case GENERAL_FAILURE -> new HandshakeStep.DestinationFailed(Failure.GENERAL, reason);
            case NOT_ALLOWED -> new HandshakeStep.DestinationFailed(Failure.DENIED, reason);
            case NETWORK_UNREACHABLE -> new HandshakeStep.DestinationFailed(Failure.NETWORK_UNREACHABLE, reason);
            case HOST_UNREACHABLE -> new HandshakeStep.DestinationFailed(Failure.HOST_UNREACHABLE, reason);
            case CONNECTION_REFUSED -> new HandshakeStep.DestinationFailed(Failure.REFUSED, reason);
            case TTL_EXPIRED -> new HandshakeStep.DestinationFailed(Failure.TIMED_OUT, reason);
            case COMMAND_NOT_SUPPORTED, ADDRESS_TYPE_NOT_SUPPORTED -> new HandshakeStep.ServerFailed(reason);
        };
    }

    @Override
    public IoBuffer start() {
        List<Integer> methods = username == null
                ? List.of(Socks5AuthMethod.NO_AUTH)
                : List.of(Socks5AuthMethod.NO_AUTH, Socks5AuthMethod.PASSWORD);
        return new Socks5Greeting(methods).toBuffer();
    }

    @Override
    HandshakeStep decode(IoBuffer in) {
        return switch (state) {
            case METHOD -> method(Socks5MethodSelectionDecoder.INSTANCE.decode(in));
            case AUTHENTICATION -> authentication(PasswordAuthReplyDecoder.INSTANCE.decode(in));
            case REPLY -> reply(Socks5ReplyDecoder.INSTANCE.decode(in), in);
        };
    }

    private HandshakeStep method(DecodeResult<Socks5MethodSelection> result) {
        if (!(result instanceof DecodeResult.Done<Socks5MethodSelection> done)) {
            return notDone(result, "method selection");
        }
        int method = done.message().method();
        if (method == Socks5AuthMethod.NO_AUTH) {
            return request();
        }
        if (method == Socks5AuthMethod.PASSWORD && username != null) {
            state = State.AUTHENTICATION;
            PasswordAuthRequest request = new PasswordAuthRequest(username, password);
            Arrays.fill(password, '\0');
            return new HandshakeStep.Send(request.toBuffer());
        }
        if (method == Socks5AuthMethod.NO_ACCEPTABLE) {
            return new HandshakeStep.ServerFailed("the upstream accepts no acceptable method of those offered");
        }
        return new HandshakeStep.ServerFailed(
                String.format("the upstream chose method 0x%02x, which was not offered", method));
    }

    private HandshakeStep authentication(DecodeResult<PasswordAuthReply> result) {
        if (!(result instanceof DecodeResult.Done<PasswordAuthReply> done)) {
            return notDone(result, "RFC 1929 reply");
        }
        if (!done.message().success()) {
            return new HandshakeStep.ServerFailed(
                    String.format(
                            "the upstream refused the credentials of user %s (status 0x%02x)",
                            username, done.message().status()),
                    true);
        }
        return request();
    }

    private HandshakeStep request() {
        state = State.REPLY;
        return new HandshakeStep.Send(new Socks5Request(Command.CONNECT, target).toBuffer());
    }

    private HandshakeStep reply(DecodeResult<Socks5Reply> result, IoBuffer in) {
        if (!(result instanceof DecodeResult.Done<Socks5Reply> done)) {
            return notDone(result, "reply");
        }
        Socks5ReplyCode code = done.message().code();
        return code == Socks5ReplyCode.SUCCEEDED ? succeeded(in) : outcome(code);
    }

    private static HandshakeStep notDone(DecodeResult<?> result, String what) {
        if (result instanceof DecodeResult.Failed<?> failed) {
            return new HandshakeStep.ServerFailed("malformed SOCKS5 " + what + " from the upstream: "
                    + failed.failure().detail());
        }
        return HandshakeStep.WAIT;
    }
}
