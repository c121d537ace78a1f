package org.gatewayaccess.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.gatewayaccess.it.support.BrowserSession;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.Sql;

/**
 * Brokered-login throughput with the extension and without it, on two Keycloak processes side by side
 * ({@link SideBySide}). In each Keycloak, realm {@code <gateway>} has realm {@code <gateway>-partner} of the same
 * Keycloak as its OIDC identity provider {@code partner-idp} ({@link GatewayRealm}); with the extension,
 * {@code bench.pools} pools are tied to {@code partner-idp}, so a first login (which creates and links the user) also
 * makes the user a viewer of each of them.
 * <p>
 * One login is the whole browser flow over HTTP, without a browser and without SSO cookies (a fresh cookie jar each
 * time, {@link BrowserSession}): {@code GET} the gateway's authorization endpoint with {@code kc_idp_hint=partner-idp}
 * → redirects to the partner's login form → {@code POST} of username and password → redirects through the broker
 * endpoint back to the client's redirect URI with a code → the code exchanged at the gateway's token endpoint (must
 * give an access token). {@code bench.loginThreads} threads run logins back to back (closed loop).
 * <ul>
 *   <li>first logins: {@code bench.loginUsers} partner users new to the gateway per run (at most
 *       {@code 3 × bench.loginSeconds});</li>
 *   <li>repeated logins: random users that have logged in before, for {@code bench.loginSeconds} (at most
 *       {@code bench.maxLogins}).</li>
 * </ul>
 * Per run the two Keycloaks alternate phase by phase (which goes first changes from run to run). Each figure is the
 * median of {@code bench.runs} runs after a warm-up; the Keycloak process's CPU time per login is reported as well.
 */
public final class BrokeredLoginBenchmark {

    private BrokeredLoginBenchmark() {}

    private record Target(SideBySide.Node node, GatewayRealm realm, String realmId, List<String> loggedIn) {}

    /** One phase on one Keycloak. */
    private record Phase(
            long ok,
            long errors,
            long elapsedNanos,
            double p50,
            double p99,
            double cpuMillisPerLogin,
            List<String> samples) {
        double perSecond() {
            return ok * 1e9 / elapsedNanos;
        }
    }

