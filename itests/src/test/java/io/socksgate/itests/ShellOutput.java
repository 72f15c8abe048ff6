package io.socksgate.itests;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads what {@link KarafShell} printed: the rows of a {@code --no-format} table (cells separated
 * by tabs, the header row included) and the {@code Label : value} lines of {@code socks:session-info}.
 */
final class ShellOutput {

    private ShellOutput() {}

    /** Every line with a tab, split into its trimmed cells. */
    static List<List<String>> rows(String printed) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : printed.split("\\R")) {
            if (line.contains("\t")) {
                List<String> cells = new ArrayList<>();
                for (String cell : line.split("\t", -1)) {
                    cells.add(cell.trim());
                }
                rows.add(cells);
            }
        }
        return rows;
    }

    /** The first row whose cell {@code column} is {@code value}. */
    static Optional<List<String>> row(String printed, int column, String value) {
        return rows(printed).stream()
                .filter(cells -> cells.size() > column && cells.get(column).equals(value))
                .findFirst();
    }

    /** The value of a {@code Label : value} line, if there is one. */
    static Optional<String> field(String printed, String label) {
        for (String line : printed.split("\\R")) {
            int colon = line.indexOf(" : ");
            if (colon > 0 && line.substring(0, colon).trim().equals(label)) {
                return Optional.of(line.substring(colon + 3).trim());
            }
        }
        return Optional.empty();
    }
}
