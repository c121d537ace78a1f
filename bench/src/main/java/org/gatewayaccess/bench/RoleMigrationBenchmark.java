package org.gatewayaccess.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.KeycloakAdmin;
import org.gatewayaccess.it.support.KeycloakServer;
import org.gatewayaccess.it.support.PostgresServer;
import org.gatewayaccess.it.support.Sql;

/**
 * The roles-to-groups migration on PostgreSQL, on the real Keycloak distribution with the
 * extension, side by side in the same run with what plain Keycloak offers for the same
 * result: adding each role holder to a group, one {@code PUT /admin/realms/{realm}/users/{id}/groups/{groupId}}
 * at a time (sequential, one keep-alive HTTP client, as a script would).
 * <ul>
 *   <li>N users holding realm role {@code gateway-user} are seeded with SQL (creating them through the
 *       admin API would take most of the run);</li>
 *   <li>{@code POST /migrations/roles-to-groups} gateway-user → /Gateway Users, timed from the POST until
 *       the job reports {@code done}, then a second run (must add nothing);</li>
 *   <li>with {@code bench.removeRoles} (default true): {@code removeRoles: true} on the same mapping, timed the same
 *       way: it adds nothing (everyone is in) and removes the N direct grants of {@code gateway-user} through
 *       Keycloak's model (user by user: role event, cache invalidation, an admin event each). Beside it, Keycloak's
 *       admin API removing the same grant one {@code DELETE users/{id}/role-mappings/realm} at a time, on
 *       {@code bench.baselineSample} users first given the role back through the admin API (untimed); the
 *       extension's role mappings are on for both, so its listener does the same work in each;</li>
 *   <li>the admin API adds {@code bench.baselineSample} of the same users (all N if the sample is not
 *       smaller) to a plain group, with the extension's role mappings switched off so that its listener
 *       does no membership work; a per-user rate is measured and, where the sample is smaller than N,
 *       extrapolated to N (the report says which).</li>
 * </ul>
 */
public final class RoleMigrationBenchmark {

    private RoleMigrationBenchmark() {}

