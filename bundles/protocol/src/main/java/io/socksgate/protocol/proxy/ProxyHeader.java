package io.socksgate.protocol.proxy;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A decoded PROXY protocol header (HAProxy's proxy-protocol.txt, versions 1 and 2): what a load
 * balancer says about the connection it relays.
 *
 * <p>Only {@link Command#PROXY} with {@link Family#TCP4} or {@link Family#TCP6} carries addresses;
 * for {@link Command#LOCAL} (a balancer's own connection, such as a health check) and {@link
 * Family#UNKNOWN} the receiver uses the real connection's endpoints, as the spec requires: see
 * {@link #clientOr(InetSocketAddress)}.
 *
 * <p>Addresses are built with {@link java.net.InetAddress#getByAddress(byte[])}, so an IPv4-mapped
 * IPv6 address ({@code ::ffff:a.b.c.d}) comes back as the IPv4 address it maps, as everywhere
 * else in Socksgate: rules on IPv4 sources then match a client a dual-stack balancer saw as
 * mapped. {@link #family()} still says what the header said.
 *
 * @param version the wire format the header came in
 * @param command PROXY (relayed on behalf of a client) or LOCAL (v2 only)
 * @param family TCP4 or TCP6 with addresses, else UNKNOWN
 * @param source the client's address and port as the balancer saw them; {@code null} without
 *     addresses
 * @param destination the address and port the client connected to on the balancer; {@code null}
 *     without addresses
 * @param length the header's length on the wire: v1 up to {@value #MAX_V1_LENGTH} bytes, CRLF
 *     included; v2 {@value #V2_FIXED_LENGTH} bytes plus the declared address and TLV length
 */
public record ProxyHeader(
        Version version,
        Command command,
        Family family,
        InetSocketAddress source,
        InetSocketAddress destination,
        int length) {

    /** The longest v1 line, CRLF included (the spec's worst case, an UNKNOWN line with addresses). */
    public static final int MAX_V1_LENGTH = 107;

    /** The v2 signature, version and command, family and length bytes. */
    public static final int V2_FIXED_LENGTH = 16;

    /**
     * The most address and TLV bytes accepted after a v2 header's fixed part: the largest address
     * block (two UNIX paths, 216 bytes) leaves room for the TLVs HAProxy sends (ALPN, authority,
     * unique id up to 128 bytes, SSL details), and a peer can never make the caller hold more.
     */
    public static final int MAX_V2_PAYLOAD = 1024;

    /** The longest header either version may send. */
    public static final int MAX_LENGTH = V2_FIXED_LENGTH + MAX_V2_PAYLOAD;

    /** The wire format: v1 is one text line, v2 a binary block. */
    public enum Version {
        V1,
        V2
    }

    /** The v2 command (v1 headers are always PROXY). */
    public enum Command {
        /** The balancer's own connection (a health check): the real endpoints apply. */
        LOCAL,
        /** A connection relayed on behalf of the client named in the header. */
        PROXY
    }

    /** The address family of the relayed connection, as far as a TCP listener can use it. */
    public enum Family {
        TCP4,
        TCP6,
        /** No usable addresses: v1 UNKNOWN, v2 AF_UNSPEC, UDP, UNIX, or any LOCAL header. */
        UNKNOWN
    }

    public ProxyHeader {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(family, "family");
        boolean addressed = family != Family.UNKNOWN;
        if (addressed != (source != null) || addressed != (destination != null)) {
            throw new IllegalArgumentException("addresses are required for TCP4 and TCP6 and only for them");
        }
        if (command == Command.LOCAL && addressed) {
            throw new IllegalArgumentException("a LOCAL header carries no addresses");
        }
        if (version == Version.V1 && command == Command.LOCAL) {
            throw new IllegalArgumentException("v1 has no LOCAL command");
        }
        int min = version == Version.V1 ? "PROXY UNKNOWN\r\n".length() : V2_FIXED_LENGTH;
        int max = version == Version.V1 ? MAX_V1_LENGTH : MAX_LENGTH;
        if (length < min || length > max) {
            throw new IllegalArgumentException(
                    "a " + version + " header is " + min + " to " + max + " bytes: " + length);
        }
    }

    /** A v1 or v2 PROXY header for a TCP connection from {@code source} to {@code destination}. */
    public static ProxyHeader proxy(
            Version version, Family family, InetSocketAddress source, InetSocketAddress destination, int length) {
        return new ProxyHeader(version, Command.PROXY, family, source, destination, length);
    }

    /** A header without addresses: the real connection's endpoints apply. */
    public static ProxyHeader unknown(Version version, Command command, int length) {
        return new ProxyHeader(version, command, Family.UNKNOWN, null, null, length);
    }

    /** Whether the header names the client; else the real peer is the client. */
    public boolean hasAddresses() {
        return source != null;
    }

    /**
     * The client to use everywhere (rules, caps, logs): the header's source when it has one, else
     * {@code peer}, the real connection's remote address (the balancer itself).
     */
    public InetSocketAddress clientOr(InetSocketAddress peer) {
        return source != null ? source : Objects.requireNonNull(peer, "peer");
    }
}
