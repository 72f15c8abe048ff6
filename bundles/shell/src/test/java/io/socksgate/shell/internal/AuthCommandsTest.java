package io.socksgate.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socksgate.api.LoginBlock;
import io.socksgate.api.LoginBlocks;
import io.socksgate.config.IpLiterals;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;

class AuthCommandsTest {

    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
    private static final ZoneId ZONE = ZoneOffset.ofHours(1);

    private final Blocks blocks = new Blocks();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    AuthCommandsTest() throws Exception {
        blocks.blocked.add(new LoginBlock(InetAddress.getByName("10.0.0.7"), 5, NOW.plusSeconds(125)));
        blocks.blocked.add(new LoginBlock(InetAddress.getByName("2001:db8::1"), 7, NOW.plusSeconds(7200)));
    }

    @Test
    void blocksAreListedWithFailuresEndInLocalTimeAndWhatIsLeft() {
        AuthBlocksCommand command = new AuthBlocksCommand();
        command.blocks = blocks;
        command.noFormat = true;
        command.out = out;
        command.print(NOW, ZONE);
        // --no-format: no header, cells split by tabs
        assertThat(text().lines().map(line -> List.of(line.split("\\s*\t\\s*"))).toList())
                .containsExactly(
                        List.of("10.0.0.7", "5", "2026-12-05 11:02:05", "2m05s"),
                        List.of("2001:db8::1", "7", "2026-12-05 13:00:00", "2h00m"));
    }

    @Test
    void noBlocksIsSaidSo() {
        blocks.blocked.clear();
        AuthBlocksCommand command = new AuthBlocksCommand();
        command.blocks = blocks;
        command.out = out;
        command.print(NOW, ZONE);
        assertThat(text()).contains("No blocked clients");
    }

    @Test
    void oneAddressIsUnblockedInTheNameOfTheCaller() throws Exception {
        AuthUnblockCommand command = unblock("10.0.0.7", false);
        command.unblock("karaf");
        assertThat(text()).isEqualTo("Lifted the block on 10.0.0.7\n");
        assertThat(blocks.requests).containsExactly("10.0.0.7 by karaf");
        assertThat(blocks.blocked).hasSize(1);

        AuthUnblockCommand v6 = unblock("[2001:db8::1]", false);
        v6.unblock("karaf");
        assertThat(blocks.blocked).isEmpty();
    }

    @Test
    void allAreUnblocked() throws Exception {
        unblock(null, true).unblock("admin");
        assertThat(text()).isEqualTo("Lifted 2 blocks\n");
        assertThat(blocks.requests).containsExactly("all by admin");
    }

    @Test
    void anAddressThatIsNotBlockedFails() {
        assertThatThrownBy(() -> unblock("10.0.0.8", false).unblock("karaf"))
                .isInstanceOf(CommandException.class)
                .hasMessage("10.0.0.8 is not blocked");
        assertThat(blocks.blocked).hasSize(2);
    }

    @Test
    void aWrongSelectionFailsAndLiftsNothing() {
        assertThatThrownBy(() -> unblock(null, false).unblock("karaf"))
                .isInstanceOf(CommandException.class)
                .hasMessage("Give one client address, or --all");
        assertThatThrownBy(() -> unblock("10.0.0.7", true).unblock("karaf"))
                .hasMessage("Give one client address, or --all");
        assertThatThrownBy(() -> unblock("example.com", false).unblock("karaf"))
                .hasMessage("client: 'example.com' is not " + IpLiterals.EXPECTED);
        // the literals the configuration takes: brackets hold IPv6 only
        assertThatThrownBy(() -> unblock("[10.0.0.7]", false).unblock("karaf"))
                .hasMessage("client: '[10.0.0.7]' is not " + IpLiterals.EXPECTED);
        assertThat(blocks.blocked).hasSize(2);
        assertThat(blocks.requests).isEmpty();
    }

    private AuthUnblockCommand unblock(String client, boolean all) {
        AuthUnblockCommand command = new AuthUnblockCommand();
        command.blocks = blocks;
        command.client = client;
        command.all = all;
        command.out = out;
        return command;
    }

    private String text() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    /** Blocks held in a list, as the throttle would hold them. */
    static final class Blocks implements LoginBlocks {
        final List<LoginBlock> blocked = new ArrayList<>();
        final List<String> requests = new ArrayList<>();

        @Override
        public List<LoginBlock> blocks() {
            return blocked.stream()
                    .sorted(Comparator.comparing(LoginBlock::blockedUntil))
                    .toList();
        }

        @Override
        public boolean unblock(InetAddress client, String operator) {
            requests.add(client.getHostAddress() + " by " + operator);
            return blocked.removeIf(b -> b.client().equals(client));
        }

        @Override
        public int unblockAll(String operator) {
            requests.add("all by " + operator);
            int lifted = blocked.size();
            blocked.clear();
            return lifted;
        }
    }
}
