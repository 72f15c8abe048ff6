package io.socksgate.protocol.http;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * What the HTTP CONNECT front-end answers. {@code 200 Connection established} has no other field
 * and no body (RFC 9110 section 9.3.6: a 2xx to CONNECT is followed by the tunnel). Every other
 * answer carries {@code Content-Type: text/plain}, {@code Content-Length}, {@code Connection:
 * close} and a one-line body, and the caller closes after writing it: after a refused CONNECT,
 * nothing the client sent next is read (RFC 9931).
 *
 * <p>The answers are built once; each call returns a new buffer over a copy, because the caller
 * hands it to MINA, which moves its position and may recycle it.
 */
public final class HttpResponses {

    private static final byte[] ESTABLISHED = ascii("HTTP/1.1 200 Connection established\r\n\r\n");

    private static final byte[] BAD_REQUEST = ascii(head(400, ""));
    private static final byte[] FORBIDDEN = ascii(head(403, ""));
    /** RFC 9110 section 15.5.6: a 405 must say which methods are allowed. */
    private static final byte[] METHOD_NOT_ALLOWED = ascii(head(405, "Allow: CONNECT\r\n"));

    private static final byte[] HEADER_FIELDS_TOO_LARGE = ascii(head(431, ""));
    private static final byte[] BAD_GATEWAY = ascii(head(502, ""));
    private static final byte[] SERVICE_UNAVAILABLE = ascii(head(503, ""));
    private static final byte[] GATEWAY_TIMEOUT = ascii(head(504, ""));

    /** The last 407 built, for its realm: listeners rarely change realms, so this is nearly always hit. */
    private static volatile ProxyAuth lastProxyAuth = new ProxyAuth("", buildProxyAuth(""));

    private record ProxyAuth(String realm, byte[] bytes) {}

    private HttpResponses() {}

    /** {@code HTTP/1.1 200 Connection established}, nothing else. */
    public static IoBuffer established() {
        return fresh(ESTABLISHED);
    }

    /**
     * A refusal: 400, 403, 405 (with {@code Allow: CONNECT}), 431, 502, 503 or 504.
     *
     * @throws IllegalArgumentException for any other status: a 407 needs a realm ({@link
     *     #proxyAuthRequired}), and the others are not answers of this front-end
     */
    public static IoBuffer error(int status) {
        byte[] bytes =
                switch (status) {
                    case 400 -> BAD_REQUEST;
                    case 403 -> FORBIDDEN;
                    case 405 -> METHOD_NOT_ALLOWED;
                    case 431 -> HEADER_FIELDS_TOO_LARGE;
                    case 502 -> BAD_GATEWAY;
                    case 503 -> SERVICE_UNAVAILABLE;
                    case 504 -> GATEWAY_TIMEOUT;
                    default -> throw new IllegalArgumentException("not an error status of the front-end: " + status);
                };
        return fresh(bytes);
    }

    /**
     * {@code 407 Proxy Authentication Required} with {@code Proxy-Authenticate: Basic
     * realm="<realm>", charset="UTF-8"} (RFC 7617): the realm as a quoted-string, quotes and
     * backslashes escaped, non-ASCII as UTF-8.
     *
     * @throws IllegalArgumentException when the realm holds a control character (see {@link
     *     #isValidRealm}): a CR or LF would end the header line
     */
    public static IoBuffer proxyAuthRequired(String realm) {
        Objects.requireNonNull(realm, "realm");
        ProxyAuth cached = lastProxyAuth;
        if (!cached.realm().equals(realm)) {
            cached = new ProxyAuth(realm, buildProxyAuth(realm));
            lastProxyAuth = cached;
        }
        return fresh(cached.bytes());
    }

    /**
     * Whether {@code realm} can be sent: no control characters (C0, DEL, C1) other than HT. A
     * configuration check can call this to refuse a realm before it is used.
     */
    public static boolean isValidRealm(String realm) {
        for (int i = 0; i < realm.length(); i++) {
            char c = realm.charAt(i);
            if (c != '\t' && Character.isISOControl(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The standard reason phrase of {@code status} (RFC 9110 section 15, and RFC 6585 for 428, 429,
     * 431 and 511); an empty string for a status without one, which RFC 9112 allows.
     *
     * @throws IllegalArgumentException when {@code status} is not 100 to 599
     */
    public static String reasonPhrase(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        return switch (status) {
            case 100 -> "Continue";
            case 101 -> "Switching Protocols";
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 203 -> "Non-Authoritative Information";
            case 204 -> "No Content";
            case 205 -> "Reset Content";
            case 206 -> "Partial Content";
            case 300 -> "Multiple Choices";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 304 -> "Not Modified";
            case 305 -> "Use Proxy";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 402 -> "Payment Required";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 407 -> "Proxy Authentication Required";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 411 -> "Length Required";
            case 412 -> "Precondition Failed";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 416 -> "Range Not Satisfiable";
            case 417 -> "Expectation Failed";
            case 421 -> "Misdirected Request";
            case 422 -> "Unprocessable Content";
            case 426 -> "Upgrade Required";
            case 428 -> "Precondition Required";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 505 -> "HTTP Version Not Supported";
            case 511 -> "Network Authentication Required";
            default -> "";
        };
    }

    /** A refusal's whole text: status line, {@code extraFields}, the common fields and the body. */
    private static String head(int status, String extraFields) {
        String statusLine = status + " " + reasonPhrase(status);
        String body = statusLine + "\n";
        return "HTTP/1.1 " + statusLine + "\r\n"
                + extraFields
                + "Content-Type: text/plain\r\n"
                + "Content-Length: " + body.length() + "\r\n"
                + "Connection: close\r\n"
                + "\r\n"
                + body;
    }

    private static byte[] buildProxyAuth(String realm) {
        if (!isValidRealm(realm)) {
            throw new IllegalArgumentException("realm with a control character");
        }
        StringBuilder quoted = new StringBuilder(realm.length() + 2).append('"');
        for (int i = 0; i < realm.length(); i++) {
            char c = realm.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        quoted.append('"');
        // The body stays ASCII, so Content-Length is unaffected by a non-ASCII realm.
        return head(407, "Proxy-Authenticate: Basic realm=" + quoted + ", charset=\"UTF-8\"\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static IoBuffer fresh(byte[] bytes) {
        return IoBuffer.wrap(bytes.clone());
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