    public static void main(String[] args) throws Exception {
        int users = Integer.getInteger("bench.loginUsers", 50);
        int threads = Integer.getInteger("bench.loginThreads", 4);
        int seconds = Integer.getInteger("bench.loginSeconds", 20);
        int maxLogins = Integer.getInteger("bench.maxLogins", 20_000);
        int warmupSeconds = Integer.getInteger("bench.loginWarmupSeconds", 20);
        int pools = Integer.getInteger("bench.pools", 3);
        int runs = Integer.getInteger("bench.runs", 3);
        int quietWait = Integer.getInteger("bench.quietWaitSeconds", 600);
        try (SideBySide both = SideBySide.start()) {
            List<Target> targets = new ArrayList<>();
            for (SideBySide.Node node : both.nodes()) {
                targets.add(setUp(node, pools, users, runs, threads));
            }
            for (Target t : targets) {
                Phase first = firstLogins(
                        t, "bench-w-", Math.max(threads, users / 2), threads, 3 * Math.max(seconds, warmupSeconds));
                Phase again = repeatedLogins(t, threads, warmupSeconds, maxLogins);
                System.out.printf(
                        Locale.ROOT,
                        "warm-up %-9s first %s; repeated %s%n",
                        t.node().variant(),
                        describe(first),
                        describe(again));
                expectGrants(t, pools);
            }
            Map<String, List<Phase>> first = new HashMap<>();
            Map<String, List<Phase>> again = new HashMap<>();
            List<String> quiet = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                quiet.add(Machine.waitForQuiet(quietWait));
                for (int k = 0; k < targets.size(); k++) {
                    Target t = targets.get((k + run) % targets.size());
                    Phase p = firstLogins(t, "bench-r" + run + "-", users, threads, 3 * seconds);
                    first.computeIfAbsent(t.node().variant(), v -> new ArrayList<>())
                            .add(p);
                    System.out.printf(
                            Locale.ROOT,
                            "run %d %-9s first logins    %s%n",
                            run + 1,
                            t.node().variant(),
                            describe(p));
                    expectGrants(t, pools);
                }
                for (int k = 0; k < targets.size(); k++) {
                    Target t = targets.get((k + run) % targets.size());
                    Phase p = repeatedLogins(t, threads, seconds, maxLogins);
                    again.computeIfAbsent(t.node().variant(), v -> new ArrayList<>())
                            .add(p);
                    System.out.printf(
                            Locale.ROOT,
                            "run %d %-9s repeated logins %s%n",
                            run + 1,
                            t.node().variant(),
                            describe(p));
                }
            }
            report(first, again, runs, users, threads, seconds, pools, quiet);
        }
    }

    private static Target setUp(SideBySide.Node node, int pools, int users, int runs, int threads) {
        GatewayRealm gw = GatewayRealm.create(node.admin(), "broker");
        String realmId = node.admin().realm(gw.name()).get("id").asText();
        if (node.extension()) {
            String token = gw.gatewayAdminToken();
            for (int p = 0; p < pools; p++) {
                Http.Result r = Http.post(
                        gw.api() + "/pools", token, GatewayRealm.pool("bench-pool-" + p, GatewayRealm.PARTNER_IDP));
                require(r.status() == 201, "create pool: " + r);
            }
        }
        // Partner users, created by a partial import (one admin call): warm-up users, then a fresh set per run.
        ObjectNode body = Http.JSON.createObjectNode();
        body.put("ifResourceExists", "FAIL");
        ArrayNode list = body.putArray("users");
        int warmup = Math.max(threads, users / 2);
        for (int i = 0; i < warmup; i++) {
            partnerUser(list, "bench-w-" + i);
        }
        for (int run = 0; run < runs; run++) {
            for (int i = 0; i < users; i++) {
                partnerUser(list, "bench-r" + run + "-" + i);
            }
        }
        Http.Result imported = Http.post(
                node.baseUrl() + "/admin/realms/" + gw.partnerName() + "/partialImport",
                node.admin().token(),
                body);
        require(imported.status() == 200, "partial import of partner users: " + imported);
        return new Target(node, gw, realmId, Collections.synchronizedList(new ArrayList<>()));
    }

    private static void partnerUser(ArrayNode users, String username) {
        ObjectNode user = users.addObject();
        user.put("username", username);
        user.put("enabled", true);
        user.put("email", username + "@partner.example.org");
        user.put("emailVerified", true);
        user.put("firstName", username);
        user.put("lastName", "Bench");
        ObjectNode credential = user.putArray("credentials").addObject();
        credential.put("type", "password");
        credential.put("value", GatewayRealm.PASSWORD);
        credential.put("temporary", false);
    }

    private static Phase firstLogins(Target t, String prefix, int users, int threads, int maxSeconds)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        return load(t, threads, maxSeconds, users, () -> {
            int i = next.getAndIncrement();
            return i < users ? prefix + i : null;
        });
    }

    private static Phase repeatedLogins(Target t, int threads, int seconds, int maxLogins) throws InterruptedException {
        List<String> known = List.copyOf(t.loggedIn());
        require(!known.isEmpty(), "users who logged in before");
        return load(
                t,
                threads,
                seconds,
                maxLogins,
                () -> known.get(ThreadLocalRandom.current().nextInt(known.size())));
    }

    /** Closed loop: {@code threads} threads, each logging in the next user until there is none, time is up or the cap is reached. */
    private static Phase load(Target t, int threads, int maxSeconds, int cap, java.util.function.Supplier<String> users)
            throws InterruptedException {
        ProcessHandle java = Machine.javaOf(t.node().process());
        long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
        AtomicLong started = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        Map<String, Long> samples = new ConcurrentHashMap<>();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long cpu0 = cpuNanos(java);
        long t0 = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int k = 0; k < threads; k++) {
            Thread w = new Thread(
                    () -> {
                        while (System.nanoTime() < deadline && started.incrementAndGet() <= cap) {
                            String user = users.get();
                            if (user == null) {
                                return;
                            }
                            long a = System.nanoTime();
                            try {
                                login(t, user);
                                latencies.add(System.nanoTime() - a);
                                if (user.startsWith("bench-r") || user.startsWith("bench-w-")) {
                                    synchronized (t.loggedIn()) {
                                        if (!t.loggedIn().contains(user)) {
                                            t.loggedIn().add(user);
                                        }
                                    }
                                }
                            } catch (RuntimeException | AssertionError e) {
                                errors.incrementAndGet();
                                String what = String.valueOf(e.getMessage());
                                what = what.length() > 300 ? what.substring(0, 300) + "…" : what;
                                if (samples.size() < 5 || samples.containsKey(what)) {
                                    samples.merge(what, 1L, Long::sum);
                                }
                            }
                        }
                    },
                    "bench-login-" + k);
            w.setDaemon(true);
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        long elapsed = System.nanoTime() - t0;
        long cpu = cpuNanos(java) - cpu0;
        long[] all = Stats.toArray(latencies);
        return new Phase(
                all.length,
                errors.get(),
                elapsed,
                Stats.percentileMillis(all, 0.5),
                Stats.percentileMillis(all, 0.99),
                all.length == 0 ? Double.NaN : cpu / 1e6 / all.length,
                samples.entrySet().stream()
                        .map(e -> e.getValue() + "× " + e.getKey())
                        .sorted()
                        .toList());
    }

    /** The whole flow for one user; throws if any step does not go as a browser would see it. */
    private static void login(Target t, String username) {
        GatewayRealm gw = t.realm();
        BrowserSession browser = new BrowserSession();
        String authorize =
                gw.realmUrl() + "/protocol/openid-connect/auth?response_type=code&client_id=" + GatewayRealm.WEB_CLIENT
                        + "&scope=openid&kc_idp_hint=" + GatewayRealm.PARTNER_IDP + "&redirect_uri="
                        + URLEncoder.encode(GatewayRealm.WEB_REDIRECT, StandardCharsets.UTF_8);
        BrowserSession.Page loginPage = browser.open(authorize, GatewayRealm.WEB_REDIRECT);
        require(
                loginPage.url().getPath().startsWith("/realms/" + gw.partnerName() + "/"),
                "expected the partner's login page, got " + loginPage.url() + " " + loginPage.status());
        BrowserSession.Page done = browser.submit(
                loginPage.form("kc-form-login"),
                Map.of("username", username, "password", GatewayRealm.PASSWORD),
                GatewayRealm.WEB_REDIRECT);
        String query = done.url().getRawQuery();
        require(
                done.url().toString().startsWith(GatewayRealm.WEB_REDIRECT) && query != null && query.contains("code="),
                "expected the redirect back with a code, got " + done.url() + " " + done.status() + " "
                        + abbreviate(done.body()));
        String code = null;
        for (String pair : query.split("&")) {
            if (pair.startsWith("code=")) {
                code = java.net.URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
            }
        }
        Http.Result token = Http.postForm(
                gw.realmUrl() + "/protocol/openid-connect/token",
                Map.of(
                        "grant_type",
                        "authorization_code",
                        "code",
                        code,
                        "client_id",
                        GatewayRealm.WEB_CLIENT,
                        "redirect_uri",
                        GatewayRealm.WEB_REDIRECT));
        require(
                token.status() == 200 && token.body().contains("\"access_token\""),
                "code exchange: " + abbreviate(token.toString()));
    }

    /** With the extension, every gateway user linked to partner-idp is a viewer of every pool. */
    private static void expectGrants(Target t, int pools) {
        if (!t.node().extension()) {
            return;
        }
        long links = Sql.count(
                t.node().db(),
                "SELECT COUNT(*) FROM FEDERATED_IDENTITY WHERE REALM_ID = ? AND IDENTITY_PROVIDER = ?",
                t.realmId(),
                GatewayRealm.PARTNER_IDP);
        long grants = Sql.count(
                t.node().db(),
                "SELECT COUNT(*) FROM GA_GRANT WHERE REALM_ID = ? AND SOURCE = ?",
                t.realmId(),
                "identity-provider:" + GatewayRealm.PARTNER_IDP);
        require(
                grants == pools * links,
                links + " linked users but " + grants + " link grants (expected " + pools * links + ")");
    }

    private static long cpuNanos(ProcessHandle p) {
        return p.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    private static String describe(Phase p) {
        return String.format(
                Locale.ROOT,
                "%d ok, %d errors in %.1f s: %.2f logins/s, p50 %.0f ms, p99 %.0f ms, Keycloak CPU %.1f ms/login%s",
                p.ok(),
                p.errors(),
                p.elapsedNanos() / 1e9,
                p.perSecond(),
                p.p50(),
                p.p99(),
                p.cpuMillisPerLogin(),
                p.samples().isEmpty() ? "" : " " + p.samples());
    }

    private static void report(
            Map<String, List<Phase>> first,
            Map<String, List<Phase>> again,
            int runs,
            int users,
            int threads,
            int seconds,
            int pools,
            List<String> quiet)
            throws Exception {
        StringBuilder r = new StringBuilder("# Brokered-login throughput: with Gateway Access vs plain Keycloak\n\n");
        r.append(Reports.conditions());
        r.append(
                        "- Two Keycloak processes side by side on one PostgreSQL server (a database each), the same distribution with and")
                .append(
                        " without the JAR. In each, the gateway realm has the partner realm of the same Keycloak as OIDC provider")
                .append(" `partner-idp`; with the extension ")
                .append(pools)
                .append(" pools are tied to it (a first login grants ")
                .append(pools)
                .append(" pool views, checked after every phase).\n");
        r.append(
                        "- One login: authorization endpoint with `kc_idp_hint` → partner login form → POST credentials → broker endpoint →")
                .append(" redirect with a code → code exchanged for tokens; a fresh cookie jar each time (no SSO), ")
                .append(threads)
                .append(" threads back to back. First logins: ")
                .append(users)
                .append(" new users per run; repeated logins: ")
                .append(seconds)
                .append(" s of users who logged in before. Median of ")
                .append(runs)
                .append(" runs (each run in brackets), after a warm-up; the Keycloaks take turns phase by phase.\n\n");
        r.append(
                "| figure | with Gateway Access | plain Keycloak | ratio | errors (with / plain) |\n| --- | --- | --- | --- | --- |\n");
        row(r, "repeated logins per second", again, Phase::perSecond, "%.2f", "/s", runs, seconds + " s", true);
        row(r, "repeated login p50", again, Phase::p50, "%.0f", " ms", runs, null, false);
        row(r, "Keycloak CPU per repeated login", again, Phase::cpuMillisPerLogin, "%.1f", " ms", runs, null, false);
        row(
                r,
                "first (creating, linking) logins per second",
                first,
                Phase::perSecond,
                "%.2f",
                "/s",
                runs,
                users + " users",
                false);
        row(r, "first login p50", first, Phase::p50, "%.0f", " ms", runs, null, false);
        row(r, "Keycloak CPU per first login", first, Phase::cpuMillisPerLogin, "%.1f", " ms", runs, null, false);
        r.append("\nTarget (issue 7): brokered-login throughput with the extension ≥ 0.95× plain Keycloak's.\n");
        List<String> notes = new ArrayList<>();
        for (Map<String, List<Phase>> m : List.of(first, again)) {
            m.forEach((variant, phases) ->
                    phases.forEach(p -> p.samples().forEach(s -> notes.add(variant + ": " + s))));
        }
        if (!notes.isEmpty()) {
            r.append("\nErrors seen:\n\n");
            notes.stream()
                    .distinct()
                    .limit(20)
                    .forEach(n -> r.append("- ").append(n.replace("|", "\\|")).append('\n'));
        }
        r.append("\nMachine before each run: ").append(String.join("; ", quiet)).append(".\n");
        Reports.write("brokered-login", r.toString());
    }

    private static void row(
            StringBuilder r,
            String name,
            Map<String, List<Phase>> m,
            java.util.function.ToDoubleFunction<Phase> f,
            String format,
            String unit,
            int runs,
            String summaryRuns,
            boolean target) {
        List<Double> e = m.get("extension").stream().map(f::applyAsDouble).toList();
        List<Double> p = m.get("plain").stream().map(f::applyAsDouble).toList();
        double ratio = Stats.median(e) / Stats.median(p);
        long errE = m.get("extension").stream().mapToLong(Phase::errors).sum();
        long errP = m.get("plain").stream().mapToLong(Phase::errors).sum();
        r.append("| ")
                .append(name)
                .append(" | ")
                .append(Stats.cell(e, format, unit))
                .append(" | ")
                .append(Stats.cell(p, format, unit))
                .append(" | ")
                .append(Summary.ratio(ratio))
                .append(" | ")
                .append(errE)
                .append(" / ")
                .append(errP)
                .append(" |\n");
        if (summaryRuns != null) {
            Summary.row(
                    "brokered " + name,
                    String.format(Locale.ROOT, format, Stats.median(e)) + unit,
                    String.format(Locale.ROOT, format, Stats.median(p)) + unit,
                    Summary.ratio(ratio),
                    target ? Summary.atLeast(ratio, 0.95) : "",
                    runs + " × " + summaryRuns + (errE + errP > 0 ? "; errors " + errE + " / " + errP : ""));
        }
    }

    private static String abbreviate(String s) {
        String one = s == null ? "" : s.replace('\n', ' ');
        return one.length() > 300 ? one.substring(0, 300) + "…" : one;
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("Benchmark check failed: " + what);
        }
    }
}
