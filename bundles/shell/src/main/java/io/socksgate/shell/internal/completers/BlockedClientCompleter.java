package io.socksgate.shell.internal.completers;

import io.socksgate.api.LoginBlock;
import io.socksgate.api.LoginBlocks;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the client addresses blocked after repeated failed logins. */
@Service
public class BlockedClientCompleter implements Completer {

    @Reference
    LoginBlocks blocks;

    public BlockedClientCompleter() {}

    BlockedClientCompleter(LoginBlocks blocks) {
        this.blocks = blocks;
    }

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        for (LoginBlock block : blocks.blocks()) {
            delegate.getStrings().add(block.client().getHostAddress());
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
