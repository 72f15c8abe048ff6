package io.socksgate.shell.internal;

import io.socksgate.api.HostPort;
import io.socksgate.api.LoginBlock;
import io.socksgate.api.LoginBlocks;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(
        scope = "socks",
        name = "auth-blocks",
        description = "Lists the client addresses blocked after repeated failed logins.",
        detailedDescription = "A client address with failures.max failed logins within failures.window"
                + " (etc/io.socksgate.auth.cfg) is refused without a check until Blocked until (local time);"
                + " Failures is how many failed logins blocked it, Left how long the block still lasts."
                + " socks:auth-unblock lifts a block.")
public class AuthBlocksCommand extends SocksTableCommandSupport {

    private static final DateTimeFormatter UNTIL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    static final List<Column> COLUMNS =
            List.of(column("Client"), number("Failures"), column("Blocked until"), number("Left"));

    @Reference
    LoginBlocks blocks;

    @Override
    protected void doExecute() {
        print(Instant.now(), ZoneId.systemDefault());
    }

    void print(Instant now, ZoneId zone) {
        printTable(COLUMNS, "No blocked clients", rows(blocks.blocks(), now, zone));
    }

    /** Client, Failures, Blocked until, Left. */
    static List<List<Object>> rows(List<LoginBlock> blocks, Instant now, ZoneId zone) {
        List<List<Object>> rows = new ArrayList<>();
        for (LoginBlock block : blocks) {
            rows.add(List.of(
                    HostPort.addressText(block.client()),
                    block.failures(),
                    UNTIL.format(block.blockedUntil().atZone(zone)),
                    Format.age(Duration.between(now, block.blockedUntil()))));
        }
        return rows;
    }
}
