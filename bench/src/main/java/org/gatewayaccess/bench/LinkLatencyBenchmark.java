package org.gatewayaccess.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.Sql;

/**
 * Latency of Keycloak's admin API linking a user to an identity provider
 * ({@code POST /admin/realms/{realm}/users/{id}/federated-identity/{alias}}) and unlinking it ({@code DELETE} of the
 * same), with the extension and without it, in one run on two Keycloak processes side by side ({@link SideBySide}).
 * <p>
 * Both Keycloaks get the same realm pair ({@link GatewayRealm}: gateway realm with OIDC provider {@code partner-idp})
 * and {@code bench.linkUsers} users seeded with SQL. With the extension, {@code bench.pools} pools are tied to
 * {@code partner-idp}, so each link writes that many grants (and each unlink removes them) before the admin API
 * answers — checked after every chunk by counting the grants. One admin token per call (fetched before the clock
 * starts), one keep-alive HTTP client, sequential calls, as a script or the admin console makes them.
 * <p>
 * Each run links, then unlinks, every user, in chunks of 25 users, alternating which Keycloak goes first from chunk to
 * chunk, so that both see the same machine. Per run and Keycloak: p50 and p99 of each operation, and the Keycloak
 * process's CPU time per operation. Every figure is the median of {@code bench.runs} runs after an untimed warm-up.
 */
public final class LinkLatencyBenchmark {

    private static final int CHUNK = 25;

    private LinkLatencyBenchmark() {}

    /** One Keycloak's realm for this benchmark. */
    private record Target(SideBySide.Node node, GatewayRealm realm, String realmId, List<String> userIds) {}

