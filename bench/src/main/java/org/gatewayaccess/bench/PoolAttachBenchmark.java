package org.gatewayaccess.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.KeycloakAdmin;
import org.gatewayaccess.it.support.KeycloakServer;
import org.gatewayaccess.it.support.PostgresServer;
import org.gatewayaccess.it.support.Sql;

/**
 * Bulk grant speed, on the real Keycloak distribution with the extension, on PostgreSQL:
 * <ul>
 *   <li>tying a pool to a provider with N linked users ({@code POST /pools}: response once every grant is written),</li>
 *   <li>{@code POST /sync} repairing N missing grants (until its job is done),</li>
 *   <li>side by side with a plain JDBC batched INSERT of N rows of the same shape into the same database
 *       (batches of 1000, one commit) — the floor any approach pays.</li>
 * </ul>
 * Users and links are seeded with SQL (creating 100k users through the admin API would take most of the run).
 * Each figure is the median of {@code bench.runs} runs; the report goes to bench/results/.
 */
public final class PoolAttachBenchmark {

    private PoolAttachBenchmark() {}

    public static void main(String[] args) throws Exception {
        int[] sizes = Arrays.stream(
                        System.getProperty("bench.sizes", "10000,100000").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        int runs = Integer.getInteger("bench.runs", 3);
        KeycloakServer server = KeycloakServer.shared();
        try {
            PostgresServer pg =
                    server.postgres().orElseThrow(() -> new IllegalStateException("the benchmark runs on PostgreSQL"));
            KeycloakAdmin admin =
                    new KeycloakAdmin(server.baseUrl(), KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD);
            GatewayRealm gw = GatewayRealm.create(admin, "bench");
            String realmId = admin.realm(gw.name()).get("id").asText();
            String token = gw.gatewayAdminToken();

            List<String> rows = new ArrayList<>();
            for (int size : sizes) {
                seedLinkedUsers(pg, realmId, size);
                long[] attach = new long[runs];
                long[] sync = new long[runs];
                long[] insert = new long[runs];
                for (int run = 0; run < runs; run++) {
                    token = gw.gatewayAdminToken();
                    long t0 = System.nanoTime();
                    Http.Result created = Http.post(
                            gw.api() + "/pools",
                            token,
                            GatewayRealm.pool("bench-" + size + "-" + run, GatewayRealm.PARTNER_IDP));
                    attach[run] = (System.nanoTime() - t0) / 1_000_000;
                    require(created.status() == 201, "create pool: " + created);
                    String pool = created.json().get("id").asText();
                    require(grants(pg, realmId, pool) == size, "every linked user is a viewer");

                    Sql.update(pg, "DELETE FROM GA_GRANT WHERE REALM_ID = ? AND RESOURCE_ID = ?", realmId, pool);
                    long t1 = System.nanoTime();
                    JsonNode job = syncToEnd(gw, token);
                    sync[run] = (System.nanoTime() - t1) / 1_000_000;
                    require(job.get("changes").get("added").asLong() == size, "sync added every grant: " + job);
                    require(grants(pg, realmId, pool) == size, "every linked user is a viewer again");
                    require(Http.delete(gw.api() + "/pools/" + pool, token).status() == 204, "delete pool");

                    insert[run] = plainBatchedInsert(pg, realmId, size);
                }
                rows.add(String.format(
                        "| %,d | %s | %s | %s | %.1f× | %.1f× |",
                        size,
                        ms(attach),
                        ms(sync),
                        ms(insert),
                        (double) median(attach) / median(insert),
                        (double) median(sync) / median(insert)));
                System.out.println(rows.get(rows.size() - 1));
                String n = String.format("%,d", size);
                Summary.row(
                        "pool provider attach with " + n
                                + " linked users (`POST /pools`, 201 once every grant is written) vs a plain"
                                + " JDBC batched INSERT of " + n + " rows",
                        String.format("%,d ms", median(attach)),
                        String.format("%,d ms", median(insert)),
                        Summary.ratio((double) median(attach) / median(insert)),
                        "",
                        String.valueOf(runs));
                Summary.row(
                        "`POST /sync` re-adding " + n + " missing grants (until the job is done) vs the same INSERT",
                        String.format("%,d ms", median(sync)),
                        String.format("%,d ms", median(insert)),
                        Summary.ratio((double) median(sync) / median(insert)),
                        "",
                        String.valueOf(runs));
                removeSeed(pg, realmId);
            }
            writeReport(rows, runs, server);
        } finally {
            server.stop();
        }
    }

    /** N users in the realm, each linked to partner-idp, written straight into Keycloak's tables. */
    private static void seedLinkedUsers(PostgresServer pg, String realmId, int size) {
        Sql.update(
                pg,
                "INSERT INTO USER_ENTITY (ID, EMAIL_CONSTRAINT, EMAIL_VERIFIED, ENABLED, REALM_ID, USERNAME, CREATED_TIMESTAMP, NOT_BEFORE)"
                        + " SELECT u.id, u.id, false, true, ?, 'bench-user-' || g, 0, 0 FROM generate_series(1, ?) g,"
                        + " LATERAL (SELECT gen_random_uuid()::text AS id, g AS n) u",
                realmId,
                size);
        Sql.update(
                pg,
                "INSERT INTO FEDERATED_IDENTITY (IDENTITY_PROVIDER, REALM_ID, FEDERATED_USER_ID, FEDERATED_USERNAME, USER_ID)"
                        + " SELECT ?, REALM_ID, 'ext-' || ID, USERNAME, ID FROM USER_ENTITY WHERE REALM_ID = ? AND USERNAME LIKE 'bench-user-%'",
                GatewayRealm.PARTNER_IDP,
                realmId);
    }

    private static void removeSeed(PostgresServer pg, String realmId) {
        Sql.update(
                pg,
                "DELETE FROM FEDERATED_IDENTITY WHERE REALM_ID = ? AND FEDERATED_USERNAME LIKE 'bench-user-%'",
                realmId);
        Sql.update(pg, "DELETE FROM USER_ENTITY WHERE REALM_ID = ? AND USERNAME LIKE 'bench-user-%'", realmId);
    }

    /** The floor: N rows of GA_GRANT's shape into a copy of the table, JDBC batches of 1000, one commit. */
    private static long plainBatchedInsert(PostgresServer pg, String realmId, int size) throws Exception {
        try (Connection c = pg.connect()) {
            c.createStatement().execute("DROP TABLE IF EXISTS BENCH_GRANT");
            c.createStatement().execute("CREATE TABLE BENCH_GRANT (LIKE GA_GRANT INCLUDING ALL)");
            c.setAutoCommit(false);
            String pool = UUID.randomUUID().toString();
            long t0 = System.nanoTime();
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO BENCH_GRANT VALUES (?, 'pool', ?, 'user', ?, 'view', ?, NULL, ?)")) {
                for (int i = 0; i < size; i++) {
                    s.setString(1, realmId);
                    s.setString(2, pool);
                    s.setString(3, UUID.randomUUID().toString());
                    s.setString(4, "identity-provider:" + GatewayRealm.PARTNER_IDP);
                    s.setLong(5, System.currentTimeMillis());
                    s.addBatch();
                    if (i % 1000 == 999) {
                        s.executeBatch();
                    }
                }
                s.executeBatch();
            }
            c.commit();
            long millis = (System.nanoTime() - t0) / 1_000_000;
            c.setAutoCommit(true);
            c.createStatement().execute("DROP TABLE BENCH_GRANT");
            return millis;
        }
    }

