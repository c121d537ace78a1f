package org.gatewayaccess.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.gatewayaccess.it.support.FuzzRequests;
import org.gatewayaccess.it.support.FuzzRequests.Request;
import org.gatewayaccess.it.support.GaTables;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.HostileInput;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.OpenApiOperations;
import org.gatewayaccess.it.support.Poll;
import org.gatewayaccess.it.support.RawHttp;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.gatewayaccess.it.support.Sql;
import org.junit.jupiter.api.Test;

/**
 * Thousands of generated malformed requests to every documented operation, as a gateway admin and as a master-realm
 * Keycloak admin (so that they pass authorization and reach the parsing): no 5xx, no stack trace or Java class name in
 * any answer, the contract's JSON error for 400/401/403/404/409, no malformed change accepted, and the extension's
 * tables (every GA_ row) exactly as before. The seed is printed; {@code -Dfuzz.seed=…} replays a run (the requests of
 * each thread are the same; their interleaving is not, which nothing here depends on).
 */
class FuzzIT extends RealKeycloakTest {

    private static final int THREADS = 4;
    private static final int TARGET_REQUESTS = Integer.getInteger("fuzz.requests", 3500);
    private static final long SECONDS = Long.getLong("fuzz.seconds", 80);
    private static final Set<Integer> CONTRACT_ERRORS = Set.of(400, 401, 403, 404, 409);
    private static final Set<String> KEYCLOAK_FILTER_ERRORS =
            Set.of("Blocking invalid query parameter value", "missingNormalization", "invalidCharacter");

    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private final Map<Integer, String> otherStatusSamples = new ConcurrentHashMap<>();
    private final LongAdder noAnswer = new LongAdder();
    private final LongAdder keycloakRefusals = new LongAdder();
    private final LongAdder trailingSlash404s = new LongAdder();

    @Test
    void malformedRequestsAreRefusedWithoutServerErrorsOrLeaksAndChangeNothing() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("FuzzIT seed " + seed + " (replay: -Dfuzz.seed=" + seed + ")");
        GatewayRealm gw = GatewayRealm.create(ADMIN, "fuzz");
        FuzzRequests.Fixtures fixtures = fixtures(gw);
        String gatewayAdmin = gw.gatewayAdminToken();
        List<OpenApiOperations.Operation> operations = OpenApiOperations.all();
        Map<String, TreeSet<String>> before = quietSnapshot();

        AtomicInteger sent = new AtomicInteger();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        for (int t = 0; t < THREADS; t++) {
            Random random = new Random(seed + t);
            FuzzRequests requests = new FuzzRequests(new HostileInput(random), operations, fixtures);
            pool.submit(() -> {
                while (sent.get() < TARGET_REQUESTS && System.nanoTime() < deadline) {
                    sent.incrementAndGet();
                    // both kinds of caller that pass authorization everywhere: requests reach the parsing
                    Request q = requests.next(random.nextBoolean() ? gatewayAdmin : ADMIN.token());
                    try {
                        send(gw, q);
                    } catch (RuntimeException e) {
                        failures.add("the test itself failed on " + q.describe() + ": " + e);
                    }
                }
            });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(SECONDS + 120, TimeUnit.SECONDS), "fuzz threads did not finish");
        Map<String, TreeSet<String>> after = GaTables.snapshot(SERVER.db());

