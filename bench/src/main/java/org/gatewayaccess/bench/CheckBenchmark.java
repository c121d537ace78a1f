package org.gatewayaccess.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.gatewayaccess.it.support.Database;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.KeycloakAdmin;
import org.gatewayaccess.it.support.KeycloakServer;
import org.gatewayaccess.it.support.PostgresServer;
import org.gatewayaccess.it.support.Sql;

/**
 * Authorization queries under load, on the real Keycloak distribution with the extension, on PostgreSQL:
 * <ul>
 *   <li>{@code POST /check} — one (user, resource, permission) per request, as a gateway asks on each call it
 *       forwards;</li>
 *   <li>{@code POST /check/batch} with {@code bench.batchSize} (100) checks per request;</li>
 *   <li>side by side, in the same run, at the same concurrency and for the same time: Keycloak's own
 *       client-credentials token endpoint ({@code POST /realms/{realm}/protocol/openid-connect/token}) — what a
 *       gateway would otherwise call per request, and the cheapest authenticated thing Keycloak serves.</li>
 * </ul>
 * For each size N (grants), a fresh gateway realm gets, written straight into the database with batched JDBC before
 * the extension ever sees the realm's grants (so no cache of it can be stale): {@code bench.users} (1000) users,
 * 20 groups each with one subgroup, users in 0–2 of them ({@code USER_GROUP_MEMBERSHIP}), N/10 resources of type
 * {@code dataset} in {@code GA_RESOURCE}, and N grants in {@code GA_GRANT}, 10 per resource: 80 % to users, 20 % to
 * groups (top-level groups, so members of the subgroup inherit them, and subgroups); view 60 %, edit 30 %, manage 10 %.
 * <p>
 * A service-account client holding the realm role {@code gateway-access-checker} calls {@code /check} with one
 * token; {@code bench.threads} (8) client threads on loopback, keep-alive, closed loop (each sends its next request
 * when the previous answered). Each phase: {@code bench.warmupSeconds} of warm-up, then {@code bench.seconds} measured
 * (or {@code bench.maxRequests}, whichever comes first). Half of the picks come from a seeded grant (the grant's user
 * or a member of the grant's group, any permission), half are uniformly random: a mix of allowed and denied. Every
 * answer is compared with the answer computed here from the seeded rows; a mismatch is counted and reported.
 * Each figure is the median of {@code bench.runs} runs; the phases rotate their order from run to run.
 * <p>
 * The floor: an unauthenticated {@code GET /realms/{realm}}, the cheapest request Keycloak answers at all, measured in
 * the same run; every other figure is also given as a ratio to it (Keycloak CPU per request). Besides the checker, the
 * other caller kinds of {@code /check} ({@code bench.callers}): {@code self}, a user (password grant) checking its own
 * access, and {@code kcadmin}, a realm-management {@code manage-users} holder asking about others (Keycloak's admin
 * permissions). Runs on PostgreSQL (default) or H2 ({@code -Dit.db=h2}).
 */
public final class CheckBenchmark {

    private static final String TYPE = "dataset";
    private static final String[] PERMISSIONS = {"view", "edit", "manage"};
    private static final String CHECKER_CLIENT = "bench-checker";
    private static final String CHECKER_SECRET = "bench-checker-secret";
    private static final int GRANTS_PER_RESOURCE = 10;
    private static final int TOP_GROUPS = 20;

    private final int threads = Integer.getInteger("bench.threads", 8);
    private final int warmupSeconds = Integer.getInteger("bench.warmupSeconds", 5);
    private final int seconds = Integer.getInteger("bench.seconds", 10);
    private final int maxRequests = Integer.getInteger("bench.maxRequests", 300_000);
    private final int batchSize = Integer.getInteger("bench.batchSize", 100);
    private final int users = Integer.getInteger("bench.users", 1000);
    private final int jvmWarmupSeconds = Integer.getInteger("bench.jvmWarmupSeconds", 45);
    /** Before each run, wait up to this long until other processes on the machine use at most {@link Machine#QUIET_CORES}. */
    private final int quietWaitSeconds = Integer.getInteger("bench.quietWaitSeconds", 600);
    /** Caller kinds measured besides the checker's /check, the batch, the token endpoint and the floor. */
    private final List<String> callers = Arrays.stream(
                    System.getProperty("bench.callers", "self,kcadmin").split(","))
            .map(String::trim)
            .filter(c -> !c.isEmpty())
            .toList();

    private boolean jvmWarm;
    private PostgresServer pg;
    private Database db;

    private CheckBenchmark() {}

    public static void main(String[] args) throws Exception {
        // HttpURLConnection keeps at most http.maxConnections idle connections per host (default 5): one per thread.
        System.setProperty("http.maxConnections", "64");
        System.setProperty("http.keepAlive", "true");
        new CheckBenchmark().run();
    }

    private void run() throws Exception {
        int[] sizes = Arrays.stream(
                        System.getProperty("bench.sizes", "1000,10000,100000").split(","))
                .map(String::trim)
                .mapToInt(Integer::parseInt)
                .toArray();
        int runs = Integer.getInteger("bench.runs", 3);
        KeycloakServer server = KeycloakServer.shared();
        try {
            PostgresServer pg = server.postgres().orElse(null);
            this.pg = pg;
            this.db = server.db();
            KeycloakAdmin admin =
                    new KeycloakAdmin(server.baseUrl(), KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD);
            Environment env = Environment.read(server, admin, pg);
            List<SizeResult> results = new ArrayList<>();
            for (int size : sizes) {
                results.add(measureSize(server, admin, pg, size, runs));
            }
            writeReport(results, runs, sizes, server, env);
        } finally {
            server.stop();
        }
    }

    // ------------------------------------------------------------------ one size

