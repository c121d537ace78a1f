package org.gatewayaccess.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.KeycloakAdmin;
import org.gatewayaccess.it.support.Sql;

/**
 * Keycloak's memory with {@code bench.grants} (100,000) grants, with the extension and without it, on two Keycloak
 * processes side by side ({@link SideBySide}).
 * <p>
 * Both Keycloaks get the same realm pair ({@link GatewayRealm}), {@code bench.users} (1000) users each linked to
 * {@code partner-idp}, and a confidential client with a service account, all written with SQL or the admin API. The
 * one with the extension also gets {@code bench.grants / 10} resources and {@code bench.grants} user grants (10 per
 * resource) in its tables, seeded with SQL; plain Keycloak has no such tables, so it holds the same users and links
 * and nothing else. Each run: {@code bench.memoryLoadSeconds} of load on each Keycloak (the client-credentials token
 * endpoint on both; with the extension, {@code POST /check} of random users and resources as well), then
 * {@code jcmd <pid> GC.run} twice and: heap used after that full GC ({@code jcmd GC.heap_info}) and resident set
 * size ({@code VmRSS} of /proc/&lt;pid&gt;/status). Each figure is the median of {@code bench.runs} runs.
 */
public final class MemoryBenchmark {

    private static final String CLIENT = "bench-client";
    private static final String SECRET = "bench-client-secret";

    private MemoryBenchmark() {}

    private record Target(SideBySide.Node node, GatewayRealm realm, String realmId, List<String> userIds) {}

