package io.socksgate.protocol.http;

import io.socksgate.api.HostPort;
import java.util.Objects;

/**
 * A decoded HTTP request head, as far as a CONNECT-only proxy needs it. Other header fields are
 * checked for syntax and size and then dropped: nothing of the request is forwarded.
 *
 * @param method the request method (case-sensitive, RFC 9110 section 9.1)
 * @param target the authority-form target; {@code null} unless the method is CONNECT
 * @param minorVersion 0 for HTTP/1.0, 1 for HTTP/1.1
 * @param proxyAuthorization the raw {@code Proxy-Authorization} value without surrounding
 *     whitespace, {@code null} when the field is absent; see {@link BasicCredentials#parse}
 */
public record HttpConnectRequest(String method, HostPort target, int minorVersion, String proxyAuthorization) {

    public static final String CONNECT = "CONNECT";

    public HttpConnectRequest {
        Objects.requireNonNull(method, "method");
        if (CONNECT.equals(method) != (target != null)) {
            throw new IllegalArgumentException("a target is required for CONNECT and only for CONNECT");
        }
        if (minorVersion != 0 && minorVersion != 1) {
            throw new IllegalArgumentException("HTTP/1." + minorVersion + " is not HTTP/1.0 or HTTP/1.1");
        }
    }

    public boolean isConnect() {
        return target != null;
    }

    /** Shows whether credentials came, never what they are: requests end up in logs. */
    @Override
    public String toString() {
        return "HttpConnectRequest[method=" + method + ", target=" + target + ", version=HTTP/1." + minorVersion
                + ", proxyAuthorization=" + (proxyAuthorization == null ? "none" : "***") + "]";
    }
}
