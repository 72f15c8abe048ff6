package io.socksgate.shell.internal.completers;

import static org.assertj.core.api.Assertions.assertThat;

import io.socksgate.api.LoginBlock;
import io.socksgate.api.LoginBlocks;
import io.socksgate.shell.internal.Fakes;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockedClientCompleterTest {

    @Test
    void blockedAddressesComeFromTheThrottle() throws Exception {
        List<LoginBlock> blocked = List.of(
                new LoginBlock(InetAddress.getByName("10.0.0.7"), 5, Instant.EPOCH),
                new LoginBlock(InetAddress.getByName("10.0.0.8"), 5, Instant.EPOCH),
                new LoginBlock(InetAddress.getByName("192.168.1.1"), 5, Instant.EPOCH));
        LoginBlocks blocks = new LoginBlocks() {
            @Override
            public List<LoginBlock> blocks() {
                return blocked;
            }

            @Override
            public boolean unblock(InetAddress client, String operator) {
                return false;
            }

            @Override
            public int unblockAll(String operator) {
                return 0;
            }
        };

        List<String> candidates = new ArrayList<>();
        new BlockedClientCompleter(blocks).complete(null, Fakes.cursorAt("10."), candidates);

        assertThat(candidates).containsExactly("10.0.0.7 ", "10.0.0.8 ");
    }
}
