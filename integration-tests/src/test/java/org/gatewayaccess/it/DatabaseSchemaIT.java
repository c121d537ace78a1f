package org.gatewayaccess.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.gatewayaccess.it.support.Database;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.junit.jupiter.api.Test;

/** The Liquibase changelog created the whole data model (H2, PostgreSQL and MariaDB), with its own changelog table. */
class DatabaseSchemaIT extends RealKeycloakTest {

    @Test
    void theChangelogCreatedEveryTableAndRecordedItselfInItsOwnChangelogTable() throws Exception {
        Database db = SERVER.db();
        try (Connection c = db.connect()) {
            Set<String> tables = new HashSet<>();
            try (ResultSet rs = c.getMetaData().getTables(null, db.schema(), "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME").toUpperCase());
                }
            }
            for (String table : List.of(
                    "GA_REALM_STATE",
                    "GA_POOL",
                    "GA_GRANT",
                    "GA_MEMBERSHIP",
                    "GA_PENDING_USER",
                    "GA_RESOURCE",
                    "GA_JOB",
                    "DATABASECHANGELOG_GATEWAYACC")) {
                assertTrue(tables.contains(table), table + " in " + tables);
            }
            // On MariaDB the master changelog ignores the first changeset and runs its MariaDB form instead; elsewhere
            // that form (dbms="mariadb,mysql") is neither run nor recorded, and the rows are those of every release.
            List<String> expected = "mariadb".equals(System.getProperty("it.db"))
                    ? List.of(
                            "2026-11-29-mariadb-initial-schema:META-INF/gateway-access/changelog/2026-11-29-mariadb-initial-schema.xml",
                            "2026-11-22-membership-sources:META-INF/gateway-access/changelog/2026-11-22-membership-sources.xml",
                            "2026-12-01-job-kept:META-INF/gateway-access/changelog/2026-12-01-job-kept.xml",
                            "2026-12-01-pool-source:META-INF/gateway-access/changelog/2026-12-01-pool-source.xml")
                    : List.of(
                            "2026-11-22-initial-schema:META-INF/gateway-access/changelog/2026-11-22-initial-schema.xml",
                            "2026-11-22-membership-sources:META-INF/gateway-access/changelog/2026-11-22-membership-sources.xml",
                            "2026-12-01-job-kept:META-INF/gateway-access/changelog/2026-12-01-job-kept.xml",
                            "2026-12-01-pool-source:META-INF/gateway-access/changelog/2026-12-01-pool-source.xml");
            List<String> ran = new ArrayList<>();
            try (ResultSet rs = c.createStatement()
                    .executeQuery("SELECT ID, FILENAME FROM DATABASECHANGELOG_GATEWAYACC ORDER BY ORDEREXECUTED")) {
                while (rs.next()) {
                    ran.add(rs.getString(1) + ":" + rs.getString(2));
                }
            }
            assertEquals(expected, ran);
            Set<String> indexes = new HashSet<>();
            try (ResultSet rs =
                    c.getMetaData().getIndexInfo(null, db.schema(), db.tableName("GA_GRANT"), false, false)) {
                while (rs.next()) {
                    indexes.add(String.valueOf(rs.getString("INDEX_NAME")).toUpperCase());
                }
            }
            assertTrue(
                    indexes.containsAll(List.of("IDX_GA_GRANT_PRINCIPAL", "IDX_GA_GRANT_SOURCE")), indexes::toString);
            // The natural key is the primary key: one row per source of a permission.
            Set<String> keyColumns = new HashSet<>();
            try (ResultSet rs = c.getMetaData().getPrimaryKeys(null, db.schema(), db.tableName("GA_GRANT"))) {
                while (rs.next()) {
                    keyColumns.add(rs.getString("COLUMN_NAME").toUpperCase());
                }
            }
            assertEquals(
                    Set.of(
                            "REALM_ID",
                            "RESOURCE_TYPE",
                            "RESOURCE_ID",
                            "PRINCIPAL_TYPE",
                            "PRINCIPAL_ID",
                            "PERMISSION",
                            "SOURCE"),
                    keyColumns);
        }
    }
}
