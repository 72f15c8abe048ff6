package io.socksgate.protocol.proxy;

import io.socksgate.protocol.DecodeFailure.Reason;
import io.socksgate.protocol.DecodeResult;
import io.socksgate.protocol.MessageDecoder;
import io.socksgate.protocol.WireCursor;
import io.socksgate.protocol.proxy.ProxyHeader.Version;
import java.util.EnumSet;
import java.util.Set;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * Server side: decodes the PROXY protocol header a load balancer sends before the client's bytes
 * (HAProxy's proxy-protocol.txt), version 1, version 2 or either; see {@link MessageDecoder} for
 * the contract, and {@link ProxyV1Line} and {@link ProxyV2Block} for each format's rules.
 *
 * <p>One decoder rather than two behind a selector: the formats differ from their first byte
 * ({@code 'P'} for v1's {@code "PROXY "}, {@code 0x0D} for v2's signature), so choosing is one
 * comparison, and keeping it here puts the rule the spec insists on in one place: a header is
 * recognised by its signature, never guessed. Anything else fails at the first byte that rules
 * out every accepted signature, so a client that is not a balancer is refused at once instead of
 * waiting for {@code timeout.handshake}. A signature of a version the listener does not accept
 * fails at its first byte too, as {@code BAD_VERSION}.
 *
 * <p>{@link DecodeResult.Done} consumes exactly the header: the bytes after it (a SOCKS greeting,
 * an HTTP request) are left for the front-end's decoder. A header is at most {@value
 * ProxyHeader#MAX_V1_LENGTH} bytes (v1) or {@value ProxyHeader#MAX_LENGTH} bytes (v2), and NeedMore
 * is only returned below those bounds.
 *
 * <p>The PROXY protocol has no error reply: on a failure the caller logs the detail and closes.
 * The reasons are the shared ones: {@code MALFORMED} (no signature, bad syntax, a length that does
 * not fit the family or the TLVs), {@code BAD_VERSION}, {@code UNSUPPORTED_COMMAND}, {@code
 * UNSUPPORTED_ADDRESS_TYPE} and {@code HEADER_TOO_LARGE}.
 */
public final class ProxyHeaderDecoder implements MessageDecoder<ProxyHeader> {

    /** Accepts both versions, as {@code proxy.protocol = v1,v2}. */
    public static final ProxyHeaderDecoder INSTANCE = new ProxyHeaderDecoder(EnumSet.allOf(Version.class));

    private static final ProxyHeaderDecoder V1_ONLY = new ProxyHeaderDecoder(EnumSet.of(Version.V1));
    private static final ProxyHeaderDecoder V2_ONLY = new ProxyHeaderDecoder(EnumSet.of(Version.V2));

    private final boolean v1;
    private final boolean v2;

    private ProxyHeaderDecoder(Set<Version> versions) {
        this.v1 = versions.contains(Version.V1);
        this.v2 = versions.contains(Version.V2);
    }

    /**
     * The shared decoder for the versions a listener accepts ({@code proxy.protocol}).
     *
     * @throws IllegalArgumentException for an empty set: a listener without PROXY protocol uses no
     *     decoder at all
     */
    public static ProxyHeaderDecoder accepting(Set<Version> versions) {
        boolean withV1 = versions.contains(Version.V1);
        boolean withV2 = versions.contains(Version.V2);
        if (withV1 && withV2) {
            return INSTANCE;
        }
        if (withV1) {
            return V1_ONLY;
        }
        if (withV2) {
            return V2_ONLY;
        }
        throw new IllegalArgumentException("no PROXY protocol version to accept");
    }

    /** The versions this decoder accepts. */
    public Set<Version> versions() {
        EnumSet<Version> versions = EnumSet.noneOf(Version.class);
        if (v1) {
            versions.add(Version.V1);
        }
        if (v2) {
            versions.add(Version.V2);
        }
        return versions;
    }

    @Override
    public DecodeResult<ProxyHeader> decode(IoBuffer buffer) {
        WireCursor in = new WireCursor(buffer);
        if (!in.has(1)) {
            return DecodeResult.needMore();
        }
        int first = in.peek(0);
        if (first == ProxyV1Line.PREFIX[0]) {
            if (!v1) {
                return notAccepted(Version.V1);
            }
            DecodeResult<ProxyHeader> mismatch = matchSignature(in, ProxyV1Line.PREFIX);
            return mismatch != null ? mismatch : in.commitIfDone(ProxyV1Line.decode(in));
        }
        if (first == ProxyV2Block.SIGNATURE[0]) {
            if (!v2) {
                return notAccepted(Version.V2);
            }
            DecodeResult<ProxyHeader> mismatch = matchSignature(in, ProxyV2Block.SIGNATURE);
            return mismatch != null ? mismatch : in.commitIfDone(ProxyV2Block.decode(in));
        }
        return DecodeResult.failed(Reason.MALFORMED, "not a PROXY protocol header: " + unexpected(first, 0));
    }

    /**
     * Null when the whole signature is present; else NeedMore for a prefix of it, or the failure at
     * its first wrong byte.
     */
    private static DecodeResult<ProxyHeader> matchSignature(WireCursor in, byte[] signature) {
        for (int i = 0; i < signature.length; i++) {
            if (!in.has(i + 1)) {
                return DecodeResult.needMore();
            }
            if (in.peek(i) != (signature[i] & 0xFF)) {
                return DecodeResult.failed(
                        Reason.MALFORMED, "not a PROXY protocol header: " + unexpected(in.peek(i), i));
            }
        }
        return null;
    }

    private static DecodeResult<ProxyHeader> notAccepted(Version version) {
        Version other = version == Version.V1 ? Version.V2 : Version.V1;
        return DecodeResult.failed(
                Reason.BAD_VERSION,
                "a PROXY protocol " + name(version) + " header at offset 0, but only " + name(other) + " is accepted");
    }

    private static String name(Version version) {
        return version == Version.V1 ? "v1" : "v2";
    }

    /** A byte for a failure detail: its value and offset from the header's first byte. */
    static String unexpected(int value, int offset) {
        return String.format("unexpected byte 0x%02x at offset %d", value, offset);
    }
}
