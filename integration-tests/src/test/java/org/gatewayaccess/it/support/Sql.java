package org.gatewayaccess.it.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Direct SQL on the database behind Keycloak: to set up drift or failures a test needs, and to count rows. */
public final class Sql {

    private Sql() {}

    public static int update(Database pg, String sql, Object... params) {
        try (Connection c = pg.connect();
                PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public static long count(Database pg, String sql, Object... params) {
        try (Connection c = pg.connect();
                PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The first column of the first row as text (null when there is no row). */
    public static String text(Database db, String sql, Object... params) {
        try (Connection c = db.connect();
                PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Every row, each as its columns' text. */
    public static List<List<String>> rows(Database db, String sql, Object... params) {
        try (Connection c = db.connect();
                PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            try (ResultSet rs = s.executeQuery()) {
                List<List<String>> rows = new ArrayList<>();
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        row.add(rs.getString(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** One statement for many rows, in JDBC batches of 1000, one commit: how tests seed large data without HTTP calls. */
    public static void batch(Database db, String sql, List<Object[]> rows) {
        try (Connection c = db.connect();
                PreparedStatement s = c.prepareStatement(sql)) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            int n = 0;
            for (Object[] row : rows) {
                bind(s, row);
                s.addBatch();
                if (++n % 1000 == 0) {
                    s.executeBatch();
                }
            }
            s.executeBatch();
            c.commit();
            c.setAutoCommit(autoCommit);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static void bind(PreparedStatement statement, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i]);
        }
    }
}
