package io.socksgate.bench.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socksgate.api.Command;
import io.socksgate.api.HostPort;
import io.socksgate.protocol.DecodeResult;
import io.socksgate.protocol.rfc1929.PasswordAuthReply;
import io.socksgate.protocol.rfc1929.PasswordAuthRequest;
import io.socksgate.protocol.rfc1929.PasswordAuthRequestDecoder;
import io.socksgate.protocol.socks5.Socks5AuthMethod;
import io.socksgate.protocol.socks5.Socks5Greeting;
import io.socksgate.protocol.socks5.Socks5GreetingDecoder;
import io.socksgate.protocol.socks5.Socks5MethodSelection;
import io.socksgate.protocol.socks5.Socks5Reply;
import io.socksgate.protocol.socks5.Socks5ReplyCode;
import io.socksgate.protocol.socks5.Socks5Request;
import io.socksgate.protocol.socks5.Socks5RequestDecoder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import org.apache.mina.core.buffer.IoBuffer;
import org.junit.jupiter.api.Test;

/** The client handshake against the server side of the same codecs, answers fed a byte at a time. */
class Socks5HandshakeTest {

    private static final InetSocketAddress PROXY = new InetSocketAddress("127.0.0.1", 1080);
    private static final InetSocketAddress ECHO = new InetSocketAddress("127.0.0.1", 4242);
    private static final InetSocketAddress BOUND = new InetSocketAddress("127.0.0.1", 50000);

    @Test
    void withoutAuthenticationGreetsThenConnectsAndOpensOnSuccess() throws IOException {
        ClientHandshake handshake =
                new ProxyTarget(ProxyTarget.Protocol.SOCKS5, PROXY, null, null).connectHandshake(ECHO);

        Step greeting = handshake.start();
        assertThat(decode(Socks5GreetingDecoder.INSTANCE::decode, greeting))
                .isEqualTo(new Socks5Greeting(List.of(Socks5AuthMethod.NO_AUTH)));
        Step request = feed(handshake, new Socks5MethodSelection(Socks5AuthMethod.NO_AUTH).toBuffer());
        assertThat(decode(Socks5RequestDecoder.INSTANCE::decode, request))
                .isEqualTo(new Socks5Request(Command.CONNECT, HostPort.of(ECHO)));
        assertThat(feed(handshake, Socks5Reply.success(BOUND).toBuffer())).isSameAs(Step.ESTABLISHED);
        assertThat(((Socks5Handshake) handshake).bound()).isEqualTo(HostPort.of(BOUND));
    }

    @Test
    void withCredentialsSendsRfc1929BeforeTheRequest() throws IOException {
        ClientHandshake handshake =
                new ProxyTarget(ProxyTarget.Protocol.SOCKS5, PROXY, "bench", "benchpw").connectHandshake(ECHO);

        assertThat(decode(Socks5GreetingDecoder.INSTANCE::decode, handshake.start()))
                .isEqualTo(new Socks5Greeting(List.of(Socks5AuthMethod.PASSWORD)));
        Step auth = feed(handshake, new Socks5MethodSelection(Socks5AuthMethod.PASSWORD).toBuffer());
        assertThat(decode(PasswordAuthRequestDecoder.INSTANCE::decode, auth))
                .isEqualTo(new PasswordAuthRequest("bench", "benchpw".toCharArray()));
        Step request = feed(handshake, PasswordAuthReply.SUCCESS.toBuffer());
        assertThat(decode(Socks5RequestDecoder.INSTANCE::decode, request))
                .isEqualTo(new Socks5Request(Command.CONNECT, HostPort.of(ECHO)));
        assertThat(feed(handshake, Socks5Reply.success(BOUND).toBuffer())).isSameAs(Step.ESTABLISHED);
    }

    @Test
    void aRefusedRequestFailsTheHandshake() throws IOException {
        ClientHandshake handshake =
                new ProxyTarget(ProxyTarget.Protocol.SOCKS5, PROXY, null, null).connectHandshake(ECHO);
        handshake.start();
        feed(handshake, new Socks5MethodSelection(Socks5AuthMethod.NO_AUTH).toBuffer());

        IoBuffer refusal = Socks5Reply.failure(Socks5ReplyCode.NOT_ALLOWED).toBuffer();
        assertThatThrownBy(() -> feed(handshake, refusal))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("refused");
    }

    @Test
    void anotherMethodThanTheOneOfferedFailsTheHandshake() {
        ClientHandshake handshake =
                new ProxyTarget(ProxyTarget.Protocol.SOCKS5, PROXY, null, null).connectHandshake(ECHO);
        handshake.start();

        IoBuffer noAcceptable = new Socks5MethodSelection(Socks5AuthMethod.NO_ACCEPTABLE).toBuffer();
        assertThatThrownBy(() -> feed(handshake, noAcceptable)).isInstanceOf(IOException.class);
    }

    /** Feeds the answer one byte at a time, as a slow proxy would send it; returns the last step. */
    private static Step feed(ClientHandshake handshake, IoBuffer answer) throws IOException {
        IoBuffer in = IoBuffer.allocate(answer.remaining());
        Step step = Step.NEED_MORE;
        while (answer.hasRemaining()) {
            assertThat(step).as("a step before the whole answer arrived").isSameAs(Step.NEED_MORE);
            in.put(answer.get());
            in.flip();
            step = handshake.advance(in);
            in.compact();
        }
        assertThat(in.position()).as("bytes left over").isZero();
        return step;
    }

    private interface Decoder<T> {
        DecodeResult<T> decode(IoBuffer in);
    }

    private static <T> T decode(Decoder<T> decoder, Step step) {
        assertThat(step.bytes()).as("bytes to send").isNotNull();
        DecodeResult<T> result = decoder.decode(IoBuffer.wrap(step.bytes()));
        assertThat(result).isInstanceOf(DecodeResult.Done.class);
        return ((DecodeResult.Done<T>) result).message();
    }
}
