package io.socksgate.shell.internal;

import java.util.List;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * A {@code socks:*} command that prints a table: Karaf's {@code --no-format} option (as {@code
 * feature:list}) and the table built from columns and rows, so that a command only says what its
 * columns are and computes its rows (which its tests check without a console).
 */
public abstract class SocksTableCommandSupport extends SocksCommandSupport {

    @Option(name = "--no-format", description = "Disable table rendered output")
    boolean noFormat;

    /** A column's header and alignment: numbers are right-aligned. */
    record Column(String header, boolean alignRight) {}

    static Column column(String header) {
        return new Column(header, false);
    }

    static Column number(String header) {
        return new Column(header, true);
    }

    /**
     * Prints the rows under these columns, framed, or with {@code --no-format} as tab-separated
     * lines for scripts.
     *
     * @param whenEmpty what is printed for no rows (framed output only); null for nothing
     */
    void printTable(List<Column> columns, String whenEmpty, List<List<Object>> rows) {
        ShellTable table = new ShellTable();
        for (Column column : columns) {
            if (column.alignRight()) {
                table.column(column.header()).alignRight();
            } else {
                table.column(column.header());
            }
        }
        if (whenEmpty != null) {
            table.emptyTableText(whenEmpty);
        }
        for (List<Object> row : rows) {
            table.addRow().addContent(row);
        }
        table.print(out(), !noFormat);
    }
}
