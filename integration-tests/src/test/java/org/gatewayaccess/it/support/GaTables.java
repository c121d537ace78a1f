package org.gatewayaccess.it.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every row of the extension's tables ({@code GA_*}), read over JDBC: two snapshots are equal exactly when the
 * extension's state is. Rows are compared as text, so a difference can be shown row by row.
 */
public final class GaTables {

    public static final List<String> TABLES = List.of(
            "GA_REALM_STATE", "GA_POOL", "GA_GRANT", "GA_MEMBERSHIP", "GA_PENDING_USER", "GA_RESOURCE", "GA_JOB");

    private GaTables() {}

    /** Table → its rows, each as {@code col=value|col=value…}, sorted. */
    public static Map<String, TreeSet<String>> snapshot(Database db) {
        Map<String, TreeSet<String>> tables = new TreeMap<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            for (String table : TABLES) {
                TreeSet<String> rows = new TreeSet<>();
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            row.append(i > 1 ? "|" : "")
                                    .append(meta.getColumnName(i).toUpperCase())
                                    .append('=')
                                    .append(rs.getString(i));
                        }
                        // the periodic sync (it.syncIntervalSeconds) records a job every few seconds on its own: not a
                        // change by a request
                        if (!(table.equals("GA_JOB") && row.indexOf("|STARTED_BY=scheduler|") >= 0)) {
                            rows.add(row.toString());
                        }
                    }
                }
                tables.put(table, rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("snapshot of the GA_ tables", e);
        }
        return tables;
    }

    /** Row counts and a checksum per table, for the test report. */
    public static String summary(Map<String, TreeSet<String>> snapshot) {
        List<String> parts = new ArrayList<>();
        snapshot.forEach((table, rows) ->
                parts.add(table + ": " + rows.size() + " rows #" + Integer.toHexString(rows.hashCode())));
        return String.join(", ", parts);
    }

    /** The rows only in {@code before} (-) or only in {@code after} (+), at most {@code limit} lines. */
    public static String diff(Map<String, TreeSet<String>> before, Map<String, TreeSet<String>> after, int limit) {
        List<String> lines = new ArrayList<>();
        for (String table : TABLES) {
            for (String row : before.get(table)) {
                if (!after.get(table).contains(row)) {
                    lines.add("- " + table + " " + row);
                }
            }
            for (String row : after.get(table)) {
                if (!before.get(table).contains(row)) {
                    lines.add("+ " + table + " " + row);
                }
            }
        }
        return String.join("\n", lines.subList(0, Math.min(limit, lines.size())))
                + (lines.size() > limit ? "\n… " + (lines.size() - limit) + " more" : "");
    }
}
