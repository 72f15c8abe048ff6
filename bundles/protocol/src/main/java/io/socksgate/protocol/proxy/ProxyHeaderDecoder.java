package io.socksgate.protocol.proxy;

import io.socksgate.protocol.DecodeFailure.Reason;
import io.socksgate.protocol.DecodeResult;
import io.socksgate.protocol.MessageDecoder;
import java.util.EnumSet;
import java.util.Set;
import org.apache.mina.core.buffer.IoBuffer;

/** Stub. */
public final class ProxyHeaderDecoder implements MessageDecoder<ProxyHeader> {

    public static final ProxyHeaderDecoder INSTANCE = new ProxyHeaderDecoder(EnumSet.allOf(ProxyHeader.Version.class));

    private final Set<ProxyHeader.Version> versions;

    private ProxyHeaderDecoder(Set<ProxyHeader.Version> versions) {
        this.versions = versions;
    }

    public static ProxyHeaderDecoder accepting(Set<ProxyHeader.Version> versions) {
        return new ProxyHeaderDecoder(EnumSet.copyOf(versions));
    }

    public Set<ProxyHeader.Version> versions() {
        return versions;
    }

    @Override
    public DecodeResult<ProxyHeader> decode(IoBuffer in) {
        return DecodeResult.failed(Reason.MALFORMED, "not implemented");
    }
}
