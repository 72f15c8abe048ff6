package io.socksgate.shell.internal;

import io.socksgate.api.HostPort;
import io.socksgate.api.LoginBlocks;
import io.socksgate.shell.internal.completers.BlockedClientCompleter;
import java.net.InetAddress;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.ShellUtil;

@Service
@Command(
        scope = "socks",
        name = "auth-unblock",
        description = "Lifts login blocks: the client address may log in again at once.",
        detailedDescription = "Give one client address (as socks:auth-blocks lists it), or --all. The address's"
                + " count of failed logins starts afresh. Each lift is logged on io.socksgate.auth with the"
                + " name of the user who asked. Fails when the address is not blocked.")
public class AuthUnblockCommand extends SocksCommandSupport {

    @Argument(name = "client", description = "The blocked client IP address")
    @Completion(BlockedClientCompleter.class)
    String client;

    @Option(name = "--all", description = "Lift every block")
    boolean all;

    @Reference
    LoginBlocks blocks;

    @Override
    protected void doExecute() throws CommandException {
        String user = ShellUtil.getCurrentUserName();
        unblock(user == null ? "shell" : user);
    }

    /**
     * Lifts the selected blocks and says so.
     *
     * @param operator who asks, for the log
     * @throws CommandException when the selection is wrong or the address is not blocked
     */
    void unblock(String operator) throws CommandException {
        if ((client == null) == !all) {
            throw failure("Give one client address, or --all");
        }
        if (all) {
            int lifted = blocks.unblockAll(operator);
            out().println("Lifted " + lifted + (lifted == 1 ? " block" : " blocks"));
            return;
        }
        InetAddress address = clientAddress("client", client);
        if (!blocks.unblock(address, operator)) {
            throw failure(HostPort.addressText(address) + " is not blocked");
        }
        out().println("Lifted the block on " + HostPort.addressText(address));
    }
}