        System.out.println(
                "FuzzIT sent " + sent.get() + " requests (seed " + seed + "); statuses " + new TreeMap<>(statuses)
                        + "; no answer (connection closed) " + noAnswer.sum()
                        + "; refused by Keycloak's request filters before the extension "
                        + keycloakRefusals.sum() + "; Keycloak's default 404 for a trailing slash (known gap) "
                        + trailingSlash404s.sum());
        otherStatusSamples.forEach(
                (status, sample) -> System.out.println("FuzzIT sample of a " + status + ": " + sample));
        System.out.println("FuzzIT GA_ tables: " + GaTables.summary(after));
        List<String> first = new ArrayList<>(failures).subList(0, Math.min(40, failures.size()));
        assertTrue(
                failures.isEmpty(),
                () -> failures.size() + " bad answers (seed " + seed + "), the first:\n" + String.join("\n", first));
        assertTrue(sent.get() >= 1000, "only " + sent.get() + " requests in " + SECONDS + " s");
        assertEquals(
                before,
                after,
                () -> "the GA_ tables changed (seed " + seed + "):\n" + GaTables.diff(before, after, 40));
    }

    /**
     * The limits and existence rules of issue 16, fuzzed from the callers they are about (the test above calls as admins):
     * a plain user whose registration quota is full, registering hostile and valid ids (never 201, never a 5xx, and
     * never {@code createdBy} for a resource it does not manage, visible or hidden); its {@code /me} past both caps;
     * a manager sharing with hostile, unknown and other-realm principals (one 404 for all that are not of the realm);
     * the pending list at and past its page limits. Every answer is 2xx or the contract's JSON 4xx.
     */
    @Test
    void theLimitsAndExistenceRulesHoldForHostileInputFromTheCallersTheyBound() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("FuzzIT limits seed " + seed + " (replay: -Dfuzz.seed=" + seed + ")");
        Random random = new Random(seed);
        HostileInput in = new HostileInput(random);
        GatewayRealm gw = GatewayRealm.create(ADMIN, "fuzzlimits");
        String realmId = ADMIN.realm(gw.name()).get("id").asText();
        String admin = gw.gatewayAdminToken();
        String other = ADMIN.createUser(gw.name(), "other");
        ADMIN.setPassword(gw.name(), other, GatewayRealm.PASSWORD);
        String otherToken = gw.token("other");
        String plain = gw.userId("plain");
        String plainToken = gw.plainUserToken();
        assertEquals(
                201,
                Http.put(gw.api() + "/resources/dataset/hidden-one", admin, null)
                        .status());
        assertEquals(
                201,
                Http.put(gw.api() + "/resources/notebook/nb-shared", otherToken, null)
                        .status());

        // plain: a full quota (10000 registrations) and more than /me lists (1100 ids over 11 types)
        List<Object[]> resources = new ArrayList<>();
        List<Object[]> grants = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < 10_000; i++) {
            String id = String.format("q-%05d", i);
            String type = i < 1100 ? "t-" + (i / 100) : "bulk";
            resources.add(new Object[] {realmId, type, id, plain, now});
            grants.add(new Object[] {realmId, type, id, "user", plain, "manage", "seed", plain, now});
        }
        org.gatewayaccess.it.support.Sql.batch(
                SERVER.db(),
                "INSERT INTO GA_RESOURCE (REALM_ID, RESOURCE_TYPE, RESOURCE_ID, CREATED_BY,"
                        + " CREATED_AT) VALUES (?, ?, ?, ?, ?)",
                resources);
        org.gatewayaccess.it.support.Sql.batch(
                SERVER.db(),
                "INSERT INTO GA_GRANT (REALM_ID, RESOURCE_TYPE, RESOURCE_ID, PRINCIPAL_TYPE,"
                        + " PRINCIPAL_ID, PERMISSION, SOURCE, GRANTED_BY, GRANTED_AT) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                grants);
        String foreignUser = ADMIN.createUser(gw.partnerName(), "foreign");
        String foreignGroup = ADMIN.createGroup(gw.partnerName(), "Foreign");
        List<String> numbers = List.of(
                "-1",
                "0",
                "1",
                "999",
                "1000",
                "1001",
                "9999",
                "10000",
                "10001",
                "2147483647",
                "2147483648",
                "1e3",
                " 1",
                "0x10",
                "",
                "+1",
                "01");
        // 0: no answer (counted in noAnswer); 414/431: a hostile target too long for Keycloak's HTTP server, refused
        // before
        // the extension (the fuzz above sees them too)
        Set<Integer> allowed = Set.of(0, 200, 201, 204, 400, 403, 404, 414, 431);
        Map<String, Integer> seen = new TreeMap<>();
        Map<String, String> notFoundAnswers = new TreeMap<>();

        for (int round = 0; round < 2; round++) {
            boolean discoverable = round == 0;
            JsonNode config = Http.get(gw.api() + "/config", admin).json();
            ((com.fasterxml.jackson.databind.node.ObjectNode) config.get("discovery"))
                    .put("poolsDiscoverable", discoverable);
            assertEquals(200, Http.put(gw.api() + "/config", admin, config).status());
            for (int i = 0; i < 150; i++) {
                // registration by a user whose quota is full: an existing id (its own, hidden, someone else's) or a new
                // one
                String id = in.pick(
                        List.of("hidden-one", "q-00001", "nb-shared", "new-" + random.nextInt(1000000), in.string()));
                String type = in.pick(List.of("dataset", "notebook", "bulk", "t-0", in.string()));
                String path = "/resources/" + FuzzRequests.enc(type.isEmpty() ? "e" : type) + "/"
                        + FuzzRequests.enc(id.isEmpty() ? "e" : id);
                Object body = random.nextInt(4) == 0 ? Map.of("createdBy", in.string()) : null;
                Http.Result put = limitsRequest(gw, "PUT", path, plainToken, body);
                seen.merge("PUT resource " + put.status(), 1, Integer::sum);
                if (put.status() == 201) {
                    failures.add("a registration past the quota was accepted: " + path);
                }
                boolean manages = "q-00001".equals(id) && "t-0".equals(type);
                if (!manages && put.body() != null && put.body().contains("createdBy")) {
                    failures.add("createdBy told to a non-manager: PUT " + path + " → " + shorten(put.body()));
                }
                // a manager sharing with a principal of no realm, of another realm, or malformed
                String principal = in.pick(List.of(
                        "user:" + UUID.randomUUID(),
                        "group:" + UUID.randomUUID(),
                        "user:" + foreignUser,
                        "group:" + foreignGroup,
                        "user:" + in.string(),
                        in.string()));
                Http.Result share = limitsRequest(
                        gw,
                        "PUT",
                        "/resources/notebook/nb-shared/grants",
                        otherToken,
                        Map.of(
                                "principal",
                                principal,
                                "permission",
                                in.pick(List.of("view", "edit", "manage", in.string()))));
                seen.merge("PUT grant " + share.status(), 1, Integer::sum);
                if (share.status() == 204) {
                    failures.add("a grant to a principal not of the realm was accepted: " + principal);
                }
                if (share.status() == 404) {
                    // one answer per kind of principal (user_not_found, group_not_found), whatever the id
                    String kind = principal.startsWith("group:") ? "group" : "user";
                    String answer = share.json().toString();
                    String earlier = notFoundAnswers.putIfAbsent(kind, answer);
                    if (earlier != null && !earlier.equals(answer)) {
                        failures.add("two 404 answers for " + kind + "s not of the realm: " + earlier + " / " + answer);
                    }
                }
                // the pending list at and past its page limits
                String query = "?first=" + FuzzRequests.enc(in.pick(numbers))
                        + (random.nextBoolean() ? "&max=" + FuzzRequests.enc(in.pick(numbers)) : "");
                Http.Result pending = limitsRequest(gw, "GET", "/users/pending" + query, admin, null);
                seen.merge("GET pending " + pending.status(), 1, Integer::sum);
            }
            Http.Result me = limitsRequest(gw, "GET", "/me", plainToken, null);
            assertEquals(200, me.status(), me::toString);
            assertTrue(me.json().get("truncated").asBoolean(), "plain holds more than /me lists");
        }
        System.out.println("FuzzIT limits answers " + seen + "; no answer (connection closed) " + noAnswer.sum()
                + "; 404 answers for principals not of the realm " + notFoundAnswers);
        for (String key : seen.keySet()) {
            int status = Integer.parseInt(key.substring(key.lastIndexOf(' ') + 1));
            if (!allowed.contains(status)) {
                failures.add("status " + key);
            }
        }
        List<String> first = new ArrayList<>(failures).subList(0, Math.min(40, failures.size()));
        assertTrue(
                failures.isEmpty(),
                () -> failures.size() + " bad answers (seed " + seed + "), the first:\n" + String.join("\n", first));
        assertEquals(
                10_000,
                Sql.count(
                        SERVER.db(),
                        "SELECT COUNT(*) FROM GA_RESOURCE WHERE REALM_ID = ? AND CREATED_BY = ?",
                        realmId,
                        plain),
                "plain registered nothing past its quota");
        // its 10,000 resources and 1,000 pending users would slow down every later test that reads all GA_ rows
        ADMIN.deleteRealm(gw.name());
        ADMIN.deleteRealm(gw.partnerName());
    }

    /** One request of the limits fuzz: judged as the main fuzz judges (no 5xx, no leak, the contract's JSON error). */
    private Http.Result limitsRequest(GatewayRealm gw, String method, String path, String token, Object body) {
        Http.Result r;
        try {
            r = Http.send(method, gw.api() + path, token, body);
        } catch (IllegalArgumentException notAUri) {
            return new Http.Result(400, null, "{\"error\":\"not sent\",\"errorMessage\":\"not a URI\"}");
        } catch (java.io.UncheckedIOException closed) {
            // the connection closed without an answer (HTTP/2 GOAWAY on a target Keycloak's server refuses): counted,
            // as
            // the fuzz above counts it, and no answer to judge
            noAnswer.increment();
            return new Http.Result(0, null, "");
        }
        String text = r.body() == null ? "" : r.body();
        if (r.status() >= 500) {
            failures.add(r.status() + " for " + method + " " + path + "\n    answer: " + shorten(text));
        }
        if (HostileInput.LEAK.matcher(text).find()) {
            failures.add("stack trace or class name in the answer to " + method + " " + path);
        }
        if (CONTRACT_ERRORS.contains(r.status())
                && !isContractError(text)
                && KEYCLOAK_FILTER_ERRORS.stream().noneMatch(text::contains)) {
            failures.add(r.status() + " without the contract's JSON error for " + method + " " + path + ": "
                    + shorten(text));
        }
        return r;
    }

    /**
     * A broken multipart or form-urlencoded body used to be a 500 (RESTEasy parsed the form before the resource
     * method ran, "Failed to decode URL", with the whole body in the server log). Form and multipart types are now
     * refused with 415 {@code unsupported_media_type} before any endpoint is matched, as Keycloak's admin API refuses them.
     */
    @Test
    void aBrokenMultipartBodyIsRefusedWithA4xxAsKeycloaksAdminApiDoes() {
        GatewayRealm gw = GatewayRealm.create(ADMIN, "multipart");
        List<Map.Entry<String, String>> headers = List.of(
                Map.entry("Authorization", "Bearer " + ADMIN.token()),
                Map.entry("Accept", "application/json"),
                Map.entry("Content-Type", "multipart/form-data; boundary=x"));
        byte[] body = "{\"name\": \"x\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Http.Result keycloaks = Http.request(
                "POST", URI.create(ADMIN.baseUrl() + "/admin/realms/" + gw.name() + "/groups"), headers, body);
        assertEquals(415, keycloaks.status(), keycloaks::toString);
        List<Map.Entry<String, String>> form =
                List.of(headers.get(0), headers.get(1), Map.entry("Content-Type", "application/x-www-form-urlencoded"));
        byte[] brokenForm = "{\"name\": \"100%\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (String path : List.of("/pools", "/sync", "/check", "/config", "/migrations/roles-to-groups")) {
            Http.Result ours =
                    Http.request(path.equals("/config") ? "PUT" : "POST", URI.create(gw.api() + path), headers, body);
            assertError(415, "unsupported_media_type", ours);
            Http.Result ours2 = Http.request(
                    path.equals("/config") ? "PUT" : "POST", URI.create(gw.api() + path), form, brokenForm);
            assertError(415, "unsupported_media_type", ours2);
        }
        assertEquals(0, Http.get(gw.api() + "/pools", ADMIN.token()).json().size(), "nothing was created");
    }

    private void send(GatewayRealm gw, Request q) {
        String base = "/realms/" + gw.name() + "/gateway-access";
        if (!q.raw()) {
            URI uri;
            try {
                uri = URI.create(SERVER.baseUrl() + base + q.target());
            } catch (IllegalArgumentException notAUri) {
                sendRaw(base, q);
                return;
            }
            Http.Result r;
            try {
                r = Http.request(q.method(), uri, q.headers(), q.body());
            } catch (IllegalArgumentException refusedByTheClient) {
                sendRaw(base, q); // a header value java.net.http will not send
                return;
            } catch (java.io.UncheckedIOException closed) {
                noAnswer.increment();
                return;
            }
            judge(q, r.status(), r.body());
            return;
        }
        sendRaw(base, q);
    }

    private void sendRaw(String base, Request q) {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        q.headers().forEach(h -> headers.merge(h.getKey(), h.getValue(), (a, b) -> a));
        RawHttp.Answer a;
        try {
            a = RawHttp.send(SERVER.baseUrl(), q.method(), base + q.target(), headers, q.body());
        } catch (java.io.UncheckedIOException closed) {
            noAnswer.increment();
            return;
        }
        if (a.status() == 0) {
            noAnswer.increment();
            return;
        }
        judge(
                new Request(q.method(), q.target(), q.headers(), q.body(), true, q.leavesBase(), q.mustFail()),
                a.status(),
                a.text());
    }

    private void judge(Request q, int status, String body) {
        statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
        String text = body == null ? "" : body;
        if (status >= 500) {
            failures.add(status + " for " + q.describe() + "\n    answer: " + shorten(text));
        }
        if (HostileInput.LEAK.matcher(text).find()) {
            failures.add(
                    "stack trace or class name in the answer to " + q.describe() + "\n    answer: " + shorten(text));
        }
        if (q.mustFail() && status >= 200 && status < 300) {
            failures.add("a malformed change was accepted (" + status + "): " + q.describe());
        }
        // a HEAD answer has no body, by HTTP's rules
        if (!q.raw()
                && !q.leavesBase()
                && !q.method().equals("HEAD")
                && CONTRACT_ERRORS.contains(status)
                && !isContractError(text)) {
            if (refusedByKeycloakFirst(status, text, q)) {
                keycloakRefusals.increment();
            } else if (status == 404
                    && text.contains("HTTP 404 Not Found")
                    && q.target().split("\\?")[0].endsWith("/")) {
                // known gap, reported: a trailing slash where an id belongs (DELETE /resources/{type}/) finds no route
                trailingSlash404s.increment();
            } else {
                failures.add(status + " without the contract's JSON error for " + q.describe() + "\n    answer: "
                        + shorten(text));
            }
        }
        if (status >= 400 && !CONTRACT_ERRORS.contains(status)) {
            otherStatusSamples.putIfAbsent(status, q.describe() + " → " + shorten(text));
        }
    }

    /**
     * Keycloak's own request filters refuse some requests before any extension code runs, with bodies of their own:
     * a path that is not normalized ({@code //}, {@code /./}) or holds {@code ;}, a query value with control characters
     * (its HTML error page when the client accepts HTML). Counted and reported, not failed: the extension cannot answer them.
     */
    private static boolean refusedByKeycloakFirst(int status, String text, Request q) {
        if (status != 400) {
            return false;
        }
        if (text.startsWith("<!DOCTYPE html")) {
            return q.headers().stream()
                    .anyMatch(h -> h.getKey().equals("Accept")
                            && (h.getValue().contains("html")
                                    || h.getValue().contains("*/*")
                                    || h.getValue().contains("text/*")));
        }
        try {
            JsonNode json = Http.JSON.readTree(text);
            return json != null
                    && KEYCLOAK_FILTER_ERRORS.contains(json.path("error").asText());
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static boolean isContractError(String text) {
        try {
            JsonNode json = Http.JSON.readTree(text);
            return json != null
                    && json.path("error").isTextual()
                    && json.path("errorMessage").isTextual();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static FuzzRequests.Fixtures fixtures(GatewayRealm gw) {
        String token = gw.gatewayAdminToken();
        String pool = gw.createPool("fuzz-pool", GatewayRealm.PARTNER_IDP);
        Http.Result resource = Http.put(gw.api() + "/resources/dataset/fuzz-fixture", token, null);
        assertEquals(201, resource.status(), resource::toString);
        String user = gw.userId("plain");
        assertEquals(
                204,
                Http.put(gw.api() + "/pools/" + pool + "/viewers/" + user, token, null)
                        .status());
        String job = Http.post(gw.api() + "/sync?dryRun=true", token, null)
                .json()
                .get("id")
                .asText();
        awaitJobDone(gw, job, token);
        return new FuzzRequests.Fixtures(
                gw.name(), pool, job, user, ADMIN.groupId(gw.name(), "/Gateway Users"), "dataset", "fuzz-fixture");
    }

    private static void awaitJobDone(GatewayRealm gw, String job, String token) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (!"running"
                    .equals(Http.get(gw.api() + "/jobs/" + job, token)
                            .json()
                            .path("status")
                            .asText())) {
                return;
            }
            Poll.pause(200);
        }
        throw new AssertionError("job " + job + " still running");
    }

    /** The GA_ tables once two reads a second apart agree: work started before the fuzzing (jobs, after-commit grants) is over. */
    private static Map<String, TreeSet<String>> quietSnapshot() {
        Map<String, TreeSet<String>> last = GaTables.snapshot(SERVER.db());
        for (int i = 0; i < 30; i++) {
            Poll.pause(1000);
            Map<String, TreeSet<String>> now = GaTables.snapshot(SERVER.db());
            if (now.equals(last)) {
                return now;
            }
            last = now;
        }
        throw new AssertionError("the GA_ tables kept changing before the fuzzing started");
    }

    private static String shorten(String s) {
        return s.length() > 400 ? s.substring(0, 400) + "…" : s;
    }
}
