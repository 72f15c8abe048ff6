package io.socksgate.shell.internal.completers;

import io.socksgate.api.HostPort;
import io.socksgate.api.LoginBlocks;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Completes the client addresses blocked after repeated failed logins. */
@Service
public class BlockedClientCompleter extends NamesCompleter {

    @Reference
    LoginBlocks blocks;

    public BlockedClientCompleter() {}

    BlockedClientCompleter(LoginBlocks blocks) {
        this.blocks = blocks;
    }

    @Override
    List<String> names() {
        return blocks.blocks().stream()
                .map(block -> HostPort.addressText(block.client()))
                .toList();
    }
}
