package io.socksgate.server.internal.dial.upstream;

import static io.socksgate.server.internal.dial.upstream.Conversation.ascii;
import static io.socksgate.server.internal.dial.upstream.Conversation.concat;
import static io.socksgate.server.internal.dial.upstream.Conversation.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.socksgate.api.HostPort;
import io.socksgate.server.internal.exchange.Failure;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class Socks4HandshakeTest {

    private static final HostPort IP_TARGET = HostPort.of(InetAddress.getLoopbackAddress(), 80);
    private static final byte[] GRANTED = hex("00 5A 0000 00000000");

    @Test
    void ipv4WithoutUserId() {
        Conversation c = Conversation.run(() -> new Socks4Handshake(IP_TARGET, null), concat(GRANTED, ascii("hi")));
        assertThat(c.sent()).isEqualTo(hex("04 01 0050 7F000001 00"));
        assertThat(c.outcome()).isInstanceOf(HandshakeStep.Succeeded.class);
        assertThat(c.tunnel()).isEqualTo(ascii("hi"));
    }

    @Test
    void nameAsSocks4aWithUserId() {
        Conversation c =
                Conversation.run(() -> new Socks4Handshake(HostPort.ofName("echo.example", 7), "ident"), GRANTED);
        assertThat(c.sent())
                .isEqualTo(concat(
                        hex("04 01 0007 00000001"), ascii("ident"), hex("00"), ascii("echo.example"), hex("00")));
        assertThat(c.outcome()).isInstanceOf(HandshakeStep.Succeeded.class);
    }

    /** The one table: 5B is the destination's refusal, 5C and 5D are about identd on this server. */
    @Test
    void repliesMapped() {
        Conversation refused = Conversation.run(() -> new Socks4Handshake(IP_TARGET, null), hex("00 5B 0000 00000000"));
        assertThat(refused.outcome())
                .isInstanceOfSatisfying(HandshakeStep.DestinationFailed.class, f -> assertThat(f.failure())
                        .isEqualTo(Failure.REFUSED));
        for (String identd : new String[] {"5C", "5D"}) {
            Conversation c =
                    Conversation.run(() -> new Socks4Handshake(IP_TARGET, null), hex("00" + identd + "0000 00000000"));
            assertThat(c.outcome()).as(identd).isInstanceOf(HandshakeStep.ServerFailed.class);
        }
    }

    @Test
    void notSocks4IsAServerFailure() {
        for (byte[] reply : new byte[][] {hex("05 00"), hex("00 5E 0000 00000000"), ascii("HTTP/1.0 400 Bad\r\n")}) {
            Conversation c = Conversation.run(() -> new Socks4Handshake(IP_TARGET, null), reply);
            assertThat(c.outcome()).isInstanceOf(HandshakeStep.ServerFailed.class);
            assertThat(c.failureReason()).startsWith("malformed SOCKS4 reply");
        }
    }
}
