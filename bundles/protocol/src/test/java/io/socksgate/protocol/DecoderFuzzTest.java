package io.socksgate.protocol;

import static io.socksgate.protocol.DecoderAssertions.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.socksgate.protocol.http.HttpConnectRequestDecoder;
import io.socksgate.protocol.http.HttpConnectResponseDecoder;
import io.socksgate.protocol.proxy.ProxyHeader;
import io.socksgate.protocol.proxy.ProxyHeaderDecoder;
import io.socksgate.protocol.rfc1929.PasswordAuthReplyDecoder;
import io.socksgate.protocol.rfc1929.PasswordAuthRequestDecoder;
import io.socksgate.protocol.socks4.Socks4ReplyDecoder;
import io.socksgate.protocol.socks4.Socks4RequestDecoder;
import io.socksgate.protocol.socks5.Socks5GreetingDecoder;
import io.socksgate.protocol.socks5.Socks5MethodSelectionDecoder;
import io.socksgate.protocol.socks5.Socks5ReplyDecoder;
import io.socksgate.protocol.socks5.Socks5RequestDecoder;
import io.socksgate.protocol.socks5.Socks5UdpHeaderDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.mina.core.buffer.IoBuffer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Feeds random garbage and mangled valid messages to every decoder. None may throw, NeedMore must
 * consume nothing and only be claimed below the message's maximum size, and Done must stay within
 * the limit. Seeded, so a failure reproduces.
 */
class DecoderFuzzTest {

    private static final int CASES = 4000;

    /**
     * @param maxSize the longest valid message; 0 for the datagram decoder, which never needs more
     * @param samples valid messages to mangle, so the fuzzing gets past the version byte
     */
    private record Target(String name, MessageDecoder<?> decoder, int maxSize, List<byte[]> samples) {}

    private static final List<byte[]> HTTP_REQUESTS = List.of(
            ascii(
                    "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\nProxy-Authorization: Basic eDp5\r\n\r\n"),
            ascii("CONNECT [2001:db8::1]:443 HTTP/1.0\n\n"),
            ascii("CONNECT 192.0.2.1:80 HTTP/1.1\r\n\r\n"),
            ascii("GET / HTTP/1.1\r\n\r\n"),
            // Longer than the small limit below, so its truncations test the size check.
            ascii("CONNECT a.example:443 HTTP/1.1\r\nUser-Agent: " + "Mozilla/5.0 (X11; Linux x86_64) ".repeat(8)
                    + "\r\n\r\n"));

    private static final List<byte[]> HTTP_RESPONSES = List.of(
            ascii("HTTP/1.1 200 Connection established\r\n\r\n"),
            ascii("HTTP/1.0 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"x\"\r\n\r\n"),
            ascii("HTTP/1.1 200 OK\r\nVia: " + "1.1 proxy.example (squid/5.7), ".repeat(8) + "\r\n\r\n"));

    private static final List<byte[]> PROXY_V1_HEADERS = List.of(
            ascii("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n"),
            ascii("PROXY TCP6 2001:db8::1 ::ffff:192.0.2.1 1 65535\r\n"),
            ascii("PROXY UNKNOWN ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff ::1 65535 65535\r\n"));

    private static final List<byte[]> PROXY_V2_HEADERS = List.of(
            hex("0D0A0D0A000D0A515549540A 21 11 0013 C0A80001 C0A8000B DC04 01BB 04 0004 00000000"),
            hex("0D0A0D0A000D0A515549540A 21 21 0024 20010DB8000000000000000000000001"
                    + " 20010DB8000000000000000000000002 04D2 01BB"),
            hex("0D0A0D0A000D0A515549540A 20 00 0000"),
            // Declares more than the sample holds, so mangling reaches the length checks.
            hex("0D0A0D0A000D0A515549540A 21 31 00D8 61626364"));

