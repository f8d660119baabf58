package io.trunkline.controlplane.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Columns aligned the way ipvsadm and HAProxy's {@code show stat} print them: a header row, two
 * spaces between columns, a column of numbers right-aligned (a {@link #NONE} among them too), no
 * trailing blanks.
 */
final class TextTable {
    private static final String GAP = "  ";
    /** The cell of a value there is none of (a rate before the second sample): aligns with numbers. */
    static final String NONE = "-";

    private final String[] headers;
    private final List<Object[]> rows = new ArrayList<>();

    TextTable(String... headers) {
        this.headers = headers.clone();
    }

    TextTable row(Object... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException(cells.length + " cells for " + headers.length + " columns");
        }
        rows.add(cells.clone());
        return this;
    }

    void print(PrintWriter out) {
        int[] widths = Arrays.stream(headers).mapToInt(String::length).toArray();
        boolean[] numeric = new boolean[headers.length];
        Arrays.fill(numeric, !rows.isEmpty());
        for (Object[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], String.valueOf(row[c]).length());
                numeric[c] &= row[c] instanceof Number || NONE.equals(row[c]);
            }
        }
        line(out, headers, widths, numeric);
        for (Object[] row : rows) {
            line(out, row, widths, numeric);
        }
    }

    private static void line(PrintWriter out, Object[] cells, int[] widths, boolean[] numeric) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            String text = String.valueOf(cells[c]);
            String pad = " ".repeat(widths[c] - text.length());
            line.append(c == 0 ? "" : GAP).append(numeric[c] ? pad + text : text + pad);
        }
        out.println(line.toString().stripTrailing());
    }
}