    public static void main(String[] args) throws Exception {
        int grants = Integer.getInteger("bench.grants", 100_000);
        int users = Integer.getInteger("bench.users", 1000);
        int runs = Integer.getInteger("bench.runs", 3);
        int seconds = Integer.getInteger("bench.memoryLoadSeconds", 20);
        int threads = Integer.getInteger("bench.memoryThreads", 4);
        int quietWait = Integer.getInteger("bench.quietWaitSeconds", 600);
        try (SideBySide both = SideBySide.start()) {
            Map<String, Long> emptyHeap = new HashMap<>();
            Map<String, Long> emptyRss = new HashMap<>();
            for (SideBySide.Node node : both.nodes()) {
                long pid = node.javaPid();
                Machine.jcmd(pid, "GC.run");
                emptyHeap.put(node.variant(), Machine.heapUsedKib(pid));
                emptyRss.put(node.variant(), Machine.rssKib(pid));
            }
            List<Target> targets = new ArrayList<>();
            for (SideBySide.Node node : both.nodes()) {
                targets.add(setUp(node, users, grants));
            }
            Map<String, List<Double>> heap = new LinkedHashMap<>();
            Map<String, List<Double>> rss = new LinkedHashMap<>();
            Map<String, List<String>> load = new LinkedHashMap<>();
            List<String> quiet = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                quiet.add(Machine.waitForQuiet(quietWait));
                for (Target t : targets) {
                    String done = load(t, grants, threads, seconds);
                    long pid = t.node().javaPid();
                    Machine.jcmd(pid, "GC.run");
                    Machine.jcmd(pid, "GC.run");
                    long used = Machine.heapUsedKib(pid);
                    long resident = Machine.rssKib(pid);
                    heap.computeIfAbsent(t.node().variant(), k -> new ArrayList<>())
                            .add(used / 1024.0);
                    rss.computeIfAbsent(t.node().variant(), k -> new ArrayList<>())
                            .add(resident / 1024.0);
                    load.computeIfAbsent(t.node().variant(), k -> new ArrayList<>())
                            .add(done);
                    System.out.printf(
                            Locale.ROOT,
                            "run %d %-9s %s; heap used after full GC %.1f MiB, RSS %.1f MiB%n",
                            run + 1,
                            t.node().variant(),
                            done,
                            used / 1024.0,
                            resident / 1024.0);
                }
            }
            report(heap, rss, load, emptyHeap, emptyRss, runs, users, grants, seconds, threads, quiet);
        }
    }

    private static Target setUp(SideBySide.Node node, int users, int grants) throws Exception {
        KeycloakAdmin admin = node.admin();
        GatewayRealm gw = GatewayRealm.create(admin, "memory");
        String realmId = admin.realm(gw.name()).get("id").asText();
        Sql.update(
                node.db(),
                "INSERT INTO USER_ENTITY (ID, EMAIL_CONSTRAINT, EMAIL_VERIFIED, ENABLED, REALM_ID, USERNAME, CREATED_TIMESTAMP, NOT_BEFORE)"
                        + " SELECT u.id, u.id, false, true, ?, 'bench-user-' || lpad(g::text, 7, '0'), 0, 0 FROM generate_series(0, ? - 1) g,"
                        + " LATERAL (SELECT gen_random_uuid()::text AS id, g AS n) u",
                realmId,
                users);
        Sql.update(
                node.db(),
                "INSERT INTO FEDERATED_IDENTITY (IDENTITY_PROVIDER, REALM_ID, FEDERATED_USER_ID, FEDERATED_USERNAME, USER_ID)"
                        + " SELECT ?, REALM_ID, 'ext-' || ID, USERNAME, ID FROM USER_ENTITY WHERE REALM_ID = ? AND USERNAME LIKE 'bench-user-%'",
                GatewayRealm.PARTNER_IDP,
                realmId);
        if (node.extension()) {
            int resources = Math.max(1, (grants + 9) / 10);
            Sql.update(
                    node.db(),
                    "INSERT INTO GA_RESOURCE (REALM_ID, RESOURCE_TYPE, RESOURCE_ID, CREATED_BY, CREATED_AT)"
                            + " SELECT ?, 'dataset', 'ds-' || lpad(g::text, 6, '0'), NULL, 0 FROM generate_series(0, ? - 1) g",
                    realmId,
                    resources);
            // Resource r: 10 grants to users (7r + k) mod U, k = 0..9 (distinct users when U >= 10); view/edit/manage
            // 6/3/1.
            Sql.update(
                    node.db(),
                    "INSERT INTO GA_GRANT (REALM_ID, RESOURCE_TYPE, RESOURCE_ID, PRINCIPAL_TYPE, PRINCIPAL_ID, PERMISSION,"
                            + " SOURCE, GRANTED_BY, GRANTED_AT)"
                            + " SELECT ?, 'dataset', 'ds-' || lpad((g / 10)::text, 6, '0'), 'user', u.ID,"
                            + " CASE WHEN g % 10 < 6 THEN 'view' WHEN g % 10 < 9 THEN 'edit' ELSE 'manage' END, 'admin', 'bench', 0"
                            + " FROM generate_series(0, ? - 1) g"
                            + " JOIN (SELECT ID, row_number() OVER (ORDER BY USERNAME) - 1 AS n FROM USER_ENTITY"
                            + "       WHERE REALM_ID = ? AND USERNAME LIKE 'bench-user-%') u ON u.n = ((g / 10) * 7 + g % 10) % ?",
                    realmId,
                    grants,
                    realmId,
                    users);
            long seeded = Sql.count(
                    node.db(),
                    "SELECT COUNT(*) FROM GA_GRANT WHERE REALM_ID = ? AND RESOURCE_TYPE = 'dataset'",
                    realmId);
            require(seeded == grants, grants + " grants seeded, found " + seeded);
        }
        Sql.update(node.db(), "ANALYZE");
        createClient(admin, gw.name(), node.extension());
        List<String> ids = new ArrayList<>();
        try (var c = node.db().connect();
                var s = c.prepareStatement(
                        "SELECT ID FROM USER_ENTITY WHERE REALM_ID = ? AND USERNAME LIKE 'bench-user-%'")) {
            s.setString(1, realmId);
            try (var rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return new Target(node, gw, realmId, ids);
    }

    /** A confidential client with a service account; with the extension, holding gateway-access-checker. */
    private static void createClient(KeycloakAdmin admin, String realm, boolean checker) {
        String base = admin.baseUrl() + "/admin/realms/" + realm;
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("clientId", CLIENT);
        client.put("publicClient", false);
        client.put("secret", SECRET);
        client.put("serviceAccountsEnabled", true);
        client.put("standardFlowEnabled", false);
        Http.Result created = Http.post(base + "/clients", admin.token(), client);
        require(created.status() == 201, "create client: " + created);
        if (checker) {
            String location = created.header("Location");
            String uuid = location.substring(location.lastIndexOf('/') + 1);
            Http.Result sa = Http.get(base + "/clients/" + uuid + "/service-account-user", admin.token());
            Http.Result granted = admin.grantRole(realm, sa.json().get("id").asText(), "gateway-access-checker");
            require(granted.status() == 204, "grant gateway-access-checker: " + granted);
        }
    }

    /** Token endpoint (and /check, with the extension) from {@code threads} threads for {@code seconds} each. */
    private static String load(Target t, int grants, int threads, int seconds) throws InterruptedException {
        String tokenUrl = t.realm().realmUrl() + "/protocol/openid-connect/token";
        Map<String, String> form =
                Map.of("grant_type", "client_credentials", "client_id", CLIENT, "client_secret", SECRET);
        long tokens =
                closedLoop(threads, seconds, () -> Http.postForm(tokenUrl, form).status() == 200);
        if (!t.node().extension()) {
            return String.format(Locale.ROOT, "%,d token requests", tokens);
        }
        Http.Result token = Http.postForm(tokenUrl, form);
        require(token.status() == 200, "checker token: " + token);
        String bearer = token.json().get("access_token").asText();
        int resources = Math.max(1, (grants + 9) / 10);
        String[] permissions = {"view", "edit", "manage"};
        long checks = closedLoop(threads, seconds, () -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            String body = "{\"userId\":\""
                    + t.userIds().get(random.nextInt(t.userIds().size())) + "\",\"resourceType\":\"dataset\","
                    + "\"resourceId\":\"" + String.format(Locale.ROOT, "ds-%06d", random.nextInt(resources))
                    + "\",\"permission\":\""
                    + permissions[random.nextInt(3)] + "\"}";
            return Http.post(t.realm().api() + "/check", bearer, body).status() == 200;
        });
        return String.format(Locale.ROOT, "%,d token requests, %,d checks", tokens, checks);
    }

    private static long closedLoop(int threads, int seconds, java.util.function.BooleanSupplier request)
            throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int k = 0; k < threads; k++) {
            Thread w = new Thread(
                    () -> {
                        while (System.nanoTime() < deadline) {
                            try {
                                (request.getAsBoolean() ? ok : failed).incrementAndGet();
                            } catch (RuntimeException e) {
                                failed.incrementAndGet();
                            }
                        }
                    },
                    "bench-memory-load-" + k);
            w.setDaemon(true);
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        require(
                failed.get() == 0 || failed.get() < ok.get() / 100,
                failed.get() + " failed requests (of " + (ok.get() + failed.get()) + ")");
        return ok.get();
    }

    private static void report(
            Map<String, List<Double>> heap,
            Map<String, List<Double>> rss,
            Map<String, List<String>> load,
            Map<String, Long> emptyHeap,
            Map<String, Long> emptyRss,
            int runs,
            int users,
            int grants,
            int seconds,
            int threads,
            List<String> quiet)
            throws Exception {
        StringBuilder r = new StringBuilder("# Keycloak memory with " + String.format(Locale.ROOT, "%,d", grants)
                + " grants: with Gateway Access vs plain Keycloak\n\n");
        r.append(Reports.conditions());
        r.append(
                        "- Two Keycloak processes side by side on one PostgreSQL server (a database each), the same distribution with and")
                .append(" without the JAR, `-Xms256m -Xmx1g`. Both: the same realm pair, ")
                .append(users)
                .append(" users each linked to `partner-idp`, one service-account client. With the extension: also ")
                .append(String.format(
                        Locale.ROOT, "%,d resources and %,d user grants", Math.max(1, (grants + 9) / 10), grants))
                .append(
                        " in its tables (SQL). Plain Keycloak has no such tables: it holds the same users and links and nothing else.\n");
        r.append("- Each run: ")
                .append(seconds)
                .append(" s of client-credentials token requests from ")
                .append(threads)
                .append(" threads on each Keycloak, and with the extension ")
                .append(seconds)
                .append(" s of `POST /check` (random user,")
                .append(
                        " resource and permission) as well; then `jcmd GC.run` twice; heap used per `jcmd GC.heap_info`, RSS per")
                .append(" /proc/<pid>/status. Median of ")
                .append(runs)
                .append(" runs (each run in brackets).\n\n");
        r.append("| figure | with Gateway Access | plain Keycloak | ratio |\n| --- | --- | --- | --- |\n");
        r.append(String.format(
                Locale.ROOT,
                "| heap used after full GC, right after start (no realm) | %.1f MiB | %.1f MiB | %s |%n",
                emptyHeap.get("extension") / 1024.0,
                emptyHeap.get("plain") / 1024.0,
                Summary.ratio((double) emptyHeap.get("extension") / emptyHeap.get("plain"))));
        r.append(String.format(
                Locale.ROOT,
                "| RSS right after start (no realm) | %.1f MiB | %.1f MiB | %s |%n",
                emptyRss.get("extension") / 1024.0,
                emptyRss.get("plain") / 1024.0,
                Summary.ratio((double) emptyRss.get("extension") / emptyRss.get("plain"))));
        String size = String.format(Locale.ROOT, "%,d", grants);
        for (Object[] f : new Object[][] {
            {"heap used after full GC, " + size + " grants, after load", heap},
            {"RSS, " + size + " grants, after load", rss}
        }) {
            @SuppressWarnings("unchecked")
            Map<String, List<Double>> m = (Map<String, List<Double>>) f[1];
            double ratio = Stats.median(m.get("extension")) / Stats.median(m.get("plain"));
            r.append("| ")
                    .append(f[0])
                    .append(" | ")
                    .append(Stats.cell(m.get("extension"), "%.1f", " MiB"))
                    .append(" | ")
                    .append(Stats.cell(m.get("plain"), "%.1f", " MiB"))
                    .append(" | ")
                    .append(Summary.ratio(ratio))
                    .append(" |\n");
            Summary.row(
                    "Keycloak " + f[0] + " (plain: same users and links, no grant tables)",
                    String.format(Locale.ROOT, "%.1f MiB", Stats.median(m.get("extension"))),
                    String.format(Locale.ROOT, "%.1f MiB", Stats.median(m.get("plain"))),
                    Summary.ratio(ratio),
                    "",
                    String.valueOf(runs));
        }
        r.append("\nLoad per run: with the extension ")
                .append(String.join("; ", load.get("extension")))
                .append(". Plain: ")
                .append(String.join("; ", load.get("plain")))
                .append(".\n");
        r.append(
                "\nThe issue sets no target for memory. RSS follows the heap the JVM has committed (up to 1 GiB), not only what is live.\n");
        r.append("\nMachine before each run: ").append(String.join("; ", quiet)).append(".\n");
        Reports.write("memory", r.toString());
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("Benchmark check failed: " + what);
        }
    }
}
