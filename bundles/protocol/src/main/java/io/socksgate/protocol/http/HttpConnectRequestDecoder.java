package io.socksgate.protocol.http;

import io.socksgate.api.HostPort;
import io.socksgate.protocol.DecodeFailure.Reason;
import io.socksgate.protocol.DecodeResult;
import io.socksgate.protocol.MessageDecoder;
import java.nio.charset.StandardCharsets;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * Server side: decodes one HTTP/1.x request head (request line, header fields, empty line) into an
 * {@link HttpConnectRequest}; see {@link MessageDecoder} for the contract.
 *
 * <ul>
 *   <li>The request line is {@code method SP request-target SP HTTP/1.0|HTTP/1.1}, single spaces,
 *       the method a token, the target visible ASCII. Another version (the HTTP/2 preface {@code
 *       PRI * HTTP/2.0} included) is {@code MALFORMED}, refused at its first wrong byte.
 *   <li>A complete request line whose method is not {@code CONNECT} fails with {@code
 *       METHOD_NOT_ALLOWED} at once: nothing after a request that will be refused is read (RFC
 *       9931).
 *   <li>A CONNECT target must be authority-form; see {@link AuthorityForm}.
 *   <li>Header fields are {@code name: OWS value OWS}; obs-fold, control bytes (HT aside) in
 *       values and a second {@code Proxy-Authorization} are {@code MALFORMED}. Only {@code
 *       Proxy-Authorization} is kept.
 *   <li>A head longer than {@code maxHeaderBytes}, or with more than {@value HeadScanner#MAX_FIELDS}
 *       fields, fails with {@code HEADER_TOO_LARGE} as soon as that is certain, so a client can make
 *       the caller hold fewer than {@code maxHeaderBytes} bytes.
 *   <li>{@link DecodeResult.Done} consumes exactly the head: bytes after the empty line are the
 *       client's first tunnel bytes.
 * </ul>
 *
 * <p>Stateless apart from the limit, and thread-safe. Each call reads the bytes once, in place in
 * a heap buffer, with a table lookup per byte; it allocates per call (a scanner, the results, a
 * copy of the window for a buffer without an array), never per byte.
 */
public final class HttpConnectRequestDecoder implements MessageDecoder<HttpConnectRequest> {

    /** The default for {@code http.max.header.bytes}. */
    public static final int DEFAULT_MAX_HEADER_BYTES = 16384;

    /** A decoder with the default limit. */
    public static final HttpConnectRequestDecoder INSTANCE = new HttpConnectRequestDecoder(DEFAULT_MAX_HEADER_BYTES);

    private static final byte[] CONNECT = HttpConnectRequest.CONNECT.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PROXY_AUTHORIZATION = "proxy-authorization".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HTTP_1 = "HTTP/1.".getBytes(StandardCharsets.US_ASCII);
    /** Methods up to this length are named in a 405's failure detail; longer ones only counted. */
    private static final int MAX_METHOD_IN_DETAIL = 16;

    private final int maxHeaderBytes;

    /** @param maxHeaderBytes the longest head accepted, request line and empty line included */
    public HttpConnectRequestDecoder(int maxHeaderBytes) {
        if (maxHeaderBytes < 1) {
            throw new IllegalArgumentException("maxHeaderBytes must be positive: " + maxHeaderBytes);
        }
        this.maxHeaderBytes = maxHeaderBytes;
    }

    public int maxHeaderBytes() {
        return maxHeaderBytes;
    }

    @Override
    public DecodeResult<HttpConnectRequest> decode(IoBuffer in) {
        HeadScanner head = HeadScanner.over(in, maxHeaderBytes);
        byte[] bytes = head.bytes;
        int end = head.end;
        int i = head.pos;

        int methodStart = i;
        while (i < end && HttpChars.isTchar(bytes[i])) {
            i++;
        }
        if (i == end) {
            return head.incomplete();
        }
        if (bytes[i] != ' ' || i == methodStart) {
            return head.malformedAt(i, " in the method");
        }
        int methodEnd = i++;

        int targetStart = i;
        while (i < end && HttpChars.isVchar(bytes[i])) {
            i++;
        }
        if (i == end) {
            return head.incomplete();
        }
        if (bytes[i] != ' ' || i == targetStart) {
            return head.malformedAt(i, " in the request-target");
        }
        int targetEnd = i++;

        for (byte expected : HTTP_1) {
            if (i == end) {
                return head.incomplete();
            }
            if (bytes[i] != expected) {
                return head.malformedAt(i, " in the HTTP version (HTTP/1.0 and HTTP/1.1 are served)");
            }
            i++;
        }
        if (i == end) {
            return head.incomplete();
        }
        int minorVersion = bytes[i] - '0';
        if (minorVersion != 0 && minorVersion != 1) {
            return head.malformedAt(i, " in the HTTP version (HTTP/1.0 and HTTP/1.1 are served)");
        }
        head.pos = i + 1;
        int lineEnd = head.lineEnd();
        if (lineEnd != HeadScanner.OK) {
            return head.result(lineEnd);
        }

        if (!matches(bytes, methodStart, methodEnd, CONNECT)) {
            int length = methodEnd - methodStart;
            String method = length <= MAX_METHOD_IN_DETAIL
                    ? "method " + head.text(methodStart, methodEnd)
                    : "a method of " + length + " bytes";
            // A token cannot hold CR, LF or spaces, so it cannot forge a log line.
            return DecodeResult.failed(Reason.METHOD_NOT_ALLOWED, method + " is not CONNECT");
        }
        DecodeResult<HostPort> target = AuthorityForm.parse(bytes, targetStart, targetEnd);
        if (target instanceof DecodeResult.Failed<HostPort> failed) {
            return DecodeResult.failed(failed.failure());
        }
        HostPort destination = ((DecodeResult.Done<HostPort>) target).message();

        String proxyAuthorization = null;
        for (int field = head.nextField(); field != HeadScanner.END; field = head.nextField()) {
            if (field != HeadScanner.FIELD) {
                return head.result(field);
            }
            if (head.nameIs(PROXY_AUTHORIZATION)) {
                if (proxyAuthorization != null) {
                    return DecodeResult.failed(
                            Reason.MALFORMED,
                            "second Proxy-Authorization field at offset " + head.offset(head.nameStart));
                }
                proxyAuthorization = head.value();
            }
        }
        in.position(in.position() + head.position());
        return DecodeResult.done(
                new HttpConnectRequest(HttpConnectRequest.CONNECT, destination, minorVersion, proxyAuthorization));
    }

    private static boolean matches(byte[] bytes, int from, int to, byte[] expected) {
        if (to - from != expected.length) {
            return false;
        }
        for (int k = 0; k < expected.length; k++) {
            if (bytes[from + k] != expected[k]) {
                return false;
            }
        }
        return true;
    }
}
