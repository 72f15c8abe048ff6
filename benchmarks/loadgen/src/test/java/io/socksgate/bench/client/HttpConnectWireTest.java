package io.socksgate.bench.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.socksgate.api.HostPort;
import io.socksgate.protocol.DecodeFailure.Reason;
import io.socksgate.protocol.DecodeResult;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import org.apache.mina.core.buffer.IoBuffer;
import org.junit.jupiter.api.Test;

class HttpConnectWireTest {

    private static final String SQUID = "HTTP/1.1 200 Connection established\r\n\r\n";
    private static final String TINYPROXY =
            "HTTP/1.0 200 Connection established\r\nProxy-agent: tinyproxy/1.11.1\r\n\r\n";

    @Test
    void requestNamesTheTargetInTheRequestLineAndTheHostHeader() throws Exception {
        byte[] request = HttpConnectWire.request(HostPort.of(InetAddress.getByName("127.0.0.1"), 4242));

        assertThat(new String(request, StandardCharsets.US_ASCII))
                .isEqualTo("CONNECT 127.0.0.1:4242 HTTP/1.1\r\nHost: 127.0.0.1:4242\r\n\r\n");
    }

    @Test
    void decodesTheHeadAndLeavesTheTunnelBytesThatFollowIt() {
        IoBuffer in = buffer(TINYPROXY + "tunnel");

        DecodeResult<HttpConnectWire.Response> result = HttpConnectWire.DECODER.decode(in);

        assertThat(result).isEqualTo(DecodeResult.done(new HttpConnectWire.Response(200, "Connection established")));
        assertThat(in.remaining()).isEqualTo("tunnel".length());
    }

    @Test
    void needsMoreAndConsumesNothingAtEverySplitOfTheHead() {
        for (String head : new String[] {SQUID, TINYPROXY}) {
            for (int split = 0; split < head.length(); split++) {
                IoBuffer in = buffer(head.substring(0, split));

                assertThat(HttpConnectWire.DECODER.decode(in))
                        .as("%d bytes", split)
                        .isEqualTo(DecodeResult.needMore());
                assertThat(in.position()).isZero();
            }
        }
    }

    @Test
    void decodesARefusalWithItsStatus() {
        IoBuffer in = buffer("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

        assertThat(HttpConnectWire.DECODER.decode(in))
                .isEqualTo(DecodeResult.done(new HttpConnectWire.Response(403, "Forbidden")));
    }

    @Test
    void failsOnWhatIsNotAnHttpStatusLine() {
        DecodeResult<HttpConnectWire.Response> result = HttpConnectWire.DECODER.decode(buffer("\u0005\u0000\n\n"));

        assertThat(result).isInstanceOfSatisfying(DecodeResult.Failed.class, f -> assertThat(
                        f.failure().reason())
                .isEqualTo(Reason.MALFORMED));
    }

    @Test
    void failsWhenTheHeadDoesNotEndWithinTheCap() {
        DecodeResult<HttpConnectWire.Response> result =
                HttpConnectWire.DECODER.decode(buffer("HTTP/1.1 200 OK\r\n" + "X".repeat(HttpConnectWire.MAX_HEAD)));

        assertThat(result).isInstanceOfSatisfying(DecodeResult.Failed.class, f -> assertThat(
                        f.failure().reason())
                .isEqualTo(Reason.FIELD_TOO_LONG));
    }

    private static IoBuffer buffer(String text) {
        return IoBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
