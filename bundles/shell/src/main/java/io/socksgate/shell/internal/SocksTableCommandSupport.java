package io.socksgate.shell.internal;

import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.support.table.ShellTable;

/** A {@code socks:*} command that prints a table, with Karaf's {@code --no-format} option (as {@code feature:list}). */
public abstract class SocksTableCommandSupport extends SocksCommandSupport {

    @Option(name = "--no-format", description = "Disable table rendered output", required = false, multiValued = false)
    boolean noFormat;

    /** Prints the table framed, or with {@code --no-format} as tab-separated lines for scripts. */
    void print(ShellTable table) {
        table.print(out(), !noFormat);
    }
}
