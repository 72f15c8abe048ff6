package io.socksgate.server.internal.dial.upstream;

import static io.socksgate.server.internal.dial.upstream.Conversation.ascii;
import static io.socksgate.server.internal.dial.upstream.Conversation.concat;
import static io.socksgate.server.internal.dial.upstream.Conversation.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.socksgate.api.HostPort;
import io.socksgate.server.internal.exchange.Failure;
import java.net.InetAddress;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class Socks5HandshakeTest {

    private static final HostPort IP_TARGET = HostPort.of(InetAddress.getLoopbackAddress(), 8080);
    private static final HostPort NAME_TARGET = HostPort.ofName("echo.example", 7);
    private static final byte[] SUCCESS = hex("05 00 00 01 0A000001 0438");

    @Test
    void withoutCredentialsOffersNoneAndSendsTheAddress() {
        Conversation c = Conversation.run(
                () -> new Socks5Handshake(IP_TARGET, null, null), hex("05 00"), concat(SUCCESS, ascii("hello")));
        assertThat(c.sent()).isEqualTo(hex("05 01 00   05 01 00 01 7F000001 1F90"));
        assertThat(c.outcome()).isInstanceOf(HandshakeStep.Succeeded.class);
        assertThat(c.tunnel()).isEqualTo(ascii("hello"));
    }

    @Test
    void aNameIsSentAsAddressType3() {
        Conversation c = Conversation.run(() -> new Socks5Handshake(NAME_TARGET, null, null), hex("05 00"), SUCCESS);
        assertThat(c.sent()).isEqualTo(concat(hex("05 01 00  05 01 00 03 0C"), ascii("echo.example"), hex("0007")));
        assertThat(c.tunnel()).isEmpty();
    }

    @Test
    void withCredentialsOffersBothAndAnswersRfc1929() {
        Conversation c = Conversation.run(
                () -> new Socks5Handshake(IP_TARGET, "alice", "secret".toCharArray()),
                hex("05 02"),
                hex("01 00"),
                SUCCESS);
        assertThat(c.sent())
                .isEqualTo(concat(
                        hex("05 02 00 02"),
                        hex("01 05"),
                        ascii("alice"),
                        hex("06"),
                        ascii("secret"),
                        hex("05 01 00 01 7F000001 1F90")));
        assertThat(c.outcome()).isInstanceOf(HandshakeStep.Succeeded.class);
    }

    @Test
    void aServerThatWantsNoCredentialsGetsNone() {
        Conversation c = Conversation.run(
                () -> new Socks5Handshake(IP_TARGET, "alice", "secret".toCharArray()), hex("05 00"), SUCCESS);
        assertThat(c.sent()).isEqualTo(hex("05 02 00 02   05 01 00 01 7F000001 1F90"));
        assertThat(c.outcome()).isInstanceOf(HandshakeStep.Succeeded.class);
    }

    @Test
    void serverFailuresFailOver() {
        Supplier<Handshake> withCredentials = () -> new Socks5Handshake(IP_TARGET, "alice", "pw".toCharArray());
        Supplier<Handshake> anonymous = () -> new Socks5Handshake(IP_TARGET, null, null);
        assertServerFailure("refused the credentials", withCredentials, hex("05 02"), hex("01 01"));
        assertServerFailure("no acceptable", anonymous, hex("05 FF"));
        // RFC 1929 chosen though we offered no credentials; GSSAPI never offered.
        assertServerFailure("method 0x02", anonymous, hex("05 02"));
        assertServerFailure("method 0x01", withCredentials, hex("05 01"));
        // Not SOCKS5 at all: an HTTP server, a SOCKS4 reply.
        assertServerFailure("version", anonymous, ascii("HTTP/1.1 400 Bad Request\r\n"));
        assertServerFailure("version", anonymous, hex("05 00"), hex("00 5B"));
        // Reply codes RFC 1928 does not define, and the two that say this server cannot serve it.
        assertServerFailure("unknown reply code", anonymous, hex("05 00"), hex("05 09 00 01 00000000 0000"));
        assertServerFailure("0x07", anonymous, hex("05 00"), hex("05 07 00 01 00000000 0000"));
        assertServerFailure("0x08", anonymous, hex("05 00"), hex("05 08 00 01 00000000 0000"));
    }

    /** Refused credentials are the operator's to fix, and say so; other server failures do not. */
    @Test
    void refusedCredentialsAreFlagged() {
        Conversation refused = Conversation.run(
                () -> new Socks5Handshake(IP_TARGET, "alice", "pw".toCharArray()), hex("05 02"), hex("01 01"));
        assertThat(((HandshakeStep.ServerFailed) refused.outcome()).credentialsRefused())
                .isTrue();
        Conversation noMethod = Conversation.run(() -> new Socks5Handshake(IP_TARGET, null, null), hex("05 FF"));
        assertThat(((HandshakeStep.ServerFailed) noMethod.outcome()).credentialsRefused())
                .isFalse();
    }

    /** Bytes ahead of what was asked (the auth reply before the credentials were sent) are no answer. */
    @Test
    void bytesBeforeTheyWereAskedFor() {
        Handshake handshake = new Socks5Handshake(IP_TARGET, "alice", "pw".toCharArray());
        handshake.start();
        HandshakeStep step = handshake.received(org.apache.mina.core.buffer.IoBuffer.wrap(hex("05 02 01 00")));
        assertThat(step).isInstanceOfSatisfying(HandshakeStep.ServerFailed.class, f -> assertThat(f.reason())
                .contains("2 bytes before it was asked"));
    }

    private static void assertServerFailure(String reasonPart, Supplier<Handshake> handshakes, byte[]... turns) {
        Conversation c = Conversation.run(handshakes, turns);
        assertThat(c.outcome()).isInstanceOf(HandshakeStep.ServerFailed.class);
        assertThat(c.failureReason()).contains(reasonPart).doesNotContain("pw");
    }

    /** The one table: SOCKS5 reply codes to the neutral failures the client sees. */
    @Test
    void destinationFailuresAreMapped() {
        Map<String, Failure> table = Map.of(
                "01", Failure.GENERAL,
                "02", Failure.DENIED,
                "03", Failure.NETWORK_UNREACHABLE,
                "04", Failure.HOST_UNREACHABLE,
                "05", Failure.REFUSED,
                "06", Failure.TIMED_OUT);
        table.forEach((code, failure) -> {
            Conversation c = Conversation.run(
                    () -> new Socks5Handshake(IP_TARGET, null, null),
                    hex("05 00"),
                    hex("05" + code + "00 01 00000000 0000"));
            assertThat(c.outcome())
                    .as(code)
                    .isInstanceOfSatisfying(HandshakeStep.DestinationFailed.class, f -> assertThat(f.failure())
                            .isEqualTo(failure));
        });
    }
}
