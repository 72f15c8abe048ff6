package io.socksgate.bench.client;

import io.socksgate.api.HostPort;
import io.socksgate.protocol.DecodeResult;
import java.io.IOException;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * An HTTP CONNECT client handshake: one request, and a 2xx status opens the tunnel (RFC 9110
 * section 9.3.6). Anything else is a refusal, whatever the body says.
 */
final class HttpConnectHandshake implements ClientHandshake {

    private final byte[] request;

    HttpConnectHandshake(HostPort destination) {
        request = HttpConnectWire.request(destination);
    }

    @Override
    public Step start() {
        return Step.send(request);
    }

    @Override
    public Step advance(IoBuffer in) throws IOException {
        DecodeResult<HttpConnectWire.Response> result = HttpConnectWire.DECODER.decode(in);
        if (result instanceof DecodeResult.Failed<HttpConnectWire.Response> failed) {
            throw new IOException(
                    "malformed CONNECT response: " + failed.failure().detail());
        }
        if (!(result instanceof DecodeResult.Done<HttpConnectWire.Response> done)) {
            return Step.NEED_MORE;
        }
        int status = done.message().status();
        if (status < 200 || status > 299) {
            throw new IOException(
                    "CONNECT refused: " + status + " " + done.message().reason());
        }
        return Step.ESTABLISHED;
    }
}