    private SizeResult measureSize(KeycloakServer server, KeycloakAdmin admin, PostgresServer pg, int size, int runs)
            throws Exception {
        String loadBefore = loadAverage();
        GatewayRealm gw = GatewayRealm.create(admin, "check");
        String realm = gw.name();
        String realmId = admin.realm(realm).get("id").asText();
        long s0 = System.nanoTime();
        Dataset data = Dataset.generate(size, users, new Random(size));
        data.groupIds = createGroups(admin, realm);
        // user 0 is the realm's "plain" user (it has a password): the self-check asks about its grants
        String selfId = gw.userId("plain");
        data.userIds[0] = selfId;
        seed(db, pg != null, realmId, data);
        long seedMillis = (System.nanoTime() - s0) / 1_000_000;
        require(
                Sql.count(db, "SELECT COUNT(*) FROM GA_GRANT WHERE REALM_ID = ? AND RESOURCE_TYPE = ?", realmId, TYPE)
                        == size,
                "all " + size + " grants are in GA_GRANT");
        createChecker(admin, realm);
        Picks picks = Picks.generate(data, 100_000, batchSize, 0, new Random(size * 31L));
        // Batches draw from picks of their own: a /check phase just before must not warm the decision cache for them.
        Picks batchPicks = Picks.generate(data, 100_000, batchSize, 1_000, new Random(size * 37L));
        // AuthZEN evaluations draw from picks of their own too (not warmed by /check/batch)
        Picks evaluationPicks = Picks.generate(data, 100_000, batchSize, 1_000, new Random(size * 43L));
        SelfPicks selfPicks = SelfPicks.generate(data, 10_000, new Random(size * 41L));
        System.out.printf(
                Locale.ROOT,
                "%n== %,d grants: realm %s, %,d users, %,d resources, seeded in %,d ms; picks %.0f %% allowed%n",
                size,
                realm,
                users,
                data.resources,
                seedMillis,
                100.0 * picks.allowedShare());

        String tokenUrl = server.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/token";
        String checkUrl = gw.api() + "/check";
        String batchUrl = gw.api() + "/check/batch";
        String floorUrl = server.baseUrl() + "/realms/" + realm;
        byte[] tokenBody = Http.formBody(Map.of(
                        "grant_type",
                        "client_credentials",
                        "client_id",
                        CHECKER_CLIENT,
                        "client_secret",
                        CHECKER_SECRET))
                .getBytes(StandardCharsets.UTF_8);

        List<Phase> check = new ArrayList<>();
        List<Phase> batch = new ArrayList<>();
        List<Phase> token = new ArrayList<>();
        Map<String, List<Phase>> extra = new LinkedHashMap<>();
        extra.put("floor", new ArrayList<>());
        extra.put("authzen", new ArrayList<>());
        extra.put("evaluations", new ArrayList<>());
        callers.forEach(c -> extra.put(c, new ArrayList<>()));
        // Plain Keycloak's own bearer-authenticated reads, the nearest thing it does to each caller kind's /check
        if (callers.contains("self")) {
            extra.put("userinfo", new ArrayList<>());
        }
        if (callers.contains("kcadmin")) {
            extra.put("adminread", new ArrayList<>());
        }
        Map<String, String> extraProbes = new LinkedHashMap<>();
        String checkProbe = null;
        String batchProbe = null;
        List<String> quiet = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            quiet.add(waitForQuiet());
            String bearer = "Bearer " + checkerToken(tokenUrl, tokenBody);
            // the users' tokens are fetched per run too: a run is shorter than the realm's access token lifespan
            Map<String, String> callerBearers = new LinkedHashMap<>();
            for (String c : callers) {
                callerBearers.put(
                        c,
                        "Bearer "
                                + gw.token(
                                        switch (c) {
                                            case "self" -> "plain";
                                            case "kcadmin", "reader", "gwadmin" -> c;
                                            default ->
                                                throw new IllegalArgumentException(
                                                        "bench.callers: self, kcadmin, reader, gwadmin; not " + c);
                                        }));
            }
            Map<String, Load> extraLoads = new LinkedHashMap<>();
            extraLoads.put(
                    "floor",
                    new Load(
                            new URL(floorUrl),
                            null,
                            null,
                            1,
                            i -> null,
                            (i, body) -> body.contains("\"realm\"") ? 0 : 1,
                            1));
            // AuthZEN by the checker: one evaluation per request (the /check picks as AuthZEN), and evaluations of
            // batchSize items
            extraLoads.put(
                    "authzen",
                    new Load(
                            new URL(gw.api() + "/access/v1/evaluation"),
                            bearer,
                            "application/json",
                            picks.evaluationBodies.length,
                            i -> picks.evaluationBodies[i],
                            (i, body) -> picks.verifyEvaluation(i, body),
                            1));
            extraLoads.put(
                    "evaluations",
                    new Load(
                            new URL(gw.api() + "/access/v1/evaluations"),
                            bearer,
                            "application/json",
                            evaluationPicks.evaluationsBodies.length,
                            i -> evaluationPicks.evaluationsBodies[i],
                            (i, body) -> evaluationPicks.verifyEvaluations(i, body),
                            batchSize));
            for (String c : callers) {
                extraLoads.put(
                        c,
                        c.equals("self")
                                ? new Load(
                                        new URL(checkUrl),
                                        callerBearers.get(c),
                                        "application/json",
                                        selfPicks.bodies.length,
                                        i -> selfPicks.bodies[i],
                                        selfPicks::verify,
                                        1)
                                : new Load(
                                        new URL(checkUrl),
                                        callerBearers.get(c),
                                        "application/json",
                                        picks.checkBodies.length,
                                        i -> picks.checkBodies[i],
                                        (i, body) -> picks.verifyCheck(i, body),
                                        1));
            }
            if (callers.contains("self")) {
                // OIDC userinfo with the same user's token: verify the token, find its session and user, write a small
                // JSON
                extraLoads.put(
                        "userinfo",
                        new Load(
                                new URL(tokenUrl.replace("/token", "/userinfo")),
                                "Bearer " + gw.openidToken("plain"),
                                null,
                                1,
                                i -> null,
                                (i, body) -> body.contains("\"sub\"") ? 0 : 1,
                                1));
            }
            if (callers.contains("kcadmin")) {
                // the admin API's read of one user by the same manage-users holder: Keycloak's admin permissions, then
                // the user
                extraLoads.put(
                        "adminread",
                        new Load(
                                new URL(server.baseUrl() + "/admin/realms/" + realm + "/users/" + selfId),
                                callerBearers.get("kcadmin"),
                                null,
                                1,
                                i -> null,
                                (i, body) -> body.contains("\"username\"") ? 0 : 1,
                                1));
            }
            for (Map.Entry<String, Load> e : extraLoads.entrySet()) {
                Load l = e.getValue();
                Reply probe = send(l.url, l.bearer, l.contentType, l.bodies.get(0));
                extraProbes.put(e.getKey(), probe.status == 200 ? null : probe.toString());
            }
            // A probe first: if the endpoint is not there (404) or refuses us, say so instead of measuring errors.
            Reply probeCheck = send(new URL(checkUrl), bearer, "application/json", picks.checkBodies[0]);
            Reply probeBatch = send(new URL(batchUrl), bearer, "application/json", batchPicks.batchBodies[0]);
            checkProbe = probeCheck.status == 200 ? null : probeCheck.toString();
            batchProbe = probeBatch.status == 200 ? null : probeBatch.toString();
            if (!jvmWarm) {
                // Once per Keycloak: let the JIT compile the paths of all three endpoints before anything is measured.
                System.out.printf(Locale.ROOT, "JVM warm-up: %d s per endpoint%n", jvmWarmupSeconds);
                if (checkProbe == null) {
                    loop(
                            new URL(checkUrl),
                            bearer,
                            "application/json",
                            picks.checkBodies.length,
                            i -> picks.checkBodies[i],
                            null,
                            jvmWarmupSeconds,
                            Integer.MAX_VALUE,
                            null);
                }
                if (batchProbe == null) {
                    loop(
                            new URL(batchUrl),
                            bearer,
                            "application/json",
                            batchPicks.batchBodies.length,
                            i -> batchPicks.batchBodies[i],
                            null,
                            jvmWarmupSeconds,
                            Integer.MAX_VALUE,
                            null);
                }
                loop(
                        new URL(tokenUrl),
                        null,
                        "application/x-www-form-urlencoded",
                        1,
                        i -> tokenBody,
                        null,
                        jvmWarmupSeconds,
                        Integer.MAX_VALUE,
                        null);
                for (Map.Entry<String, Load> e : extraLoads.entrySet()) {
                    if (extraProbes.get(e.getKey()) == null) {
                        Load l = e.getValue();
                        loop(
                                l.url,
                                l.bearer,
                                l.contentType,
                                l.count,
                                l.bodies,
                                null,
                                jvmWarmupSeconds,
                                Integer.MAX_VALUE,
                                null);
                    }
                }
                jvmWarm = true;
            }
            List<String> extraNames = new ArrayList<>(extraLoads.keySet());
            int phases = 3 + extraNames.size();
            for (int k = 0; k < phases; k++) {
                int phase = (run + k) % phases;
                if (phase >= 3) {
                    String name = extraNames.get(phase - 3);
                    Load l = extraLoads.get(name);
                    if (extraProbes.get(name) == null) {
                        extra.get(name)
                                .add(load(
                                        name,
                                        size,
                                        run,
                                        l.url,
                                        l.bearer,
                                        l.contentType,
                                        l.count,
                                        l.bodies,
                                        l.verifier,
                                        l.checksPerRequest));
                    }
                    continue;
                }
                if (phase == 0 && checkProbe == null) {
                    check.add(load(
                            "check",
                            size,
                            run,
                            new URL(checkUrl),
                            bearer,
                            "application/json",
                            picks.checkBodies.length,
                            i -> picks.checkBodies[i],
                            (i, body) -> picks.verifyCheck(i, body),
                            1));
                } else if (phase == 1 && batchProbe == null) {
                    batch.add(load(
                            "batch",
                            size,
                            run,
                            new URL(batchUrl),
                            bearer,
                            "application/json",
                            batchPicks.batchBodies.length,
                            i -> batchPicks.batchBodies[i],
                            (i, body) -> batchPicks.verifyBatch(i, body),
                            batchSize));
                } else if (phase == 2) {
                    token.add(load(
                            "token",
                            size,
                            run,
                            new URL(tokenUrl),
                            null,
                            "application/x-www-form-urlencoded",
                            1,
                            i -> tokenBody,
                            (i, body) -> body.contains("\"access_token\"") ? 0 : 1,
                            1));
                }
            }
        }
        String loadAfter = loadAverage();
        String slow = slowStatements(server);
        admin.deleteRealm(realm);
        admin.deleteRealm(gw.partnerName());
        return new SizeResult(
                size,
                data.resources,
                seedMillis,
                picks.allowedShare(),
                check,
                batch,
                token,
                checkProbe,
                batchProbe,
                loadBefore,
                loadAfter,
                slow,
                quiet,
                extra,
                extraProbes);
    }

    /** 20 top-level groups, each with one subgroup, through the admin API (a handful of calls). */
    private static List<String> createGroups(KeycloakAdmin admin, String realm) {
        List<String> ids = new ArrayList<>();
        for (int g = 0; g < TOP_GROUPS; g++) {
            String top = admin.createGroup(realm, String.format(Locale.ROOT, "bench-team-%02d", g));
            Http.Result child = Http.post(
                    admin.baseUrl() + "/admin/realms/" + realm + "/groups/" + top + "/children",
                    admin.token(),
                    Map.of("name", "squad"));
            require(child.status() == 201, "create subgroup: " + child);
            String location = child.header("Location");
            ids.add(top);
            ids.add(location.substring(location.lastIndexOf('/') + 1));
        }
        return ids;
    }

    /** Users, memberships, resources and grants, with batched JDBC (1000 rows a batch, one commit), then ANALYZE. */
    private static void seed(Database db, boolean postgres, String realmId, Dataset data) throws Exception {
        long now = System.currentTimeMillis();
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO USER_ENTITY (ID, EMAIL_CONSTRAINT, EMAIL_VERIFIED, ENABLED,"
                            + " REALM_ID, USERNAME, CREATED_TIMESTAMP, NOT_BEFORE) VALUES (?, ?, false, true, ?, ?, ?, 0)")) {
                for (int u = 1; u < data.userIds.length; u++) { // user 0 exists (the realm's "plain" user)
                    s.setString(1, data.userIds[u]);
                    s.setString(2, data.userIds[u]);
                    s.setString(3, realmId);
                    s.setString(4, "bench-user-" + u);
                    s.setLong(5, now);
                    batch(s, u);
                }
                s.executeBatch();
            }
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO USER_GROUP_MEMBERSHIP (GROUP_ID, USER_ID, MEMBERSHIP_TYPE) VALUES (?, ?, 'UNMANAGED')")) {
                int n = 0;
                for (int u = 0; u < data.userIds.length; u++) {
                    for (int g : data.memberships[u]) {
                        s.setString(1, data.groupIds.get(g));
                        s.setString(2, data.userIds[u]);
                        batch(s, n++);
                    }
                }
                s.executeBatch();
            }
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO GA_RESOURCE (REALM_ID, RESOURCE_TYPE, RESOURCE_ID, CREATED_BY, CREATED_AT) VALUES (?, ?, ?, NULL, ?)")) {
                for (int r = 0; r < data.resources; r++) {
                    s.setString(1, realmId);
                    s.setString(2, TYPE);
                    s.setString(3, Dataset.resourceId(r));
                    s.setLong(4, now);
                    batch(s, r);
                }
                s.executeBatch();
            }
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO GA_GRANT (REALM_ID, RESOURCE_TYPE, RESOURCE_ID, PRINCIPAL_TYPE,"
                            + " PRINCIPAL_ID, PERMISSION, SOURCE, GRANTED_BY, GRANTED_AT) VALUES (?, ?, ?, ?, ?, ?, 'admin', 'bench', ?)")) {
                for (int i = 0; i < data.grants.size(); i++) {
                    Grant g = data.grants.get(i);
                    s.setString(1, realmId);
                    s.setString(2, TYPE);
                    s.setString(3, Dataset.resourceId(g.resource));
                    s.setString(4, g.group ? "group" : "user");
                    s.setString(5, g.group ? data.groupIds.get(g.principal) : data.userIds[g.principal]);
                    s.setString(6, PERMISSIONS[g.permission]);
                    s.setLong(7, now);
                    batch(s, i);
                }
                s.executeBatch();
            }
            c.commit();
            c.setAutoCommit(true);
            if (postgres) {
                try (Statement s = c.createStatement()) {
                    s.execute("ANALYZE");
                }
            }
        }
    }

    private static void batch(PreparedStatement s, int i) throws Exception {
        s.addBatch();
        if (i % 1000 == 999) {
            s.executeBatch();
        }
    }

    /** A confidential client with a service account holding realm role gateway-access-checker (the extension creates the role). */
    private static void createChecker(KeycloakAdmin admin, String realm) {
        String base = admin.baseUrl() + "/admin/realms/" + realm;
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("clientId", CHECKER_CLIENT);
        client.put("publicClient", false);
        client.put("secret", CHECKER_SECRET);
        client.put("serviceAccountsEnabled", true);
        client.put("standardFlowEnabled", false);
        client.put("directAccessGrantsEnabled", false);
        Http.Result created = Http.post(base + "/clients", admin.token(), client);
        require(created.status() == 201, "create checker client: " + created);
        String location = created.header("Location");
        String clientUuid = location.substring(location.lastIndexOf('/') + 1);
        Http.Result sa = Http.get(base + "/clients/" + clientUuid + "/service-account-user", admin.token());
        require(sa.status() == 200, "service account user: " + sa);
        Http.Result granted = admin.grantRole(realm, sa.json().get("id").asText(), "gateway-access-checker");
        require(granted.status() == 204, "grant gateway-access-checker: " + granted);
    }

    private static String checkerToken(String tokenUrl, byte[] body) throws IOException {
        Reply r = send(new URL(tokenUrl), null, "application/x-www-form-urlencoded", body);
        require(r.status == 200, "checker token: " + r);
        return Http.JSON.readTree(r.body).get("access_token").asText();
    }

    private String waitForQuiet() throws InterruptedException {
        return Machine.waitForQuiet(quietWaitSeconds);
    }

    // ------------------------------------------------------------------ load

    /** One endpoint under load: a body of {@code null} is sent as a GET. */
    private record Load(
            URL url,
            String bearer,
            String contentType,
            int count,
            Bodies bodies,
            Verifier verifier,
            int checksPerRequest) {}

    @FunctionalInterface
    private interface Bodies {
        byte[] get(int i);
    }

    @FunctionalInterface
    private interface Verifier {
        /** Number of wrong answers in the reply to body {@code i}. */
        int wrong(int i, String body) throws IOException;
    }

    /**
     * Closed loop: {@code threads} threads, each sending its next request when the previous one answered, first for
     * the warm-up (not recorded), then measured until {@code seconds} have passed or {@code maxRequests} were sent.
     */
    private Phase load(
            String name,
            int size,
            int run,
            URL url,
            String bearer,
            String contentType,
            int bodies,
            Bodies body,
            Verifier verifier,
            int checksPerRequest)
            throws Exception {
        loop(url, bearer, contentType, bodies, body, null, warmupSeconds, Integer.MAX_VALUE, null);
        CpuSnapshot cpu0 = CpuSnapshot.take();
        double[] cache0 = decisionCache();
        Map<String, Long> scans0 = tableScans();
        Counters counters = new Counters();
        long t0 = System.nanoTime();
        long[][] latencies = loop(url, bearer, contentType, bodies, body, verifier, seconds, maxRequests, counters);
        long elapsed = System.nanoTime() - t0;
        CpuSnapshot cpu1 = CpuSnapshot.take();
        double[] cache1 = decisionCache();
        Map<String, Long> scans1 = tableScans();
        double lookups = (cache1[0] - cache0[0]) + (cache1[1] - cache0[1]);
        double hitShare = lookups == 0 ? Double.NaN : (cache1[0] - cache0[0]) / lookups;
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).toArray();
        Arrays.sort(all);
        Phase p = new Phase(
                name,
                all.length,
                counters.errors.get(),
                counters.wrong.get(),
                elapsed,
                percentile(all, 0.50),
                percentile(all, 0.99),
                percentile(all, 0.999),
                all.length == 0 ? 0 : all[all.length - 1],
                checksPerRequest,
                cpu1.minus(cpu0, elapsed),
                hitShare,
                scansPerRequest(scans0, scans1, all.length),
                counters.firstErrors());
        System.out.println(String.format(Locale.ROOT, "%,9d grants run %d %-5s ", size, run + 1, name) + p.summary());
        return p;
    }

    private long[][] loop(
            URL url,
            String bearer,
            String contentType,
            int bodies,
            Bodies body,
            Verifier verifier,
            int durationSeconds,
            int requestCap,
            Counters counters)
            throws InterruptedException {
        long deadline = System.nanoTime() + durationSeconds * 1_000_000_000L;
        int perThread = Math.max(1, requestCap / threads);
        long[][] latencies = new long[threads][];
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int index = t;
            Thread w = new Thread(
                    () -> {
                        long[] mine = new long[counters == null ? 0 : Math.min(perThread, 2_000_000)];
                        int n = 0;
                        ThreadLocalRandom random = ThreadLocalRandom.current();
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            return;
                        }
                        int sent = 0;
                        while (System.nanoTime() < deadline && sent < perThread) {
                            int i = bodies == 1 ? 0 : random.nextInt(bodies);
                            long a = System.nanoTime();
                            Reply r;
                            try {
                                r = send(url, bearer, contentType, body.get(i));
                            } catch (IOException e) {
                                r = new Reply(-1, e.toString());
                            }
                            long b = System.nanoTime();
                            sent++;
                            if (counters == null) {
                                continue;
                            }
                            if (r.status != 200) {
                                counters.error(r);
                                continue;
                            }
                            try {
                                int wrong = verifier.wrong(i, r.body);
                                if (wrong > 0) {
                                    counters.wrong.addAndGet(wrong);
                                    byte[] sentBody = body.get(i);
                                    counters.note("wrong answer to "
                                            + (sentBody == null
                                                    ? "GET " + url
                                                    : new String(sentBody, StandardCharsets.UTF_8))
                                            + ": " + abbreviate(r.body));
                                }
                            } catch (IOException | RuntimeException e) {
                                counters.error(new Reply(r.status, "unreadable body: " + abbreviate(r.body)));
                                continue;
                            }
                            mine[n++] = b - a;
                        }
                        latencies[index] = Arrays.copyOf(mine, n);
                    },
                    "bench-load-" + t);
            w.setDaemon(true);
            workers.add(w);
            w.start();
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        for (int t = 0; t < threads; t++) {
            if (latencies[t] == null) {
                latencies[t] = new long[0];
            }
        }
        return latencies;
    }

    private record Reply(int status, String body) {
        @Override
        public String toString() {
            return status + " " + abbreviate(body);
        }
    }

    /**
     * One POST (a GET when {@code body} is null) over a kept-alive loopback connection (HttpURLConnection's per-host pool;
     * the body is always read fully).
     */
    private static Reply send(URL url, String bearer, String contentType, byte[] body) throws IOException {
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        c.setConnectTimeout(5_000);
        c.setReadTimeout(30_000);
        c.setRequestProperty("Accept", "application/json");
        if (bearer != null) {
            c.setRequestProperty("Authorization", bearer);
        }
        if (body == null) {
            c.setRequestMethod("GET");
        } else {
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(body.length);
            c.setRequestProperty("Content-Type", contentType);
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
        }
        int status = c.getResponseCode();
        InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        String text = "";
        if (in != null) {
            try (in) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        return new Reply(status, text);
    }

    private static final class Counters {
        final AtomicLong errors = new AtomicLong();
        final AtomicLong wrong = new AtomicLong();
        final Map<String, Long> samples = new ConcurrentHashMap<>();

        void error(Reply r) {
            errors.incrementAndGet();
            note(r.toString());
        }

        void note(String what) {
            if (samples.size() < 5 || samples.containsKey(what)) {
                samples.merge(what, 1L, Long::sum);
            }
        }

        List<String> firstErrors() {
            return samples.entrySet().stream()
                    .map(e -> e.getValue() + "× " + e.getKey())
                    .sorted()
                    .toList();
        }
    }

    /**
     * The extension's decision-cache counters ({@code gateway_access_decision_cache_total}, result hit / miss) from
     * Keycloak's management interface; each check looks up the user's principals and the user's permission on the resource.
     */
    private double[] decisionCache() {
        try {
            if (managementUrl == null) {
                java.lang.reflect.Field f = KeycloakServer.class.getDeclaredField("managementUrl");
                f.setAccessible(true);
                managementUrl = (String) f.get(KeycloakServer.shared());
            }
            HttpURLConnection c = (HttpURLConnection) new URL(managementUrl + "/metrics").openConnection();
            c.setRequestProperty("Accept", "text/plain");
            String text;
            try (InputStream in = c.getInputStream()) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            double[] hitMiss = new double[2];
            text.lines()
                    .filter(l -> l.startsWith("gateway_access_decision_cache_total{"))
                    .forEach(l -> {
                        double v = Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
                        hitMiss[l.contains("result=\"hit\"") ? 0 : 1] += v;
                    });
            return hitMiss;
        } catch (IOException | ReflectiveOperationException | RuntimeException e) {
            return new double[2];
        }
    }

    private String managementUrl;

    /** Sequential plus index scans per table so far (PostgreSQL's cumulative statistics, flushed about every second). */
    private Map<String, Long> tableScans() {
        Map<String, Long> scans = new HashMap<>();
        if (pg == null) {
            return scans; // H2 keeps no such statistics
        }
        try (Connection c = pg.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT relname, COALESCE(seq_scan, 0) + COALESCE(idx_scan, 0) FROM pg_stat_user_tables")) {
            while (rs.next()) {
                scans.put(rs.getString(1), rs.getLong(2));
            }
        } catch (Exception e) {
            // no statistics: no line in the report
        }
        return scans;
    }

    /** The tables read most per request during a phase, e.g. {@code ga_grant 0.40, user_entity 0.12}. */
    private static String scansPerRequest(Map<String, Long> before, Map<String, Long> after, long requests) {
        if (requests == 0 || after.isEmpty()) {
            return "";
        }
        double total = after.entrySet().stream()
                        .mapToDouble(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L))
                        .sum()
                / requests;
        String top = after.entrySet().stream()
                .map(e ->
                        Map.entry(e.getKey(), (double) (e.getValue() - before.getOrDefault(e.getKey(), 0L)) / requests))
                .filter(e -> e.getValue() >= 0.01)
                .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                .limit(8)
                .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "%.2f table scans per request (%s)", total, top.isEmpty() ? "none" : top);
    }

    private static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    // ------------------------------------------------------------------ data

    private record Grant(int resource, boolean group, int principal, int permission) {}

    /** What is seeded for one size, generated here so that every expected answer is known. */
    private static final class Dataset {
        final String[] userIds;
        final int resources;
        final List<Grant> grants;
        final int[][] memberships;
        /** Group index (0..39) → its parent's index, or -1: even indexes are top-level, odd ones are their subgroup. */
        final int[] parent;

        List<String> groupIds;
        /** (user, resource) → highest permission granted directly, +1 (0: none). */
        final Map<Long, Integer> direct = new HashMap<>();
        /** (group, resource) → highest permission granted, +1. */
        final Map<Long, Integer> byGroup = new HashMap<>();
        /** group → users that are members of it or of its subgroup (whom its grants reach). */
        final List<List<Integer>> reached = new ArrayList<>();

        private Dataset(String[] userIds, int resources, List<Grant> grants, int[][] memberships, int[] parent) {
            this.userIds = userIds;
            this.resources = resources;
            this.grants = grants;
            this.memberships = memberships;
            this.parent = parent;
        }

        static String resourceId(int r) {
            return String.format(Locale.ROOT, "ds-%06d", r);
        }

        static Dataset generate(int size, int users, Random random) {
            String[] userIds = new String[users];
            for (int u = 0; u < users; u++) {
                userIds[u] = new UUID(random.nextLong(), random.nextLong()).toString();
            }
            int groups = TOP_GROUPS * 2;
            int[] parent = new int[groups];
            for (int g = 0; g < groups; g++) {
                parent[g] = g % 2 == 0 ? -1 : g - 1;
            }
            int[][] memberships = new int[users][];
            for (int u = 0; u < users; u++) {
                Set<Integer> mine = new HashSet<>();
                if (random.nextDouble() < 0.7) {
                    mine.add(random.nextInt(groups));
                }
                if (random.nextDouble() < 0.2) {
                    mine.add(random.nextInt(groups));
                }
                memberships[u] = mine.stream().mapToInt(Integer::intValue).toArray();
            }
            int resources = Math.max(1, (size + GRANTS_PER_RESOURCE - 1) / GRANTS_PER_RESOURCE);
            List<Grant> grants = new ArrayList<>(size);
            for (int r = 0; r < resources && grants.size() < size; r++) {
                Set<Long> principals = new HashSet<>();
                for (int k = 0; k < GRANTS_PER_RESOURCE && grants.size() < size; k++) {
                    boolean group;
                    int principal;
                    do {
                        group = random.nextDouble() < 0.2;
                        principal = group ? random.nextInt(groups) : random.nextInt(users);
                    } while (!principals.add(group ? -1L - principal : principal));
                    double p = random.nextDouble();
                    grants.add(new Grant(r, group, principal, p < 0.6 ? 0 : p < 0.9 ? 1 : 2));
                }
            }
            Dataset d = new Dataset(userIds, resources, grants, memberships, parent);
            for (int g = 0; g < groups; g++) {
                d.reached.add(new ArrayList<>());
            }
            for (int u = 0; u < users; u++) {
                for (int g : memberships[u]) {
                    for (int h = g; h >= 0; h = parent[h]) {
                        d.reached.get(h).add(u);
                    }
                }
            }
            for (Grant g : grants) {
                Map<Long, Integer> target = g.group ? d.byGroup : d.direct;
                target.merge(key(g.principal, g.resource), g.permission + 1, Math::max);
            }
            return d;
        }

        static long key(int principal, int resource) {
            return ((long) principal << 32) | resource;
        }

        /** The highest permission the user holds on the resource (directly, through a group or a parent group), -1 for none. */
        int effective(int user, int resource) {
            int best = direct.getOrDefault(key(user, resource), 0);
            for (int g : memberships[user]) {
                for (int h = g; h >= 0; h = parent[h]) {
                    best = Math.max(best, byGroup.getOrDefault(key(h, resource), 0));
                }
            }
            return best - 1;
        }
    }

    /** Self-checks of user 0 (no userId): half on resources it holds something on, half random. */
    private static final class SelfPicks {
        byte[][] bodies;
        boolean[] expected;

        static SelfPicks generate(Dataset d, int count, Random random) {
            List<Integer> held = new ArrayList<>();
            for (int r = 0; r < d.resources; r++) {
                if (d.effective(0, r) >= 0) {
                    held.add(r);
                }
            }
            SelfPicks p = new SelfPicks();
            p.bodies = new byte[count][];
            p.expected = new boolean[count];
            for (int i = 0; i < count; i++) {
                int resource = !held.isEmpty() && random.nextBoolean()
                        ? held.get(random.nextInt(held.size()))
                        : random.nextInt(d.resources);
                int permission = random.nextInt(3);
                p.expected[i] = d.effective(0, resource) >= permission;
                p.bodies[i] = ("{\"resourceType\":\"" + TYPE + "\",\"resourceId\":\"" + Dataset.resourceId(resource)
                                + "\",\"permission\":\"" + PERMISSIONS[permission] + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
            }
            return p;
        }

        int verify(int i, String body) {
            boolean answer = body.replace(" ", "").contains("\"allowed\":true");
            if (!answer && !body.replace(" ", "").contains("\"allowed\":false")) {
                throw new IllegalStateException("allowed is not a boolean");
            }
            return answer == expected[i] ? 0 : 1;
        }
    }

    /** Pre-serialized request bodies with the expected answers. */
    private static final class Picks {
        byte[][] checkBodies;
        boolean[] checkExpected;
        byte[][] batchBodies;
        boolean[][] batchExpected;
        /** The same questions as AuthZEN: one evaluation each, and evaluations of the batches' items. */
        byte[][] evaluationBodies;

        byte[][] evaluationsBodies;
        long allowed;

        static Picks generate(Dataset d, int count, int batchSize, int batches, Random random) {
            Picks p = new Picks();
            p.checkBodies = new byte[count][];
            p.checkExpected = new boolean[count];
            String[] json = new String[count];
            String[] authzen = new String[count];
            p.evaluationBodies = new byte[count][];
            for (int i = 0; i < count; i++) {
                int user;
                int resource;
                if (random.nextBoolean()) {
                    Grant g = d.grants.get(random.nextInt(d.grants.size()));
                    resource = g.resource;
                    List<Integer> reached = g.group ? d.reached.get(g.principal) : List.of(g.principal);
                    user = reached.isEmpty()
                            ? random.nextInt(d.userIds.length)
                            : reached.get(random.nextInt(reached.size()));
                } else {
                    user = random.nextInt(d.userIds.length);
                    resource = random.nextInt(d.resources);
                }
                int permission = random.nextInt(3);
                p.checkExpected[i] = d.effective(user, resource) >= permission;
                p.allowed += p.checkExpected[i] ? 1 : 0;
                json[i] = "{\"userId\":\"" + d.userIds[user] + "\",\"resourceType\":\"" + TYPE + "\",\"resourceId\":\""
                        + Dataset.resourceId(resource) + "\",\"permission\":\"" + PERMISSIONS[permission] + "\"}";
                p.checkBodies[i] = json[i].getBytes(StandardCharsets.UTF_8);
                authzen[i] = "{\"subject\":{\"type\":\"user\",\"id\":\"" + d.userIds[user]
                        + "\"},\"resource\":{\"type\":\"" + TYPE + "\",\"id\":\"" + Dataset.resourceId(resource)
                        + "\"},\"action\":{\"name\":\"" + PERMISSIONS[permission] + "\"}}";
                p.evaluationBodies[i] = authzen[i].getBytes(StandardCharsets.UTF_8);
            }
            p.batchBodies = new byte[batches][];
            p.batchExpected = new boolean[batches][batchSize];
            p.evaluationsBodies = new byte[batches][];
            for (int b = 0; b < batches; b++) {
                StringBuilder sb = new StringBuilder("{\"checks\":[");
                StringBuilder ev = new StringBuilder("{\"evaluations\":[");
                for (int k = 0; k < batchSize; k++) {
                    int i = random.nextInt(count);
                    sb.append(k == 0 ? "" : ",").append(json[i]);
                    ev.append(k == 0 ? "" : ",").append(authzen[i]);
                    p.batchExpected[b][k] = p.checkExpected[i];
                }
                p.batchBodies[b] = sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
                p.evaluationsBodies[b] = ev.append("]}").toString().getBytes(StandardCharsets.UTF_8);
            }
            return p;
        }

        double allowedShare() {
            return (double) allowed / checkBodies.length;
        }

        int verifyCheck(int i, String body) {
            int at = body.indexOf("\"allowed\"");
            if (at < 0) {
                throw new IllegalStateException("no allowed field");
            }
            int colon = body.indexOf(':', at + 9);
            String rest = body.substring(colon + 1).stripLeading();
            boolean answer;
            if (rest.startsWith("true")) {
                answer = true;
            } else if (rest.startsWith("false")) {
                answer = false;
            } else {
                throw new IllegalStateException("allowed is not a boolean");
            }
            return answer == checkExpected[i] ? 0 : 1;
        }

        int verifyEvaluation(int i, String body) throws IOException {
            JsonNode decision = Http.JSON.readTree(body).get("decision");
            if (decision == null || !decision.isBoolean()) {
                throw new IllegalStateException("decision is not a boolean");
            }
            return decision.booleanValue() == checkExpected[i] ? 0 : 1;
        }

        int verifyEvaluations(int b, String body) throws IOException {
            JsonNode results = Http.JSON.readTree(body).get("evaluations");
            if (results == null || !results.isArray() || results.size() != batchExpected[b].length) {
                throw new IllegalStateException("evaluations missing or of the wrong length");
            }
            int wrong = 0;
            for (int k = 0; k < batchExpected[b].length; k++) {
                JsonNode decision = results.get(k).get("decision");
                if (decision == null || !decision.isBoolean()) {
                    throw new IllegalStateException("decision is not a boolean");
                }
                wrong += decision.booleanValue() == batchExpected[b][k] ? 0 : 1;
            }
            return wrong;
        }

        int verifyBatch(int b, String body) throws IOException {
            JsonNode results = Http.JSON.readTree(body).get("results");
            if (results == null || !results.isArray() || results.size() != batchExpected[b].length) {
                throw new IllegalStateException("results missing or of the wrong length");
            }
            int wrong = 0;
            for (int k = 0; k < batchExpected[b].length; k++) {
                JsonNode allowed = results.get(k).get("allowed");
                if (allowed == null || !allowed.isBoolean()) {
                    throw new IllegalStateException("allowed is not a boolean");
                }
                wrong += allowed.booleanValue() == batchExpected[b][k] ? 0 : 1;
            }
            return wrong;
        }
    }

    // ------------------------------------------------------------------ results

    private record Phase(
            String name,
            long ok,
            long errors,
            long wrong,
            long elapsedNanos,
            long p50,
            long p99,
            long p999,
            long max,
            int checksPerRequest,
            double[] cores,
            double cacheHits,
            String scans,
            List<String> samples) {

        double perSecond() {
            return ok * 1e9 / elapsedNanos;
        }

        double checksPerSecond() {
            return perSecond() * checksPerRequest;
        }

        /** Keycloak CPU time per request in ms (robust to other load on the machine, unlike latency). */
        double keycloakCpuMillis() {
            return ok == 0 ? Double.NaN : cores[1] * 1000 / perSecond();
        }

        double postgresCpuMillis() {
            return ok == 0 ? Double.NaN : cores[2] * 1000 / perSecond();
        }

        String summary() {
            return String.format(
                    Locale.ROOT,
                    "%,8d ok in %5.1f s: %,9.0f req/s (%,9.0f checks/s), p50 %7.2f ms, p99 %7.2f ms, p99.9 %7.2f ms,"
                            + " max %7.1f ms; errors %d, wrong %d; decision cache hits %s; cores: load gen %.2f, Keycloak %.2f, PostgreSQL %.2f,"
                            + " other %.2f; CPU per request: Keycloak %.2f ms, PostgreSQL %.2f ms%s",
                    ok,
                    elapsedNanos / 1e9,
                    perSecond(),
                    checksPerSecond(),
                    p50 / 1e6,
                    p99 / 1e6,
                    p999 / 1e6,
                    max / 1e6,
                    errors,
                    wrong,
                    Double.isNaN(cacheHits) ? "—" : String.format(Locale.ROOT, "%.1f %%", 100 * cacheHits),
                    cores[0],
                    cores[1],
                    cores[2],
                    cores[3],
                    keycloakCpuMillis(),
                    postgresCpuMillis(),
                    (scans.isEmpty() ? "" : "\n      " + scans)
                            + (samples.isEmpty() ? "" : "\n      " + String.join("\n      ", samples)));
        }
    }

    private record SizeResult(
            int size,
            int resources,
            long seedMillis,
            double allowedShare,
            List<Phase> check,
            List<Phase> batch,
            List<Phase> token,
            String checkProbe,
            String batchProbe,
            String loadBefore,
            String loadAfter,
            String slowStatements,
            List<String> quiet,
            Map<String, List<Phase>> extra,
            Map<String, String> extraProbes) {

        List<Phase> floor() {
            return extra.getOrDefault("floor", List.of());
        }
    }

    private record Environment(
            String cpu, int cores, String ram, String jdk, String os, String keycloak, String postgres) {

        static Environment read(KeycloakServer server, KeycloakAdmin admin, PostgresServer pg) throws Exception {
            if (pg == null) {
                return read(server, admin, "H2 (Keycloak's dev-file database)");
            }
            try (Connection c = pg.connect();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SHOW server_version")) {
                rs.next();
                return read(
                        server,
                        admin,
                        "PostgreSQL " + rs.getString(1) + " (zonky binaries, `synchronous_commit=off`, `fsync=off`)");
            }
        }

        static Environment read(KeycloakServer server, KeycloakAdmin admin, String database) throws Exception {
            String cpu = Reports.proc("/proc/cpuinfo", "model name");
            String memKb = Reports.proc("/proc/meminfo", "MemTotal");
            String ram = memKb.isEmpty()
                    ? "?"
                    : String.format(
                            Locale.ROOT, "%.1f GiB", Long.parseLong(memKb.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0);
            String os = System.getProperty("os.name") + " " + System.getProperty("os.version");
            try {
                String pretty = Files.readAllLines(Path.of("/etc/os-release")).stream()
                        .filter(l -> l.startsWith("PRETTY_NAME="))
                        .map(l -> l.substring(12).replace("\"", ""))
                        .findFirst()
                        .orElse("");
                os = pretty.isEmpty() ? os : pretty + " (" + os + ")";
            } catch (IOException ignored) {
                // keep os.name
            }
            String jdk = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                    + System.getProperty("java.vendor") + ")";
            JsonNode info = Http.get(server.baseUrl() + "/admin/serverinfo", admin.token())
                    .json();
            String keycloak = info.path("systemInfo").path("version").asText(System.getProperty("keycloak.version"));
            return new Environment(cpu, Runtime.getRuntime().availableProcessors(), ram, jdk, os, keycloak, database);
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    /** Statements PostgreSQL logged as slower than 1 s (auto_explain) since the last look, summarised. */
    private static long postgresLogOffset;

    private static String slowStatements(KeycloakServer server) {
        Path log = Path.of(System.getProperty("it.work.dir", "target")).resolve("postgres.log");
        try {
            if (!Files.exists(log)) {
                return "";
            }
            String text = Files.readString(log);
            String fresh = text.substring((int) Math.min(postgresLogOffset, text.length()));
            postgresLogOffset = text.length();
            List<String> lines = fresh.lines()
                    .filter(l -> l.contains("duration:"))
                    .map(l -> abbreviate(l.trim()))
                    .toList();
            return lines.isEmpty() ? "" : lines.size() + " slow statement(s) logged, e.g. " + lines.get(0);
        } catch (IOException e) {
            return "";
        }
    }

    private static String median(List<Phase> phases, java.util.function.ToDoubleFunction<Phase> f, String format) {
        if (phases.isEmpty()) {
            return "—";
        }
        return String.format(Locale.ROOT, format, medianValue(phases, f));
    }

    private static double medianValue(List<Phase> phases, java.util.function.ToDoubleFunction<Phase> f) {
        double[] v = phases.stream().mapToDouble(f).sorted().toArray();
        return v.length == 0 ? Double.NaN : v[v.length / 2];
    }

    private static String all(List<Phase> phases, java.util.function.ToDoubleFunction<Phase> f, String format) {
        return phases.stream()
                .map(p -> String.format(Locale.ROOT, format, f.applyAsDouble(p)))
                .collect(Collectors.joining(", "));
    }

    private static String cell(List<Phase> phases, java.util.function.ToDoubleFunction<Phase> f, String format) {
        if (phases.isEmpty()) {
            return "—";
        }
        return median(phases, f, format) + " (" + all(phases, f, format) + ")";
    }

    private String command(int[] sizes, int runs) {
        StringBuilder sb = new StringBuilder(
                        "./mvnw -Pbench -DskipTests verify -Dbench.main=org.gatewayaccess.bench.CheckBenchmark -Dbench.sizes=")
                .append(Arrays.stream(sizes).mapToObj(String::valueOf).collect(Collectors.joining(",")));
        if (runs != 3) {
            sb.append(" -Dbench.runs=").append(runs);
        }
        if (threads != 8) {
            sb.append(" -Dbench.threads=").append(threads);
        }
        if (seconds != 10) {
            sb.append(" -Dbench.seconds=").append(seconds);
        }
        if (warmupSeconds != 5) {
            sb.append(" -Dbench.warmupSeconds=").append(warmupSeconds);
        }
        if (maxRequests != 300_000) {
            sb.append(" -Dbench.maxRequests=").append(maxRequests);
        }
        if (batchSize != 100) {
            sb.append(" -Dbench.batchSize=").append(batchSize);
        }
        if (jvmWarmupSeconds != 45) {
            sb.append(" -Dbench.jvmWarmupSeconds=").append(jvmWarmupSeconds);
        }
        if (quietWaitSeconds != 600) {
            sb.append(" -Dbench.quietWaitSeconds=").append(quietWaitSeconds);
        }
        if (users != 1000) {
            sb.append(" -Dbench.users=").append(users);
        }
        if (!List.of("self", "kcadmin").equals(callers)) {
            sb.append(" -Dbench.callers=").append(String.join(",", callers));
        }
        if (pg == null) {
            sb.append(" -Dit.db=h2");
        }
        String javaOpts = System.getProperty("it.keycloakJavaOpts", "");
        if (!javaOpts.isBlank()) {
            sb.append(" '-Dit.keycloakJavaOpts=").append(javaOpts).append("'");
        }
        return sb.toString();
    }

    private void writeReport(List<SizeResult> results, int runs, int[] sizes, KeycloakServer server, Environment env)
            throws IOException {
        Path dir = Path.of(System.getProperty("bench.results", "bench/results"));
        Files.createDirectories(dir);
        // Another concurrency gets a report of its own (the default one keeps the plain name).
        Path file = dir.resolve("check-" + LocalDate.now()
                + (threads == 8 ? "" : "-" + threads + (threads == 1 ? "-thread" : "-threads")) + ".md");
        StringBuilder r = new StringBuilder("# Authorization checks: `POST /check` vs Keycloak's token endpoint\n\n");
        r.append("- Date: ").append(Instant.now()).append('\n');
        r.append("- Machine: ")
                .append(env.cpu)
                .append(", ")
                .append(env.cores)
                .append(" cores, ")
                .append(env.ram)
                .append(" RAM; ")
                .append(env.os)
                .append('\n');
        r.append("- JDK: ").append(env.jdk).append(" (Keycloak and the load generator)\n");
        r.append("- Versions: Keycloak ")
                .append(env.keycloak)
                .append(" (distribution, `start`, `--cache=local`, heap 1 GiB) with Gateway Access ")
                .append("on ")
                .append(env.postgres)
                .append(", all on this machine\n");
        r.append("- Command: `").append(command(sizes, runs)).append("`\n");
        r.append("- Load: ")
                .append(threads)
                .append(" client threads in the benchmark JVM (HttpURLConnection, keep-alive, loopback), closed loop;")
                .append(" per phase ")
                .append(warmupSeconds)
                .append(" s warm-up, then ")
                .append(seconds)
                .append(" s measured (at most ")
                .append(String.format(Locale.ROOT, "%,d", maxRequests))
                .append(" requests). Every figure is the median of ")
                .append(runs)
                .append(
                        " runs (all runs in brackets); the phases rotate their order from run to run. Before the first measurement")
                .append(" each endpoint gets ")
                .append(jvmWarmupSeconds)
                .append(" s of load so that Keycloak's JIT has compiled its paths.\n");
        r.append("- Data per size: a fresh realm; ")
                .append(users)
                .append(" users, 20 groups each with a subgroup (users in 0–2 groups),")
                .append(
                        " N/10 resources of type `dataset`, N grants (10 per resource; 80 % user, 20 % group; view/edit/manage 60/30/10 %),")
                .append(
                        " all written with batched JDBC before the first check. `/check` is asked by a service account holding")
                .append(
                        " `gateway-access-checker`, one token for the whole run; half the picks come from a seeded grant (its user or a member")
                .append(
                        " of its group), half are random: the share allowed is given per size. Every answer is compared with the answer")
                .append(" computed from the seeded rows. `/check/batch` sends ")
                .append(batchSize)
                .append(" such checks per request, drawn from")
                .append(
                        " a second set of picks of the same kind, so that a `/check` phase just before does not warm the extension's decision")
                .append(" cache (30 s time-to-live) for it.\n");
        r.append(
                        "- Baseline: `POST /realms/{realm}/protocol/openid-connect/token` with `grant_type=client_credentials` for the same")
                .append(" client, same threads and time.\n");
        r.append("- The load generator, Keycloak and PostgreSQL share the ")
                .append(env.cores)
                .append(" cores: the per-size tables show")
                .append(
                        " how many cores each used during the measured seconds (median), and \"other\" is CPU used by anything else on the")
                .append(" machine in that time.\n\n");

        r.append("## Summary\n\n");
        r.append(
                        "| grants | `/check` p50 | `/check` p99 | `/check` req/s | batch checks/s | token p50 | token p99 | token req/s |")
                .append(
                        " check ÷ token throughput | Keycloak CPU per request: check / token | p99 ≤ 5 ms | ≥ 10× token |\n");
        r.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (SizeResult s : results) {
            double ratio = medianValue(s.check, Phase::perSecond) / medianValue(s.token, Phase::perSecond);
            double p99 = medianValue(s.check, p -> p.p99 / 1e6);
            r.append(String.format(
                    Locale.ROOT,
                    "| %,d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    s.size,
                    median(s.check, p -> p.p50 / 1e6, "%.2f ms"),
                    median(s.check, p -> p.p99 / 1e6, "%.2f ms"),
                    median(s.check, Phase::perSecond, "%,.0f"),
                    median(s.batch, Phase::checksPerSecond, "%,.0f"),
                    median(s.token, p -> p.p50 / 1e6, "%.2f ms"),
                    median(s.token, p -> p.p99 / 1e6, "%.2f ms"),
                    median(s.token, Phase::perSecond, "%,.0f"),
                    s.check.isEmpty() ? "—" : String.format(Locale.ROOT, "%.2f×", ratio),
                    median(s.check, Phase::keycloakCpuMillis, "%.2f ms") + " / "
                            + median(s.token, Phase::keycloakCpuMillis, "%.2f ms"),
                    s.check.isEmpty() ? "not measured" : p99 <= 5.0 ? "met" : "**not met**",
                    s.check.isEmpty() ? "not measured" : ratio >= 10 ? "met" : "**not met**"));
        }
        r.append("\nTargets (from the issue): `/check` p99 ≤ 5 ms, and `/check` throughput ≥ 10× the token endpoint's.")
                .append(
                        " Keycloak CPU per request (CPU time of the Keycloak process ÷ requests answered) is the figure least disturbed by")
                .append(
                        " other load on the machine: with Keycloak saturated, the throughput ratio tends to the inverse ratio of these.\n");
        r.append(floorTable(results));

        for (SizeResult s : results) {
            r.append(String.format(Locale.ROOT, "%n## %,d grants%n%n", s.size));
            r.append(String.format(
                    Locale.ROOT,
                    "%,d users, %,d resources, %,d grants; seeded in %,d ms; %.0f %% of the single-check picks"
                            + " are allowed. Load average before / after: %s / %s.%n%n",
                    users,
                    s.resources,
                    s.size,
                    s.seedMillis,
                    100 * s.allowedShare,
                    s.loadBefore,
                    s.loadAfter));
            r.append("| endpoint | p50 | p99 | p99.9 | requests/s | checks/s | ok requests | errors | wrong answers |")
                    .append(
                            " decision cache hits | CPU per request: Keycloak / PostgreSQL | cores: load generator / Keycloak / PostgreSQL / other |\n");
            r.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
            row(r, "`POST /check`", s.check, s.checkProbe);
            row(r, "`POST /check/batch` (" + batchSize + " checks)", s.batch, s.batchProbe);
            row(r, "token endpoint (client credentials)", s.token, null);
            for (Map.Entry<String, List<Phase>> e : s.extra.entrySet()) {
                row(r, label(e.getKey()), e.getValue(), s.extraProbes.get(e.getKey()));
            }
            r.append("\nMachine before each run: ")
                    .append(String.join("; ", s.quiet))
                    .append(".\n");
            if (!s.check.isEmpty()) {
                r.append(String.format(
                        Locale.ROOT,
                        "%n`/check` throughput ÷ token endpoint throughput: %.2f× (target ≥ 10×: %s);"
                                + " `/check` p99 %.2f ms (target ≤ 5 ms: %s).",
                        medianValue(s.check, Phase::perSecond) / medianValue(s.token, Phase::perSecond),
                        medianValue(s.check, Phase::perSecond) / medianValue(s.token, Phase::perSecond) >= 10
                                ? "met"
                                : "not met",
                        medianValue(s.check, p -> p.p99 / 1e6),
                        medianValue(s.check, p -> p.p99 / 1e6) <= 5 ? "met" : "not met"));
                if (!s.batch.isEmpty()) {
                    r.append(String.format(
                            Locale.ROOT,
                            " Batched, checks/s ÷ token requests/s: %.1f×.",
                            medianValue(s.batch, Phase::checksPerSecond) / medianValue(s.token, Phase::perSecond)));
                }
                r.append('\n');
            }
            r.append(
                    "\nPostgreSQL table scans (sequential + index) per request, from its statistics (approximate; last run):\n\n");
            List<List<Phase>> every = new ArrayList<>(List.of(s.check, s.batch, s.token));
            every.addAll(s.extra.values());
            for (List<Phase> phases : every) {
                if (!phases.isEmpty() && !phases.get(phases.size() - 1).scans.isEmpty()) {
                    Phase last = phases.get(phases.size() - 1);
                    r.append("- `")
                            .append(last.name)
                            .append("`: ")
                            .append(last.scans)
                            .append('\n');
                }
            }
            List<String> notes = new ArrayList<>();
            for (List<Phase> phases : every) {
                for (Phase p : phases) {
                    p.samples.forEach(x -> notes.add("`" + p.name + "`: " + x.replace("`", "'")));
                }
            }
            if (!s.slowStatements.isEmpty()) {
                notes.add("PostgreSQL: " + s.slowStatements.replace("`", "'"));
            }
            if (!notes.isEmpty()) {
                r.append("\nErrors and wrong answers seen (first kinds, with counts):\n\n");
                notes.stream()
                        .distinct()
                        .limit(20)
                        .forEach(n -> r.append("- ").append(n).append('\n'));
            }
        }
        r.append("\nKeycloak start-up for this run: ")
                .append(server.startupMillis())
                .append(" ms.\n");
        Files.writeString(file, r.toString());
        Summary.detail(file);
        for (SizeResult s : results) {
            summaryRows(s, runs);
        }
        System.out.println(r);
        System.out.println("Report: " + file);
    }

    private static String label(String phase) {
        return switch (phase) {
            case "floor" -> "floor: `GET /realms/{realm}` (no token)";
            case "self" -> "`POST /check` by a user about itself";
            case "kcadmin" -> "`POST /check` by a Keycloak admin (manage-users) about others";
            case "reader" -> "`POST /check` by a read-only admin about others";
            case "gwadmin" -> "`POST /check` by a gateway admin about others";
            case "check" -> "`POST /check` by the checker service account about others";
            case "batch" -> "`POST /check/batch`";
            case "authzen" -> "AuthZEN `POST /access/v1/evaluation` by the checker about others";
            case "evaluations" -> "AuthZEN `POST /access/v1/evaluations` (batch)";
            case "token" -> "token endpoint (client credentials)";
            case "userinfo" -> "plain Keycloak: `GET …/openid-connect/userinfo` by a user (its own token)";
            case "adminread" ->
                "plain Keycloak: `GET /admin/realms/{realm}/users/{id}` by a Keycloak admin (manage-users)";
            default -> phase;
        };
    }

    /**
     * Every endpoint against the floor ({@code GET /realms/{realm}}, no token), in Keycloak CPU per request, measured in
     * the same run: the target is every caller kind's /check within 1.5× of it, and the batch at 100× the token
     * endpoint in checks per second.
     */
    private String floorTable(List<SizeResult> results) {
        StringBuilder r = new StringBuilder("\n## Against the floor\n\n");
        r.append(
                        "The floor is Keycloak's cheapest answer, an unauthenticated `GET /realms/{realm}`, measured in the same run.")
                .append(
                        " Ratios are of medians. Targets (issue 19): each caller kind's `/check` ≤ 1.5× the floor in Keycloak CPU")
                .append(" per request; `/check/batch` ≥ 100× the token endpoint in checks/s.\n\n");
        r.append(
                "| grants | endpoint | Keycloak CPU per request | ÷ floor | req/s | checks/s | checks/s ÷ token req/s | target |\n");
        r.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (SizeResult s : results) {
            double floor = medianValue(s.floor(), Phase::keycloakCpuMillis);
            double token = medianValue(s.token, Phase::perSecond);
            Map<String, List<Phase>> all = new LinkedHashMap<>();
            all.put("floor", s.floor());
            all.put("token", s.token);
            all.put("check", s.check);
            s.extra.forEach((k, v) -> all.putIfAbsent(k, v));
            all.put("batch", s.batch);
            for (Map.Entry<String, List<Phase>> e : all.entrySet()) {
                List<Phase> phases = e.getValue();
                if (phases.isEmpty()) {
                    continue;
                }
                double cpu = medianValue(phases, Phase::keycloakCpuMillis);
                double cps = medianValue(phases, Phase::checksPerSecond);
                boolean isCheck = !List.of("floor", "token", "batch", "evaluations", "userinfo", "adminread")
                        .contains(e.getKey());
                String target = isCheck
                        ? (cpu / floor <= 1.5 ? "≤ 1.5× floor: met" : "≤ 1.5× floor: **not met**")
                        : e.getKey().equals("batch") || e.getKey().equals("evaluations")
                                ? (cps / token >= 100 ? "≥ 100× token: met" : "≥ 100× token: **not met**")
                                : "";
                r.append(String.format(
                        Locale.ROOT,
                        "| %,d | %s | %.3f ms | %.2f× | %,.0f | %,.0f | %.1f× | %s |%n",
                        s.size,
                        label(e.getKey()),
                        cpu,
                        cpu / floor,
                        medianValue(phases, Phase::perSecond),
                        cps,
                        cps / token,
                        target));
            }
        }
        r.append(plainKeycloakTable(results));
        return r.toString();
    }

    /**
     * Each caller kind's /check against the nearest bearer-authenticated read plain Keycloak answers, in the same run:
     * a user's own userinfo for the user about itself, the admin API's read of a user for the Keycloak admin, and the
     * userinfo for every other kind (the cheapest request Keycloak answers behind a bearer token at all).
     */
    private String plainKeycloakTable(List<SizeResult> results) {
        StringBuilder r = new StringBuilder();
        for (SizeResult s : results) {
            List<Phase> userinfo = s.extra.getOrDefault("userinfo", List.of());
            if (userinfo.isEmpty()) {
                continue;
            }
            if (r.length() == 0) {
                r.append("\n## Against plain Keycloak's authenticated reads\n\n")
                        .append(
                                "Keycloak CPU per request, medians of the same run. `userinfo` is the cheapest request Keycloak")
                        .append(
                                " answers behind a bearer token; the admin API's read of a user is what a Keycloak admin's /check")
                        .append(" does in plain Keycloak.\n\n")
                        .append(
                                "| grants | endpoint | Keycloak CPU per request | ÷ floor | ÷ userinfo | ÷ admin read of a user |\n")
                        .append("| --- | --- | --- | --- | --- | --- |\n");
            }
            double floor = medianValue(s.floor(), Phase::keycloakCpuMillis);
            double info = medianValue(userinfo, Phase::keycloakCpuMillis);
            List<Phase> adminRead = s.extra.getOrDefault("adminread", List.of());
            double read = adminRead.isEmpty() ? Double.NaN : medianValue(adminRead, Phase::keycloakCpuMillis);
            Map<String, List<Phase>> kinds = new LinkedHashMap<>();
            kinds.put("userinfo", userinfo);
            kinds.put("adminread", adminRead);
            kinds.put("check", s.check);
            s.extra.forEach((k, v) -> {
                if (!List.of("floor", "evaluations", "userinfo", "adminread").contains(k)) {
                    kinds.put(k, v);
                }
            });
            for (Map.Entry<String, List<Phase>> e : kinds.entrySet()) {
                if (e.getValue().isEmpty()) {
                    continue;
                }
                double cpu = medianValue(e.getValue(), Phase::keycloakCpuMillis);
                r.append(String.format(
                        Locale.ROOT,
                        "| %,d | %s | %.3f ms | %.2f× | %.2f× | %s |%n",
                        s.size,
                        label(e.getKey()),
                        cpu,
                        cpu / floor,
                        cpu / info,
                        Double.isNaN(read) ? "—" : String.format(Locale.ROOT, "%.2f×", cpu / read)));
            }
        }
        return r.toString();
    }

    /** The rows of this size in the one report of bench/run-all.sh. */
    private void summaryRows(SizeResult s, int runs) {
        String n = String.format(Locale.ROOT, "%,d grants", s.size);
        String runsCell = runs + " × " + seconds + " s, " + threads + " threads";
        if (s.check.isEmpty()) {
            Summary.row("`POST /check` at " + n, "not measured: " + s.checkProbe, "", "", "", runsCell);
            return;
        }
        double p50 = medianValue(s.check, p -> p.p50 / 1e6);
        double p99 = medianValue(s.check, p -> p.p99 / 1e6);
        double tp50 = medianValue(s.token, p -> p.p50 / 1e6);
        double tp99 = medianValue(s.token, p -> p.p99 / 1e6);
        double rps = medianValue(s.check, Phase::perSecond);
        double trps = medianValue(s.token, Phase::perSecond);
        Summary.row(
                "`POST /check` p50 at " + n + " vs the client-credentials token endpoint",
                String.format(Locale.ROOT, "%.2f ms", p50),
                String.format(Locale.ROOT, "%.2f ms", tp50),
                Summary.ratio(p50 / tp50),
                "",
                runsCell);
        Summary.row(
                "`POST /check` p99 at " + n + " vs the token endpoint",
                String.format(Locale.ROOT, "%.2f ms", p99),
                String.format(Locale.ROOT, "%.2f ms", tp99),
                Summary.ratio(p99 / tp99),
                "p99 ≤ 5 ms (" + (p99 <= 5 ? "met" : "**not met**") + ")",
                runsCell);
        Summary.row(
                "`POST /check` throughput at " + n + " vs the token endpoint",
                String.format(Locale.ROOT, "%,.0f req/s", rps),
                String.format(Locale.ROOT, "%,.0f req/s", trps),
                Summary.ratio(rps / trps),
                Summary.atLeast(rps / trps, 10),
                runsCell);
        double floor = medianValue(s.floor(), Phase::keycloakCpuMillis);
        if (!s.floor().isEmpty()) {
            Map<String, List<Phase>> kinds = new LinkedHashMap<>();
            kinds.put("check", s.check);
            s.extra.forEach((k, v) -> {
                if (!List.of("floor", "evaluations", "userinfo", "adminread").contains(k)) {
                    kinds.put(k, v);
                }
            });
            kinds.forEach((k, phases) -> {
                if (!phases.isEmpty()) {
                    double cpu = medianValue(phases, Phase::keycloakCpuMillis);
                    Summary.row(
                            label(k) + " at " + n + ": Keycloak CPU per request vs the floor (`GET /realms/{realm}`)",
                            String.format(Locale.ROOT, "%.3f ms", cpu),
                            String.format(Locale.ROOT, "%.3f ms", floor),
                            Summary.ratio(cpu / floor),
                            "≤ 1.5× (" + (cpu / floor <= 1.5 ? "met" : "**not met**") + ")",
                            runsCell);
                }
            });
        }
        if (!s.batch.isEmpty()) {
            double cps = medianValue(s.batch, Phase::checksPerSecond);
            Summary.row(
                    "`POST /check/batch` (" + batchSize + " checks) at " + n + ": checks/s vs token requests/s",
                    String.format(Locale.ROOT, "%,.0f checks/s", cps),
                    String.format(Locale.ROOT, "%,.0f req/s", trps),
                    Summary.ratio(cps / trps),
                    "",
                    runsCell);
        }
    }

    private static void row(StringBuilder r, String label, List<Phase> phases, String probe) {
        if (phases.isEmpty()) {
            r.append("| ")
                    .append(label)
                    .append(" | not measured: ")
                    .append(
                            probe == null
                                    ? "—"
                                    : "the probe answered `"
                                            + probe.replace("`", "'").replace("|", "\\|") + "`")
                    .append(" | | | | | | | | | | |\n");
            return;
        }
        r.append("| ")
                .append(label)
                .append(" | ")
                .append(cell(phases, p -> p.p50 / 1e6, "%.2f ms"))
                .append(" | ")
                .append(cell(phases, p -> p.p99 / 1e6, "%.2f ms"))
                .append(" | ")
                .append(median(phases, p -> p.p999 / 1e6, "%.2f ms"))
                .append(" | ")
                .append(cell(phases, Phase::perSecond, "%,.0f"))
                .append(" | ")
                .append(median(phases, Phase::checksPerSecond, "%,.0f"))
                .append(" | ")
                .append(all(phases, p -> p.ok, "%,.0f"))
                .append(" | ")
                .append(all(phases, p -> p.errors, "%.0f"))
                .append(" | ")
                .append(all(phases, p -> p.wrong, "%.0f"))
                .append(" | ")
                .append(
                        phases.stream().allMatch(p -> Double.isNaN(p.cacheHits))
                                ? "—"
                                : median(phases, p -> 100 * p.cacheHits, "%.1f %%"))
                .append(" | ")
                .append(median(phases, Phase::keycloakCpuMillis, "%.2f ms"))
                .append(" / ")
                .append(median(phases, Phase::postgresCpuMillis, "%.2f ms"))
                .append(" | ")
                .append(median(phases, p -> p.cores[0], "%.2f"))
                .append(" / ")
                .append(median(phases, p -> p.cores[1], "%.2f"))
                .append(" / ")
                .append(median(phases, p -> p.cores[2], "%.2f"))
                .append(" / ")
                .append(median(phases, p -> p.cores[3], "%.2f"))
                .append(" |\n");
    }

    private static String abbreviate(String s) {
        String one = s.replace('\n', ' ').replace('\r', ' ');
        return one.length() > 300 ? one.substring(0, 300) + "…" : one;
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("Benchmark check failed: " + what);
        }
    }
}