    private static JsonNode syncToEnd(GatewayRealm gw, String token) throws InterruptedException {
        Http.Result started = Http.post(gw.api() + "/sync", token, null);
        require(started.status() == 202, "sync: " + started);
        String id = started.json().get("id").asText();
        while (true) {
            JsonNode job = Http.get(gw.api() + "/jobs/" + id, token).json();
            if (!"running".equals(job.get("status").asText())) {
                require("done".equals(job.get("status").asText()), "sync job: " + job);
                return job;
            }
            Thread.sleep(50);
        }
    }

    private static long grants(PostgresServer pg, String realmId, String pool) {
        return Sql.count(pg, "SELECT COUNT(*) FROM GA_GRANT WHERE REALM_ID = ? AND RESOURCE_ID = ?", realmId, pool);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String ms(long[] values) {
        return String.format(
                "%,d ms (%s)", median(values), Arrays.toString(values).replaceAll("[\\[\\]]", ""));
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("Benchmark check failed: " + what);
        }
    }

    private static void writeReport(List<String> rows, int runs, KeycloakServer server) throws IOException {
        Path dir = Path.of(System.getProperty("bench.results", "bench/results"));
        Files.createDirectories(dir);
        Path file = dir.resolve("pool-attach-" + LocalDate.now() + ".md");
        String report = "# Bulk pool grants: Gateway Access vs a plain batched INSERT\n\n"
                + Instant.now() + ", Keycloak " + System.getProperty("keycloak.version")
                + ", PostgreSQL 17 (zonky binaries), "
                + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + ". Median of " + runs
                + " runs (all runs in brackets). Command: `./mvnw -Pbench -DskipTests verify`.\n\n"
                + "| linked users | `POST /pools` with the provider (201 after every grant is written) | `POST /sync` adding every grant (until the job is done) | plain JDBC batched INSERT of as many rows | attach ÷ INSERT | sync ÷ INSERT |\n"
                + "| --- | --- | --- | --- | --- | --- |\n"
                + String.join("\n", rows) + "\n\n"
                + "Keycloak start-up for this run: " + server.startupMillis()
                + " ms (includes the one-time build for PostgreSQL).\n";
        Files.writeString(file, report);
        Summary.detail(file);
        System.out.println(report);
        System.out.println("Report: " + file);
    }
}
