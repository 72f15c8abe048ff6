package io.socksgate.server.internal;

import java.util.HexFormat;

/** Byte vectors written as spaced hex, as protocol documents show them. */
final class Hex {

    private Hex() {}

    static byte[] bytes(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    static String of(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }
}