    public static void main(String[] args) throws Exception {
        int[] sizes = Arrays.stream(
                        System.getProperty("bench.sizes", "10000,100000").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        int sample = Integer.getInteger("bench.baselineSample", 10_000);
        int runs = Integer.getInteger("bench.runs", 1);
        boolean removeRolesOn = Boolean.parseBoolean(System.getProperty("bench.removeRoles", "true"));
        // removal runs user by user through Keycloak's model: measured up to this size, extrapolated beyond (the report
        // says so)
        int removeRolesUpTo = Integer.getInteger("bench.removeRolesUpTo", Integer.MAX_VALUE);
        KeycloakServer server = KeycloakServer.shared();
        try {
            PostgresServer pg =
                    server.postgres().orElseThrow(() -> new IllegalStateException("the benchmark runs on PostgreSQL"));
            KeycloakAdmin admin =
                    new KeycloakAdmin(server.baseUrl(), KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD);
            List<String> rows = new ArrayList<>();
            List<String> removeRows = new ArrayList<>();
            for (int size : sizes) {
                long[] firstMillis = new long[runs];
                long[] secondMillis = new long[runs];
                double[] perUser = new double[runs];
                long[] removeMillis = new long[runs];
                double[] removePerUser = new double[runs];
                int sampled = 0;
                boolean removeRoles = removeRolesOn && size <= removeRolesUpTo;
                for (int run = 0; run < runs; run++) {
                    // A fresh realm per run: the migration is measured on users none of whom is a member yet.
                    GatewayRealm gw = GatewayRealm.create(admin, "migration");
                    String realmId = admin.realm(gw.name()).get("id").asText();
                    seedRoleHolders(pg, realmId, size);
                    String usersGroup = admin.groupId(gw.name(), "/Gateway Users");
                    String body = "{\"mappings\":[{\"role\":\"gateway-user\",\"group\":\"/Gateway Users\"}]}";

                    long t0 = System.nanoTime();
                    JsonNode first = migrate(gw, admin, body);
                    firstMillis[run] = (System.nanoTime() - t0) / 1_000_000;
                    require(
                            first.get("changes").get("added").asLong() == size,
                            "first run adds every holder: " + first);
                    require(
                            first.get("processed").asLong() == size
                                    && first.get("total").asLong() == size,
                            "processed/total: " + first);
                    require(
                            Sql.count(pg, "SELECT COUNT(*) FROM USER_GROUP_MEMBERSHIP WHERE GROUP_ID = ?", usersGroup)
                                    == size,
                            "every holder is a Keycloak member of /Gateway Users");
                    long t1 = System.nanoTime();
                    JsonNode second = migrate(gw, admin, body);
                    secondMillis[run] = (System.nanoTime() - t1) / 1_000_000;
                    require(second.get("changes").get("added").asLong() == 0, "second run adds nothing: " + second);

                    if (removeRoles) {
                        String removeBody =
                                "{\"mappings\":[{\"role\":\"gateway-user\",\"group\":\"/Gateway Users\"}],\"removeRoles\":true}";
                        long t3 = System.nanoTime();
                        JsonNode removal = migrate(gw, admin, removeBody);
                        removeMillis[run] = (System.nanoTime() - t3) / 1_000_000;
                        require(
                                removal.get("changes").get("removed").asLong() == size
                                        && removal.get("changes").get("added").asLong() == 0,
                                "removeRoles run removes every direct grant and adds nothing: " + removal);
                        require(
                                Sql.count(
                                                pg,
                                                "SELECT COUNT(*) FROM USER_ROLE_MAPPING m JOIN KEYCLOAK_ROLE r ON r.ID = m.ROLE_ID"
                                                        + " WHERE r.REALM_ID = ? AND r.NAME = 'gateway-user' AND r.CLIENT_ROLE = false",
                                                realmId)
                                        == 0,
                                "no grant left");
                        require(
                                Sql.count(
                                                pg,
                                                "SELECT COUNT(*) FROM USER_GROUP_MEMBERSHIP WHERE GROUP_ID = ?",
                                                usersGroup)
                                        == size,
                                "everyone is still a member of /Gateway Users");
                        // Plain Keycloak: the same removal, one admin API call per user (the grant given back first,
                        // untimed).
                        List<String> sampleIds = userIds(pg, realmId, Math.min(sample, size));
                        JsonNode role = admin.role(gw.name(), "gateway-user");
                        for (String id : sampleIds) {
                            require(
                                    admin.grantRole(gw.name(), id, "gateway-user")
                                                    .status()
                                            == 204,
                                    "grant back " + id);
                        }
                        String rolesUrl = server.baseUrl() + "/admin/realms/" + gw.name() + "/users/";
                        long t4 = System.nanoTime();
                        for (String id : sampleIds) {
                            Http.Result r = Http.send(
                                    "DELETE", rolesUrl + id + "/role-mappings/realm", admin.token(), List.of(role));
                            require(r.status() == 204, "admin API role-mapping delete: " + r);
                        }
                        removePerUser[run] = (double) (System.nanoTime() - t4) / 1_000_000 / sampleIds.size();
                        System.out.printf(
                                Locale.ROOT,
                                "%,d role holders, run %d: removeRoles %,d ms, admin API %.2f ms per user%n",
                                size,
                                run + 1,
                                removeMillis[run],
                                removePerUser[run]);
                    }

                    // Plain Keycloak: the same memberships, one admin API call per user, into a plain group.
                    Http.Result off = Http.put(gw.api() + "/config", admin.token(), Map.of("roleMappings", List.of()));
                    require(off.status() == 200, "role mappings off: " + off);
                    String baselineGroup = admin.createGroup(gw.name(), "Bench Baseline");
                    List<String> ids = userIds(pg, realmId, Math.min(sample, size));
                    long t2 = System.nanoTime();
                    for (String id : ids) {
                        Http.Result r = admin.joinGroup(gw.name(), id, baselineGroup);
                        require(r.status() == 204, "admin API join: " + r);
                    }
                    long baselineMillis = (System.nanoTime() - t2) / 1_000_000;
                    require(
                            Sql.count(
                                            pg,
                                            "SELECT COUNT(*) FROM USER_GROUP_MEMBERSHIP WHERE GROUP_ID = ?",
                                            baselineGroup)
                                    == ids.size(),
                            "every sampled user is in the baseline group");
                    perUser[run] = (double) baselineMillis / ids.size();
                    sampled = ids.size();
                    System.out.printf(
                            Locale.ROOT,
                            "%,d role holders, run %d: migration %,d ms, second run %,d ms, admin API %.2f ms per user%n",
                            size,
                            run + 1,
                            firstMillis[run],
                            secondMillis[run],
                            perUser[run]);
                    admin.deleteRealm(gw.name());
                    admin.deleteRealm(gw.partnerName());
                }
                boolean measuredAll = sampled == size;
                double perUserMedian = Stats.median(perUser);
                double baselineForN = perUserMedian * size;
                double migration =
                        Stats.median(Arrays.stream(firstMillis).asDoubleStream().toArray());
                rows.add(String.format(
                        Locale.ROOT,
                        "| %,d | %s | %s | %,d users per run | %.2f ms (%s) | %s | %.0f× |",
                        size,
                        seconds(firstMillis),
                        seconds(secondMillis),
                        sampled,
                        perUserMedian,
                        Arrays.stream(perUser)
                                .mapToObj(v -> String.format(Locale.ROOT, "%.2f", v))
                                .collect(Collectors.joining(", ")),
                        (measuredAll ? "" : "≈ ")
                                + String.format(Locale.ROOT, "%.0f s", baselineForN / 1000.0)
                                + (measuredAll ? " (measured)" : " (extrapolated)"),
                        baselineForN / migration));
                System.out.println(rows.get(rows.size() - 1));
                if (removeRoles) {
                    double removal = Stats.median(
                            Arrays.stream(removeMillis).asDoubleStream().toArray());
                    double removePerUserMedian = Stats.median(removePerUser);
                    double removeBaselineForN = removePerUserMedian * size;
                    String baselineText = (measuredAll ? "" : "≈ ")
                            + String.format(Locale.ROOT, "%.0f s", removeBaselineForN / 1000.0)
                            + (measuredAll ? " (measured)" : " (extrapolated)");
                    removeRows.add(String.format(
                            Locale.ROOT,
                            "| %,d | %s | %.2f ms | %.2f ms (%s) | %s | %.1f× |",
                            size,
                            seconds(removeMillis),
                            removal / size,
                            removePerUserMedian,
                            Arrays.stream(removePerUser)
                                    .mapToObj(v -> String.format(Locale.ROOT, "%.2f", v))
                                    .collect(Collectors.joining(", ")),
                            baselineText,
                            removeBaselineForN / removal));
                    System.out.println(removeRows.get(removeRows.size() - 1));
                    Summary.row(
                            String.format(
                                    Locale.ROOT,
                                    "roles-to-groups `removeRoles: true` removing %,d direct grants through Keycloak's"
                                            + " model vs admin-API `DELETE users/{id}/role-mappings/realm` one by one (%s)",
                                    size,
                                    measuredAll
                                            ? "all measured"
                                            : String.format(Locale.ROOT, "%,d measured, extrapolated", sampled)),
                            String.format(Locale.ROOT, "%.1f s", removal / 1000),
                            baselineText,
                            Summary.ratio(removal / removeBaselineForN)
                                    + String.format(Locale.ROOT, " (%.1f× faster)", removeBaselineForN / removal),
                            "",
                            String.valueOf(runs));
                }
                double ratio = migration / baselineForN;
                boolean met = ratio <= 0.05 && (size < 100_000 || migration < 60_000);
                Summary.row(
                        String.format(
                                Locale.ROOT,
                                "roles-to-groups migration of %,d users (`POST /migrations/roles-to-groups` until"
                                        + " done) vs admin-API group joins one by one (`PUT users/{id}/groups/{group}`, %s)",
                                size,
                                measuredAll
                                        ? "all measured"
                                        : String.format(Locale.ROOT, "%,d measured, extrapolated", sampled)),
                        String.format(Locale.ROOT, "%.1f s", migration / 1000),
                        (measuredAll ? "" : "≈ ") + String.format(Locale.ROOT, "%.0f s", baselineForN / 1000),
                        Summary.ratio(ratio) + String.format(Locale.ROOT, " (%.0f× faster)", 1 / ratio),
                        "≤ 0.05× (≥ 20× faster)" + (size >= 100_000 ? " and < 60 s" : "") + " ("
                                + (met ? "met" : "**not met**") + ")",
                        String.valueOf(runs));
            }
            writeReport(rows, removeRows, sample, runs, server);
        } finally {
            server.stop();
        }
    }

    /** N users in the realm, each holding realm role gateway-user directly, written straight into Keycloak's tables. */
    private static void seedRoleHolders(PostgresServer pg, String realmId, int size) {
        Sql.update(
                pg,
                "INSERT INTO USER_ENTITY (ID, EMAIL_CONSTRAINT, EMAIL_VERIFIED, ENABLED, REALM_ID, USERNAME, CREATED_TIMESTAMP, NOT_BEFORE)"
                        + " SELECT u.id, u.id, false, true, ?, 'bench-user-' || g, 0, 0 FROM generate_series(1, ?) g,"
                        + " LATERAL (SELECT gen_random_uuid()::text AS id, g AS n) u",
                realmId,
                size);
        Sql.update(
                pg,
                "INSERT INTO USER_ROLE_MAPPING (ROLE_ID, USER_ID) SELECT r.ID, u.ID FROM USER_ENTITY u, KEYCLOAK_ROLE r"
                        + " WHERE u.REALM_ID = ? AND u.USERNAME LIKE 'bench-user-%' AND r.REALM_ID = u.REALM_ID AND r.NAME = 'gateway-user'"
                        + " AND r.CLIENT_ROLE = false",
                realmId);
        Sql.update(pg, "ANALYZE");
    }

    private static List<String> userIds(PostgresServer pg, String realmId, int limit) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = pg.connect();
                var s = c.prepareStatement(
                        "SELECT ID FROM USER_ENTITY WHERE REALM_ID = ? AND USERNAME LIKE 'bench-user-%' ORDER BY ID LIMIT ?")) {
            s.setString(1, realmId);
            s.setInt(2, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    private static JsonNode migrate(GatewayRealm gw, KeycloakAdmin admin, String body) throws InterruptedException {
        Http.Result started = Http.post(gw.api() + "/migrations/roles-to-groups", admin.token(), body);
        require(started.status() == 202, "migration: " + started);
        String id = started.json().get("id").asText();
        while (true) {
            JsonNode job =
                    Http.get(gw.api() + "/jobs/" + id, admin.token()).json(); // a fresh token: a run may outlast one
            if (!"running".equals(job.get("status").asText())) {
                require("done".equals(job.get("status").asText()), "migration job: " + job);
                return job;
            }
            Thread.sleep(50);
        }
    }

    /** "6.7 s (6.7, 7.1, 6.5)": the median and every run. */
    private static String seconds(long[] millis) {
        double[] s = Arrays.stream(millis).asDoubleStream().map(v -> v / 1000).toArray();
        return String.format(
                Locale.ROOT,
                "%.1f s (%s)",
                Stats.median(s),
                Arrays.stream(s)
                        .mapToObj(v -> String.format(Locale.ROOT, "%.1f", v))
                        .collect(Collectors.joining(", ")));
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("Benchmark check failed: " + what);
        }
    }

    private static void writeReport(
            List<String> rows, List<String> removeRows, int sample, int runs, KeycloakServer server) throws Exception {
        Path dir = Path.of(System.getProperty("bench.results", "bench/results"));
        Files.createDirectories(dir);
        Path file = dir.resolve("roles-to-groups-" + LocalDate.now() + ".md");
        String report = "# Roles-to-groups migration: Gateway Access vs Keycloak's admin API\n\n"
                + Instant.now() + ", Keycloak " + System.getProperty("keycloak.version")
                + ", PostgreSQL 17 (zonky binaries), "
                + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + ". Median of " + runs
                + " run(s) per size (each run in brackets), a fresh realm each."
                + " Command: `./mvnw -Pbench -DskipTests verify -Dbench.main=org.gatewayaccess.bench.RoleMigrationBenchmark"
                + " -Dbench.sizes=" + System.getProperty("bench.sizes", "10000,100000") + " -Dbench.runs=" + runs
                + " -Dbench.baselineSample=" + sample
                + (System.getProperty("bench.removeRoles") == null
                        ? ""
                        : " -Dbench.removeRoles=" + System.getProperty("bench.removeRoles"))
                + (System.getProperty("bench.removeRolesUpTo") == null
                        ? ""
                        : " -Dbench.removeRolesUpTo=" + System.getProperty("bench.removeRolesUpTo"))
                + "`.\n\n"
                + "| role holders | migration (POST until job done) | second run (adds 0) | admin API, one PUT users/{id}/groups/{group} per user | per user | admin API for all holders | admin API ÷ migration |\n"
                + "| --- | --- | --- | --- | --- | --- | --- |\n"
                + String.join("\n", rows) + "\n\n"
                + "Targets (issue 4): 100,000 users in under 60 s; at least 20× faster than the admin API one by one.\n"
                + "The admin-API column is measured on the first " + sample
                + " users (by id) of each size and, where that is"
                + " fewer than all, extrapolated at the measured per-user rate (marked ≈). The extension's role mappings are"
                + " switched off for the baseline (PUT /config {\"roleMappings\": []}), so its listener only looks up the realm's"
                + " configuration on each join.\n"
                + (removeRows.isEmpty()
                        ? ""
                        : "\n## removeRoles: true\n\n"
                                + "The same mapping again with `removeRoles: true` (adds 0: everyone is in), removing every holder's direct grant"
                                + " through Keycloak's model (`UserModel.deleteRoleMapping` user by user: RoleRevokedEvent, the extension's listener"
                                + " recomputing the user's role:* sources, Keycloak's cache invalidated, one REALM_ROLE_MAPPING DELETE admin event each),"
                                + " timed from the POST until the job is done. Beside it, Keycloak's admin API removing the same grant with one"
                                + " `DELETE users/{id}/role-mappings/realm` per user (sequential), on the first "
                                + sample + " users, given the role back"
                                + " through the admin API first (untimed); the extension's role mappings are on for both.\n\n"
                                + "| role holders | removeRoles run (POST until job done) | per user | admin API DELETE per user | admin API for all holders | admin API ÷ migration |\n"
                                + "| --- | --- | --- | --- | --- | --- |\n"
                                + String.join("\n", removeRows) + "\n\n")
                + "Keycloak start-up for this run: " + server.startupMillis() + " ms.\n";
        Files.writeString(file, report);
        Summary.detail(file);
        System.out.println(report);
        System.out.println("Report: " + file);
    }
}