    public static void main(String[] args) throws Exception {
        int users = Integer.getInteger("bench.linkUsers", 200);
        int pools = Integer.getInteger("bench.pools", 3);
        int runs = Integer.getInteger("bench.runs", 3);
        int warmupRounds = Integer.getInteger("bench.linkWarmupRounds", 2);
        int quietWait = Integer.getInteger("bench.quietWaitSeconds", 600);
        try (SideBySide both = SideBySide.start()) {
            List<Target> targets = new ArrayList<>();
            for (SideBySide.Node node : both.nodes()) {
                targets.add(setUp(node, users, pools));
            }
            for (int w = 0; w < warmupRounds; w++) {
                round(targets, pools, w, null);
            }
            Map<String, List<double[]>> perRun =
                    new HashMap<>(); // variant -> per run {link p50, link p99, unlink p50, unlink p99, cpu ms/op}
            List<String> quiet = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                quiet.add(Machine.waitForQuiet(quietWait));
                Map<String, Measured> m = new HashMap<>();
                targets.forEach(t -> m.put(t.node().variant(), new Measured()));
                round(targets, pools, run, m);
                for (Target t : targets) {
                    Measured x = m.get(t.node().variant());
                    double[] figures = {
                        Stats.percentileMillis(Stats.toArray(x.link), 0.5),
                        Stats.percentileMillis(Stats.toArray(x.link), 0.99),
                        Stats.percentileMillis(Stats.toArray(x.unlink), 0.5),
                        Stats.percentileMillis(Stats.toArray(x.unlink), 0.99),
                        x.cpuNanos / 1e6 / (x.link.size() + x.unlink.size())
                    };
                    perRun.computeIfAbsent(t.node().variant(), k -> new ArrayList<>())
                            .add(figures);
                    System.out.printf(
                            Locale.ROOT,
                            "run %d %-9s link p50 %.2f ms p99 %.2f ms, unlink p50 %.2f ms p99 %.2f ms, Keycloak CPU %.2f ms/op%n",
                            run + 1,
                            t.node().variant(),
                            figures[0],
                            figures[1],
                            figures[2],
                            figures[3],
                            figures[4]);
                }
            }
            report(perRun, runs, users, pools, quiet);
        }
    }

    private static Target setUp(SideBySide.Node node, int users, int pools) {
        GatewayRealm gw = GatewayRealm.create(node.admin(), "link");
        String realmId = node.admin().realm(gw.name()).get("id").asText();
        if (node.extension()) {
            String token = gw.gatewayAdminToken();
            for (int p = 0; p < pools; p++) {
                Http.Result r = Http.post(
                        gw.api() + "/pools", token, GatewayRealm.pool("bench-pool-" + p, GatewayRealm.PARTNER_IDP));
                require(r.status() == 201, "create pool: " + r);
            }
        }
        Sql.update(
                node.db(),
                "INSERT INTO USER_ENTITY (ID, EMAIL_CONSTRAINT, EMAIL_VERIFIED, ENABLED, REALM_ID, USERNAME, CREATED_TIMESTAMP, NOT_BEFORE)"
                        + " SELECT u.id, u.id, false, true, ?, 'bench-user-' || g, 0, 0 FROM generate_series(1, ?) g,"
                        + " LATERAL (SELECT gen_random_uuid()::text AS id, g AS n) u",
                realmId,
                users);
        Sql.update(node.db(), "ANALYZE");
        List<String> ids = new ArrayList<>();
        try (var c = node.db().connect();
                var s = c.prepareStatement(
                        "SELECT ID FROM USER_ENTITY WHERE REALM_ID = ? AND USERNAME LIKE 'bench-user-%' ORDER BY USERNAME")) {
            s.setString(1, realmId);
            try (var rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return new Target(node, gw, realmId, ids);
    }

    private static final class Measured {
        final List<Long> link = new ArrayList<>();
        final List<Long> unlink = new ArrayList<>();
        long cpuNanos;
    }

    /** Every user linked then unlinked, chunk by chunk, the Keycloaks taking turns to go first. */
    private static void round(List<Target> targets, int pools, int round, Map<String, Measured> measured) {
        int users = targets.get(0).userIds().size();
        for (int from = 0, chunk = 0; from < users; from += CHUNK, chunk++) {
            int to = Math.min(users, from + CHUNK);
            for (int k = 0; k < targets.size(); k++) {
                Target t = targets.get((k + chunk + round) % targets.size());
                Measured m = measured == null ? null : measured.get(t.node().variant());
                ProcessHandle java = Machine.javaOf(t.node().process());
                long cpu0 = cpuNanos(java);
                for (String id : t.userIds().subList(from, to)) {
                    long nanos = call(t, "POST", id);
                    if (m != null) {
                        m.link.add(nanos);
                    }
                }
                long cpu1 = cpuNanos(java);
                expectGrants(t, pools, to - from);
                long cpu2 = cpuNanos(java);
                for (String id : t.userIds().subList(from, to)) {
                    long nanos = call(t, "DELETE", id);
                    if (m != null) {
                        m.unlink.add(nanos);
                    }
                }
                long cpu3 = cpuNanos(java);
                expectGrants(t, pools, 0);
                if (m != null) {
                    m.cpuNanos += (cpu1 - cpu0) + (cpu3 - cpu2);
                }
            }
        }
    }

    /** One admin-API call, timed from sending the request to reading the whole response. */
    private static long call(Target t, String method, String userId) {
        String url = t.node().baseUrl() + "/admin/realms/" + t.realm().name() + "/users/" + userId
                + "/federated-identity/" + GatewayRealm.PARTNER_IDP;
        String token = t.node().admin().token();
        Object body = "POST".equals(method)
                ? Map.of(
                        "identityProvider",
                        GatewayRealm.PARTNER_IDP,
                        "userId",
                        "ext-" + userId,
                        "userName",
                        "ext-" + userId)
                : null;
        long t0 = System.nanoTime();
        Http.Result r = Http.send(method, url, token, body);
        long nanos = System.nanoTime() - t0;
        require(r.status() == 204, method + " federated-identity on " + t.node().variant() + ": " + r);
        return nanos;
    }

    /** With the extension, every linked user of the realm is a viewer of every pool: {@code pools × linked} grants. */
    private static void expectGrants(Target t, int pools, int linked) {
        if (!t.node().extension()) {
            return;
        }
        long grants = Sql.count(
                t.node().db(),
                "SELECT COUNT(*) FROM GA_GRANT WHERE REALM_ID = ? AND SOURCE = ?",
                t.realmId(),
                "identity-provider:" + GatewayRealm.PARTNER_IDP);
        require(grants == (long) pools * linked, "expected " + pools * linked + " link grants, found " + grants);
    }

    private static long cpuNanos(ProcessHandle p) {
        return p.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    private static void report(Map<String, List<double[]>> perRun, int runs, int users, int pools, List<String> quiet)
            throws Exception {
        String[] names = {"link p50", "link p99", "unlink p50", "unlink p99", "Keycloak CPU per call"};
        String[] figures = {
            "admin-API link (`POST users/{id}/federated-identity/{alias}`) p50",
            "admin-API link p99",
            "admin-API unlink (`DELETE users/{id}/federated-identity/{alias}`) p50",
            "admin-API unlink p99",
            "Keycloak CPU time per link or unlink"
        };
        StringBuilder r =
                new StringBuilder("# Admin-API link and unlink latency: with Gateway Access vs plain Keycloak\n\n");
        r.append(Reports.conditions());
        r.append(
                        "- Two Keycloak processes side by side on one PostgreSQL server (a database each), the same distribution with and")
                .append(
                        " without the JAR, the same realm pair (gateway realm with OIDC provider `partner-idp`). With the extension, ")
                .append(pools)
                .append(" pools are tied to `partner-idp`, so each link writes ")
                .append(pools)
                .append(" grants and each unlink removes them (counted after every chunk).\n");
        r.append("- ")
                .append(users)
                .append(" users (seeded with SQL) linked, then unlinked, one call at a time, in chunks of ")
                .append(CHUNK)
                .append(
                        ", the two Keycloaks taking turns to go first; one keep-alive client; the token is fetched before the clock starts.")
                .append(" Median of ")
                .append(runs)
                .append(" runs (each run in brackets), after an untimed warm-up.\n\n");
        r.append("| figure | with Gateway Access | plain Keycloak | ratio |\n| --- | --- | --- | --- |\n");
        List<double[]> ext = perRun.get("extension");
        List<double[]> plain = perRun.get("plain");
        for (int i = 0; i < names.length; i++) {
            int f = i;
            List<Double> e = ext.stream().map(v -> v[f]).toList();
            List<Double> p = plain.stream().map(v -> v[f]).toList();
            double ratio = Stats.median(e) / Stats.median(p);
            r.append("| ")
                    .append(names[i])
                    .append(" | ")
                    .append(Stats.cell(e, "%.2f", " ms"))
                    .append(" | ")
                    .append(Stats.cell(p, "%.2f", " ms"))
                    .append(" | ")
                    .append(Summary.ratio(ratio))
                    .append(" |\n");
            Summary.row(
                    figures[i],
                    String.format(Locale.ROOT, "%.2f ms", Stats.median(e)),
                    String.format(Locale.ROOT, "%.2f ms", Stats.median(p)),
                    Summary.ratio(ratio),
                    i < 4 ? Summary.atMost(ratio, 1.10) : "",
                    runs + " × " + users + " calls");
        }
        r.append("\nTarget (issue 7): link and unlink latency with the extension ≤ 1.10× plain Keycloak's.\n");
        r.append("\nMachine before each run: ").append(String.join("; ", quiet)).append(".\n");
        Reports.write("link-latency", r.toString());
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("Benchmark check failed: " + what);
        }
    }
}
