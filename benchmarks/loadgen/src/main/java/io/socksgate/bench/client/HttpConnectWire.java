package io.socksgate.bench.client;

import io.socksgate.api.HostPort;
import io.socksgate.protocol.DecodeFailure.Reason;
import io.socksgate.protocol.DecodeResult;
import io.socksgate.protocol.MessageDecoder;
import java.nio.charset.StandardCharsets;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * The HTTP CONNECT client's wire format, written here by hand (a request line, a Host header, and
 * the status line of the answer) because the project's own HTTP CONNECT codec ({@code
 * io.socksgate.protocol.http.HttpConnectRequests} and {@code HttpConnectResponseDecoder}) is not
 * on main yet. When it is, {@link #request} and {@link #DECODER} become calls to it and this class
 * goes; {@link HttpConnectHandshake} is its only user.
 */
final class HttpConnectWire {

    /** The longest response head accepted: far more than any proxy's 200 or error head. */
    static final int MAX_HEAD = 8192;

    /** The status line of the proxy's answer; the header fields are not needed by the client. */
    record Response(int status, String reason) {}

    /** Decodes a response head; the {@link MessageDecoder} contract holds (nothing consumed on NeedMore). */
    static final MessageDecoder<Response> DECODER = HttpConnectWire::decode;

    private HttpConnectWire() {}

    /** {@code CONNECT host:port HTTP/1.1} with the Host header HTTP/1.1 requires. */
    static byte[] request(HostPort target) {
        String authority = target.toString();
        return ("CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static DecodeResult<Response> decode(IoBuffer in) {
        int start = in.position();
        int available = Math.min(in.limit() - start, MAX_HEAD);
        int end = -1;
        // the head ends with an empty line: LF CR LF, or LF LF from a lenient peer
        for (int i = 0; i < available && end < 0; i++) {
            if (in.get(start + i) != '\n') {
                continue;
            }
            if (i + 1 < available && in.get(start + i + 1) == '\n') {
                end = i + 2;
            } else if (i + 2 < available && in.get(start + i + 1) == '\r' && in.get(start + i + 2) == '\n') {
                end = i + 3;
            }
        }
        if (end < 0) {
            return available == MAX_HEAD
                    ? DecodeResult.failed(Reason.FIELD_TOO_LONG, "no end of response head in " + MAX_HEAD + " bytes")
                    : DecodeResult.needMore();
        }
        byte[] head = new byte[end];
        for (int i = 0; i < end; i++) {
            head[i] = in.get(start + i);
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        String statusLine = text.substring(0, text.indexOf('\n')).strip();
        // HTTP/1.x SP 3DIGIT [SP reason]
        if (!statusLine.matches("HTTP/1\\.[01] [0-9]{3}( .*)?")) {
            return DecodeResult.failed(Reason.MALFORMED, "not an HTTP/1.x status line");
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        String reason = statusLine.length() > 13 ? statusLine.substring(13) : "";
        in.position(start + end);
        return DecodeResult.done(new Response(status, reason));
    }
}
