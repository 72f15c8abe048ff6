package io.socksgate.shell.internal;

import io.socksgate.api.Command;
import io.socksgate.api.HostPort;
import io.socksgate.api.ListenerInfo;
import io.socksgate.api.Protocol;
import io.socksgate.api.SessionState;
import io.socksgate.config.tokens.EnumTokens;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** How the commands show values: lower-case keywords as in the .cfg files, {@code -} for none. */
final class Format {

    static final String NONE = "-";

    private Format() {}

    /** {@code 10.0.0.5:40000}, {@code [::1]:40000}; {@code -} for null. */
    static String address(InetSocketAddress address) {
        if (address == null) {
            return NONE;
        }
        InetAddress ip = address.getAddress();
        if (ip == null) {
            return address.getHostString() + ":" + address.getPort();
        }
        return HostPort.of(ip, address.getPort()).toString();
    }

    static String ip(InetAddress address) {
        return address == null ? NONE : HostPort.addressText(address);
    }

    static String destination(HostPort destination) {
        return destination == null ? NONE : destination.toString();
    }

    /** As the rule key {@code commands} names it: connect, bind, udp. */
    static String command(Command command) {
        return command == null ? NONE : EnumTokens.COMMANDS.token(command);
    }

    /** As the keys {@code protocols} name it: socks4, socks5, http. */
    static String protocol(Protocol protocol) {
        return protocol == null ? NONE : EnumTokens.PROTOCOLS.token(protocol);
    }

    static String state(SessionState state) {
        return state == null ? NONE : state.name().toLowerCase(Locale.ROOT);
    }

    static String state(ListenerInfo.State state) {
        return state == null ? NONE : state.name().toLowerCase(Locale.ROOT);
    }

    /** {@code socks4, socks5, http}: in the enum's order, as the listener key {@code protocols} names them. */
    static String protocols(Set<Protocol> protocols) {
        return protocols == null || protocols.isEmpty()
                ? NONE
                : Stream.of(Protocol.values())
                        .filter(protocols::contains)
                        .map(Format::protocol)
                        .collect(Collectors.joining(", "));
    }

    /** The addresses, comma separated, in the given order; {@code -} for none. */
    static String addresses(List<InetSocketAddress> addresses) {
        return addresses == null || addresses.isEmpty()
                ? NONE
                : addresses.stream().map(Format::address).collect(Collectors.joining(", "));
    }

    /** The values in the given order (a preference order, not sorted); {@code -} for none. */
    static String ordered(List<String> values) {
        return values == null || values.isEmpty() ? NONE : String.join(", ", values);
    }

    static String user(String user) {
        return user == null ? NONE : user;
    }

    static String list(Collection<String> values) {
        return values == null || values.isEmpty()
                ? NONE
                : String.join(", ", values.stream().sorted().toList());
    }

    /** {@code 45s}, {@code 3m05s}, {@code 2h03m}, {@code 4d07h}; never negative. */
    static String age(Duration age) {
        long seconds = Math.max(0, age.getSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        if (seconds < 86400) {
            return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", seconds / 86400, seconds % 86400 / 3600);
    }
}
