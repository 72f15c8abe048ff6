package io.socksgate.shell.internal;

import io.socksgate.api.LoginBlocks;
import io.socksgate.shell.internal.completers.BlockedClientCompleter;
import java.io.PrintStream;
import java.net.InetAddress;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.ShellUtil;

@Service
@Command(
        scope = "socks",
        name = "auth-unblock",
        description = "Lifts login blocks: the client address may log in again at once.",
        detailedDescription = "Give one client address (as socks:auth-blocks lists it), or --all. The address's"
                + " count of failed logins starts afresh. Each lift is logged on io.socksgate.auth with the"
                + " name of the user who asked. Fails when the address is not blocked.")
public class AuthUnblockCommand implements Action {

    @Argument(index = 0, name = "client", description = "The blocked client IP address", required = false)
    @Completion(BlockedClientCompleter.class)
    String client;

    @Option(name = "--all", description = "Lift every block", required = false, multiValued = false)
    boolean all;

    @Reference
    LoginBlocks blocks;

    @Override
    public Object execute() throws Exception {
        String user = ShellUtil.getCurrentUserName();
        unblock(System.out, user == null ? "shell" : user);
        return null;
    }

    /**
     * Lifts the selected blocks and says so.
     *
     * @param operator who asks, for the log
     * @throws IllegalArgumentException when the selection is wrong or the address is not blocked
     */
    void unblock(PrintStream out, String operator) {
        if ((client == null) == !all) {
            throw new IllegalArgumentException("Give one client address, or --all");
        }
        if (all) {
            int lifted = blocks.unblockAll(operator);
            out.println("Lifted " + lifted + (lifted == 1 ? " block" : " blocks"));
            return;
        }
        InetAddress address;
        try {
            address = Endpoints.clientAddress(client);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("client: " + e.getMessage(), e);
        }
        if (!blocks.unblock(address, operator)) {
            throw new IllegalArgumentException(address.getHostAddress() + " is not blocked");
        }
        out.println("Lifted the block on " + address.getHostAddress());
    }
}