    private static final List<Target> TARGETS = List.of(
            new Target("greeting", Socks5GreetingDecoder.INSTANCE, 2 + 255, List.of(hex("05 02 00 02"))),
            new Target("selection", Socks5MethodSelectionDecoder.INSTANCE, 2, List.of(hex("05 00"))),
            new Target(
                    "socks5 request",
                    Socks5RequestDecoder.INSTANCE,
                    4 + 1 + 255 + 2,
                    List.of(
                            hex("05 01 00 01 7F 00 00 01 00 50"),
                            hex("05 01 00 03 04 61 2E 62 63 00 50"),
                            hex("05 03 00 04 00000000000000000000000000000001 00 00"))),
            new Target(
                    "socks5 reply",
                    Socks5ReplyDecoder.INSTANCE,
                    4 + 1 + 255 + 2,
                    List.of(hex("05 00 00 01 7F 00 00 01 00 50"), hex("05 04 00 03 01 61 00 50"))),
            new Target(
                    "udp header",
                    Socks5UdpHeaderDecoder.INSTANCE,
                    0,
                    List.of(hex("00 00 00 01 7F 00 00 01 00 35 FF"), hex("00 00 00 03 02 61 62 00 35"))),
            new Target(
                    "socks4 request",
                    Socks4RequestDecoder.INSTANCE,
                    8 + 256 + 256,
                    List.of(
                            hex("04 01 00 50 42 66 07 63 46 72 65 64 00"),
                            hex("04 01 00 50 00 00 00 01 46 00 61 2E 62 00"))),
            new Target("socks4 reply", Socks4ReplyDecoder.INSTANCE, 8, List.of(hex("00 5A 00 50 42 66 07 63"))),
            new Target(
                    "password request",
                    PasswordAuthRequestDecoder.INSTANCE,
                    1 + 1 + 255 + 1 + 255,
                    List.of(hex("01 01 61 02 62 63"), hex("01 00 00"))),
            new Target("password reply", PasswordAuthReplyDecoder.INSTANCE, 2, List.of(hex("01 00"))),
            new Target(
                    "http connect request",
                    HttpConnectRequestDecoder.INSTANCE,
                    HttpConnectRequestDecoder.DEFAULT_MAX_HEADER_BYTES,
                    HTTP_REQUESTS),
            // A small limit, so the random inputs also reach the size check.
            new Target("http connect request, 128 bytes", new HttpConnectRequestDecoder(128), 128, HTTP_REQUESTS),
            new Target(
                    "http connect response",
                    HttpConnectResponseDecoder.INSTANCE,
                    HttpConnectRequestDecoder.DEFAULT_MAX_HEADER_BYTES,
                    HTTP_RESPONSES),
            new Target("http connect response, 128 bytes", new HttpConnectResponseDecoder(128), 128, HTTP_RESPONSES),
            new Target(
                    "proxy header",
                    ProxyHeaderDecoder.INSTANCE,
                    ProxyHeader.MAX_LENGTH,
                    concatLists(PROXY_V1_HEADERS, PROXY_V2_HEADERS)),
            new Target(
                    "proxy header v1 only",
                    ProxyHeaderDecoder.accepting(EnumSet.of(ProxyHeader.Version.V1)),
                    ProxyHeader.MAX_V1_LENGTH,
                    PROXY_V1_HEADERS),
            new Target(
                    "proxy header v2 only",
                    ProxyHeaderDecoder.accepting(EnumSet.of(ProxyHeader.Version.V2)),
                    ProxyHeader.MAX_LENGTH,
                    PROXY_V2_HEADERS));

    @TestFactory
    List<DynamicTest> neverThrows() {
        return TARGETS.stream()
                .map(target -> DynamicTest.dynamicTest(target.name(), () -> fuzz(target)))
                .toList();
    }

    private static void fuzz(Target target) {
        Random random = new Random(0x50C4_5EEDL + target.name().hashCode());
        for (int i = 0; i < CASES; i++) {
            byte[] input =
                    switch (i % 3) {
                        case 0 -> garbage(random, random.nextInt(600));
                        case 1 -> mangle(
                                random,
                                target.samples()
                                        .get(random.nextInt(target.samples().size())));
                        default -> withFirstByteOf(random, target.samples().get(0));
                    };
            check(target, input);
        }
    }

    private static byte[] garbage(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** A valid message truncated or extended at random, with a few bytes overwritten. */
    private static byte[] mangle(Random random, byte[] sample) {
        byte[] bytes = Arrays.copyOf(sample, random.nextInt(sample.length + 8));
        int flips = random.nextInt(3);
        for (int f = 0; f < flips && bytes.length > 0; f++) {
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    /** Random bytes behind the sample's first bytes (version, command), to reach deeper branches. */
    private static byte[] withFirstByteOf(Random random, byte[] sample) {
        byte[] bytes = garbage(random, 1 + random.nextInt(600));
        int keep = Math.min(Math.min(bytes.length, sample.length), 1 + random.nextInt(3));
        System.arraycopy(sample, 0, bytes, 0, keep);
        return bytes;
    }

    private static void check(Target target, byte[] input) {
        IoBuffer buffer = DecoderAssertions.buffer(input);
        int start = buffer.position();
        DecodeResult<?> result;
        try {
            result = target.decoder().decode(buffer);
        } catch (RuntimeException | Error e) {
            throw new AssertionError(target.name() + " threw on " + toHex(input), e);
        }
        assertNotNull(result);
        if (result instanceof DecodeResult.NeedMore) {
            assertEquals(start, buffer.position(), "NeedMore consumed bytes");
            assertTrue(
                    input.length < target.maxSize(),
                    target.name() + " wants more after " + input.length + " bytes: " + toHex(input));
        } else if (result instanceof DecodeResult.Done<?> done) {
            assertNotNull(done.message());
            assertTrue(buffer.position() > start && buffer.position() <= buffer.limit(), "position after Done");
        } else if (result instanceof DecodeResult.Failed<?> failed) {
            assertNotNull(failed.failure().detail());
        } else {
            fail("unknown result " + result);
        }
    }

    private static List<byte[]> concatLists(List<byte[]> first, List<byte[]> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String toHex(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(String.format("%02x", b));
        }
        return text.toString();
    }
}
