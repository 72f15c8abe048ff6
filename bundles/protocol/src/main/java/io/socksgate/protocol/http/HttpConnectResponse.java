package io.socksgate.protocol.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A decoded response head to a CONNECT, as the upstream dialer and tests need it.
 *
 * @param status 100 to 599
 * @param reason the reason phrase, possibly empty
 * @param headers the header fields by lower-case name, in the order they first came, repeated
 *     fields joined with {@code ", "} (RFC 9110 section 5.3); unmodifiable
 */
public record HttpConnectResponse(int status, String reason, Map<String, String> headers) {

    public HttpConnectResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        Objects.requireNonNull(reason, "reason");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** Whether the tunnel is established: any 2xx (RFC 9110 section 9.3.6). */
    public boolean isSuccess() {
        return status >= 200 && status <= 299;
    }
}
