package io.socksgate.server.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.socksgate.api.AuthenticationRequest;
import io.socksgate.api.HostPort;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The fail2ban line of a failed login cannot be forged: whatever the client puts in its user
 * name, the documented filter finds exactly one address in the line as Karaf writes it, the
 * client's own.
 */
class AuditLineTest {

    /**
     * The documented failregex, {@code \| authentication (failed|refused): client=<HOST> }, with
     * fail2ban's definition of {@code <HOST>} (an IPv4 or IPv6 address, or a host name).
     */
    private static final Pattern FAILREGEX = Pattern.compile("\\| authentication (failed|refused): client="
            + "(?:(?:::f{4,6}:)?(?<ip4>(?:\\d{1,3}\\.){3}\\d{1,3})"
            + "|\\[?(?<ip6>(?:[0-9a-fA-F]{1,4}::?|:){1,7}(?:[0-9a-fA-F]{1,4}|(?<=:):))\\]?"
            + "|(?<dns>[\\w\\-.^_]*\\w)) ");

    /** Karaf's default layout: fields split by " | ", the message cut to 500 characters, CR and LF encoded. */
    private static String asKarafWritesIt(String message) {
        String cut = message.length() > 500 ? message.substring(0, 500) : message;
        return "2026-12-05T10:00:00,000 | WARN  | socksgate-blocking-1 | auth                             "
                + "| 57 - io.socksgate.server - 0.1.0 | "
                + cut.replace("\r", "\\r").replace("\n", "\\n");
    }

    private static final List<String> HOSTILE_NAMES = List.of(
            "x".repeat(440) + "\" client=1.2.3.4 ",
            "alice\" client=1.2.3.4 listener=default reason=x",
            "alice\nauthentication failed: client=1.2.3.4 user=\"b\"",
            "alice\r\n2026-12-05T10:00:00,000 | WARN  | x | auth | 57 - io.socksgate.server - 0.1.0 "
                    + "| authentication failed: client=1.2.3.4 ",
            "| authentication failed: client=1.2.3.4 ",
            "a | authentication refused: client=[::ffff:1.2.3.4] ",
            "\\\" client=1.2.3.4 \\",
            "\\| authentication failed: client=1.2.3.4 ",
            "Jos\u00e9\u202e | authentication failed: client=1.2.3.4 \u2028",
            "|".repeat(255),
            "\u00a6 authentication failed: client=1.2.3.4 ",
            "");

    @Test
    void theDocumentedFilterFindsOnlyTheRealAddressWhateverTheUserName() {
        for (InetAddress real : List.of(address("10.0.0.7"), address("2001:db8::7"))) {
            for (String name : HOSTILE_NAMES) {
                for (String what : List.of("failed", "refused")) {
                    String line = asKarafWritesIt(Authentication.auditLine(what, request(name, real), "because"));
                    assertThat(hosts(line)).as(line).containsExactly(HostPort.addressText(real));
                }
            }
        }
    }

    @Test
    void theAddressComesFirstAndTheNameIsEscapedAndCut() {
        String line = Authentication.auditLine("failed", request("x".repeat(300) + "\n", address("10.0.0.7")), "r");
        assertThat(line)
                .isEqualTo("authentication failed: client=10.0.0.7 user=\"" + "x".repeat(64)
                        + "\"(truncated) listener=default reason=\"r\"");

        String hostile = Authentication.auditLine(
                "failed", request("a\"b|c\\d\u00e9\u0000", address("10.0.0.7")), "wrong user name or password");
        assertThat(hostile)
                .isEqualTo("authentication failed: client=10.0.0.7 user=\"a\\\"b\\x7cc\\\\d\\xe9\\x00\""
                        + " listener=default reason=\"wrong user name or password\"");
        assertThat(hostile.chars().allMatch(c -> c >= 0x20 && c < 0x7f)).isTrue();
    }

    @Test
    void theLongestNameRfc1929AllowsStillLeavesTheLineShortOfKarafsCut() {
        String line = Authentication.auditLine(
                "refused",
                request("\u00e9".repeat(255), address("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff")),
                "r".repeat(1000));
        assertThat(line.length()).isLessThan(500);
    }

    /** Every address the filter finds in the line: fail2ban would ban each. */
    private static List<String> hosts(String line) {
        List<String> found = new ArrayList<>();
        Matcher matcher = FAILREGEX.matcher(line);
        int from = 0;
        while (from < line.length() && matcher.find(from)) {
            String host = matcher.group("ip4") != null
                    ? matcher.group("ip4")
                    : matcher.group("ip6") != null ? matcher.group("ip6") : matcher.group("dns");
            found.add(host);
            from = matcher.start() + 1;
        }
        return found;
    }

    private static AuthenticationRequest request(String user, InetAddress client) {
        return new AuthenticationRequest(
                "default", "karaf", new InetSocketAddress(client, 40000), user, "secret".toCharArray());
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
