package io.socksgate.protocol.proxy;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The address and port fields of a v1 line, as proxy-protocol.txt section 2.1 writes them. Each
 * method reads {@code text[from, to)} and returns null (or -1) for anything else, so a v1 line
 * names exactly the addresses its text spells, with no resolver or platform parser guessing.
 */
final class AddressText {

    private AddressText() {}

    /**
     * Four decimal numbers 0 to 255 separated by single dots, without leading zeros ("to avoid any
     * possible confusion with octal numbers"); else null.
     */
    static byte[] ipv4(byte[] text, int from, int to) {
        byte[] address = new byte[4];
        int i = from;
        for (int part = 0; part < 4; part++) {
            if (part > 0) {
                if (i == to || text[i] != '.') {
                    return null;
                }
                i++;
            }
            int start = i;
            int value = 0;
            while (i < to && isDigit(text[i]) && i - start < 3) {
                value = value * 10 + (text[i] - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && text[start] == '0')) {
                return null;
            }
            address[part] = (byte) value;
        }
        return i == to ? address : null;
    }

    /**
     * Groups of 1 to 4 hex digits (either case) separated by single colons, at most one {@code ::}
     * standing for one or more zero groups, 128 bits in all; else null.
     *
     * <p>The last 32 bits may also be a dotted quad ({@code ::ffff:192.0.2.1}, RFC 4291 section
     * 2.2): the spec's grammar speaks only of hex groups, but HAProxy writes v1 addresses with
     * {@code inet_ntop}, which prints an IPv4-mapped address that way, so refusing it would refuse
     * every IPv4 client of a dual-stack balancer. Zones ({@code %eth0}) and brackets are refused.
     */
    static byte[] ipv6(byte[] text, int from, int to) {
        int[] groups = new int[8];
        int count = 0;
        int gap = -1;
        int i = from;
        if (to - from < 2) {
            return null;
        }
        if (text[i] == ':') {
            if (text[i + 1] != ':') {
                return null;
            }
            gap = 0;
            i += 2;
        }
        while (i < to) {
            int start = i;
            int value = 0;
            while (i < to && hex(text[i]) >= 0 && i - start < 5) {
                value = (value << 4) | hex(text[i]);
                i++;
            }
            if (i < to && text[i] == '.') {
                byte[] quad = count <= 6 ? ipv4(text, start, to) : null;
                if (quad == null) {
                    return null;
                }
                groups[count++] = ((quad[0] & 0xFF) << 8) | (quad[1] & 0xFF);
                groups[count++] = ((quad[2] & 0xFF) << 8) | (quad[3] & 0xFF);
                i = to;
                break;
            }
            int digits = i - start;
            if (digits == 0 || digits > 4 || count == 8) {
                return null;
            }
            groups[count++] = value;
            if (i == to) {
                break;
            }
            if (text[i] != ':') {
                return null;
            }
            i++;
            if (i == to) {
                return null;
            }
            if (text[i] == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = count;
                i++;
            }
        }
        if (gap < 0 ? count != 8 : count > 7) {
            return null;
        }
        byte[] address = new byte[16];
        int tail = gap < 0 ? 0 : count - gap;
        for (int g = 0; g < count; g++) {
            int slot = gap >= 0 && g >= gap ? 8 - tail + (g - gap) : g;
            address[2 * slot] = (byte) (groups[g] >> 8);
            address[2 * slot + 1] = (byte) groups[g];
        }
        return address;
    }

    /** A decimal 0 to 65535 without leading zeros ("0" itself aside); else -1. */
    static int port(byte[] text, int from, int to) {
        int digits = to - from;
        if (digits < 1 || digits > 5 || (digits > 1 && text[from] == '0')) {
            return -1;
        }
        int port = 0;
        for (int i = from; i < to; i++) {
            if (!isDigit(text[i])) {
                return -1;
            }
            port = port * 10 + (text[i] - '0');
        }
        return port <= 65535 ? port : -1;
    }

    /**
     * The address of 4 or 16 bytes, without a lookup. An IPv4-mapped IPv6 address comes back as
     * the {@link java.net.Inet4Address} it maps, the same client (see {@link ProxyHeader}).
     */
    static InetAddress inet(byte[] address) {
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are an IP address", e);
        }
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }
}
