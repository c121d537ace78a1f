package org.gatewayaccess.it;

import org.gatewayaccess.it.support.Database;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Liquibase changelog created the whole data model (H2 and PostgreSQL), with its own changelog table. */
class DatabaseSchemaIT extends RealKeycloakTest {

    @Test
    void theChangelogCreatedEveryTableAndRecordedItselfInItsOwnChangelogTable() throws Exception {
        Database db = SERVER.db();
        try (Connection c = db.connect()) {
            Set<String> tables = new HashSet<>();
            try (ResultSet rs = c.getMetaData().getTables(null, db.schema(), "%", new String[]{"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME").toUpperCase());
                }
            }
            for (String table : List.of("GA_REALM_STATE", "GA_POOL", "GA_GRANT", "GA_MEMBERSHIP", "GA_PENDING_USER", "GA_RESOURCE",
                "GA_JOB", "DATABASECHANGELOG_GATEWAYACC")) {
                assertTrue(tables.contains(table), table + " in " + tables);
            }
            try (ResultSet rs = c.createStatement().executeQuery("SELECT ID FROM DATABASECHANGELOG_GATEWAYACC")) {
                assertTrue(rs.next());
                assertEquals("2026-11-22-initial-schema", rs.getString(1));
            }
            Set<String> indexes = new HashSet<>();
            try (ResultSet rs = c.getMetaData().getIndexInfo(null, db.schema(), db.tableName("GA_GRANT"), false, false)) {
                while (rs.next()) {
                    indexes.add(String.valueOf(rs.getString("INDEX_NAME")).toUpperCase());
                }
            }
            assertTrue(indexes.containsAll(List.of("IDX_GA_GRANT_PRINCIPAL", "IDX_GA_GRANT_SOURCE")), indexes::toString);
            // The natural key is the primary key: one row per source of a permission.
            Set<String> keyColumns = new HashSet<>();
            try (ResultSet rs = c.getMetaData().getPrimaryKeys(null, db.schema(), db.tableName("GA_GRANT"))) {
                while (rs.next()) {
                    keyColumns.add(rs.getString("COLUMN_NAME").toUpperCase());
                }
            }
            assertEquals(Set.of("REALM_ID", "RESOURCE_TYPE", "RESOURCE_ID", "PRINCIPAL_TYPE", "PRINCIPAL_ID", "PERMISSION", "SOURCE"),
                keyColumns);
        }
    }
}
