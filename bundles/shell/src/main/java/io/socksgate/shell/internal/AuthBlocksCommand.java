package io.socksgate.shell.internal;

import io.socksgate.api.LoginBlock;
import io.socksgate.api.LoginBlocks;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(
        scope = "socks",
        name = "auth-blocks",
        description = "Lists the client addresses blocked after repeated failed logins.",
        detailedDescription = "A client address with failures.max failed logins within failures.window"
                + " (etc/io.socksgate.auth.cfg) is refused without a check until Blocked until (local time);"
                + " Failures is how many failed logins blocked it, Left how long the block still lasts."
                + " socks:auth-unblock lifts a block.")
public class AuthBlocksCommand implements Action {

    private static final DateTimeFormatter UNTIL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Option(name = "--no-format", description = "Disable table rendered output", required = false, multiValued = false)
    boolean noFormat;

    @Reference
    LoginBlocks blocks;

    @Override
    public Object execute() throws Exception {
        print(System.out, Instant.now(), ZoneId.systemDefault());
        return null;
    }

    void print(PrintStream out, Instant now, ZoneId zone) {
        ShellTable table = new ShellTable();
        table.column("Client");
        table.column("Failures").alignRight();
        table.column("Blocked until");
        table.column("Left").alignRight();
        table.emptyTableText("No blocked clients");
        for (List<Object> row : rows(blocks.blocks(), now, zone)) {
            table.addRow().addContent(row);
        }
        table.print(out, !noFormat);
    }

    /** Client, Failures, Blocked until, Left. */
    static List<List<Object>> rows(List<LoginBlock> blocks, Instant now, ZoneId zone) {
        List<List<Object>> rows = new ArrayList<>();
        for (LoginBlock block : blocks) {
            rows.add(List.of(
                    block.client().getHostAddress(),
                    block.failures(),
                    UNTIL.format(block.blockedUntil().atZone(zone)),
                    Format.age(Duration.between(now, block.blockedUntil()))));
        }
        return rows;
    }
}
