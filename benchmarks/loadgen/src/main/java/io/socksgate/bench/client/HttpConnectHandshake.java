package io.socksgate.bench.client;

import io.socksgate.api.HostPort;
import io.socksgate.protocol.DecodeResult;
import io.socksgate.protocol.http.HttpConnectRequests;
import io.socksgate.protocol.http.HttpConnectResponse;
import io.socksgate.protocol.http.HttpConnectResponseDecoder;
import java.io.IOException;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * An HTTP CONNECT client handshake with the project's own client codecs: one request, and a 2xx
 * status opens the tunnel (RFC 9110 section 9.3.6). Anything else is a refusal, whatever the
 * body says.
 */
final class HttpConnectHandshake implements ClientHandshake {

    private final byte[] request;

    HttpConnectHandshake(HostPort destination) {
        IoBuffer encoded = HttpConnectRequests.connect(destination, null, null);
        request = new byte[encoded.remaining()];
        encoded.get(request);
    }

    @Override
    public Step start() {
        return Step.send(request);
    }

    @Override
    public Step advance(IoBuffer in) throws IOException {
        DecodeResult<HttpConnectResponse> result = HttpConnectResponseDecoder.INSTANCE.decode(in);
        if (result instanceof DecodeResult.Failed<HttpConnectResponse> failed) {
            throw new IOException(
                    "malformed CONNECT response: " + failed.failure().detail());
        }
        if (!(result instanceof DecodeResult.Done<HttpConnectResponse> done)) {
            return Step.NEED_MORE;
        }
        HttpConnectResponse response = done.message();
        if (!response.isSuccess()) {
            throw new IOException("CONNECT refused: " + response.status() + " " + response.reason());
        }
        return Step.ESTABLISHED;
    }
}
