package io.socksgate.protocol.http;

import io.socksgate.protocol.DecodeResult;
import io.socksgate.protocol.MessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * Client side: decodes one response head ({@code HTTP/1.0} or {@code HTTP/1.1} status line, header
 * fields, empty line) into an {@link HttpConnectResponse}; see {@link MessageDecoder} for the
 * contract. The field rules, line ends and limits are the request decoder's (see {@link
 * HttpConnectRequestDecoder}); the reason phrase may be empty, and its space may be missing.
 *
 * <p>{@link DecodeResult.Done} consumes exactly the head: after a 2xx the bytes that follow are
 * the tunnel's, after another status the body's. A 1xx interim response is returned like any
 * other; the caller reads the next head after it.
 */
public final class HttpConnectResponseDecoder implements MessageDecoder<HttpConnectResponse> {

    /** A decoder with {@link HttpConnectRequestDecoder#DEFAULT_MAX_HEADER_BYTES}. */
    public static final HttpConnectResponseDecoder INSTANCE =
            new HttpConnectResponseDecoder(HttpConnectRequestDecoder.DEFAULT_MAX_HEADER_BYTES);

    private static final byte[] HTTP_1 = "HTTP/1.".getBytes(StandardCharsets.US_ASCII);

    private final int maxHeaderBytes;

    /** @param maxHeaderBytes the longest head accepted, status line and empty line included */
    public HttpConnectResponseDecoder(int maxHeaderBytes) {
        if (maxHeaderBytes < 1) {
            throw new IllegalArgumentException("maxHeaderBytes must be positive: " + maxHeaderBytes);
        }
        this.maxHeaderBytes = maxHeaderBytes;
    }

    @Override
    public DecodeResult<HttpConnectResponse> decode(IoBuffer in) {
        HeadScanner head = HeadScanner.over(in, maxHeaderBytes);
        byte[] bytes = head.bytes;
        int end = head.end;
        int i = head.pos;

        for (byte expected : HTTP_1) {
            if (i == end) {
                return head.incomplete();
            }
            if (bytes[i] != expected) {
                return head.malformedAt(i, " in the HTTP version");
            }
            i++;
        }
        if (i == end) {
            return head.incomplete();
        }
        if (bytes[i] != '0' && bytes[i] != '1') {
            return head.malformedAt(i, " in the HTTP version");
        }
        i++;
        if (i == end) {
            return head.incomplete();
        }
        if (bytes[i] != ' ') {
            return head.malformedAt(i, " after the HTTP version");
        }
        i++;
        int status = 0;
        for (int digit = 0; digit < 3; digit++, i++) {
            if (i == end) {
                return head.incomplete();
            }
            if (!HttpChars.isDigit(bytes[i]) || (digit == 0 && (bytes[i] < '1' || bytes[i] > '5'))) {
                return head.malformedAt(i, " in the status code");
            }
            status = status * 10 + (bytes[i] - '0');
        }
        if (i == end) {
            return head.incomplete();
        }
        int reasonStart = i;
        int reasonEnd = i;
        if (bytes[i] == ' ') {
            reasonStart = ++i;
            while (i < end && HttpChars.isFieldValue(bytes[i])) {
                i++;
            }
            reasonEnd = i;
        }
        head.pos = i;
        int lineEnd = head.lineEnd();
        if (lineEnd != HeadScanner.OK) {
            return head.result(lineEnd);
        }
        int trimmed = reasonEnd;
        while (trimmed > reasonStart && HttpChars.isOws(bytes[trimmed - 1])) {
            trimmed--;
        }
        String reason = head.text(reasonStart, trimmed);

        Map<String, String> headers = new LinkedHashMap<>();
        for (int field = head.nextField(); field != HeadScanner.END; field = head.nextField()) {
            if (field != HeadScanner.FIELD) {
                return head.result(field);
            }
            headers.merge(head.lowerCaseName(), head.value(), (first, next) -> first + ", " + next);
        }
        in.position(in.position() + head.position());
        return DecodeResult.done(new HttpConnectResponse(status, reason, headers));
    }
}
