package io.socksgate.protocol.proxy;

import java.net.InetSocketAddress;

/** Stub. */
public final class ProxyHeaders {
    private ProxyHeaders() {}

    public static byte[] v1(InetSocketAddress source, InetSocketAddress destination) {
        throw new UnsupportedOperationException();
    }

    public static byte[] v1Unknown() {
        throw new UnsupportedOperationException();
    }

    public static byte[] v2(InetSocketAddress source, InetSocketAddress destination, byte[] tlvs) {
        throw new UnsupportedOperationException();
    }

    public static byte[] v2(InetSocketAddress source, InetSocketAddress destination) {
        throw new UnsupportedOperationException();
    }

    public static byte[] v2Local() {
        throw new UnsupportedOperationException();
    }
}
