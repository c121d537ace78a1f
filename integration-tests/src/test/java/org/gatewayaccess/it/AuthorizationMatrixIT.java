package org.gatewayaccess.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.gatewayaccess.it.support.ExpiredToken;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.OpenApiOperations;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.gatewayaccess.it.support.Sql;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every endpoint of docs/openapi.yaml × every kind of caller answers exactly the status the contract
 * (shared/api-contract.md, "Callers and authorization") and the endpoint table of docs/api.md give. Each request is
 * valid (existing ids, a correct body, fresh fixtures where a success consumes one), so that who calls is
 * the only thing that changes along a row. The static console files are not in the document: public by design.
 */
class AuthorizationMatrixIT extends RealKeycloakTest {

    /** The columns of {@link #EXPECTED}, in order. */
    enum Who {
        NO_TOKEN,
        EXPIRED,
        OTHER_REALM,
        PLAIN,
        READER,
        GW_ADMIN,
        CHECKER,
        REALM_KC_ADMIN,
        MASTER_ADMIN
    }

    /**
     * Written from the contract, not from observed answers. Where the contract is silent, docs/api.md's table decides:
     * the access checker reads viewers and resource grants (docs/api.md), a master-realm admin has no {@code /me} and must
     * name the user of a check (400), a service account is "a user of the realm", but its client {@code gateway-checker}
     * was not given the client scope {@code gateway-access-admin}, so it may not register resources (403
     * {@code client_not_allowed}, issue 16: every write needs the client grant; the other token columns are issued to
     * {@code gateway-cli}, which has it).
     * Promoting into the admins group (group or gateway role {@code admin}) is the Keycloak admins' only
     * ({@code adminPromotionRequiresRealmAdmin}, on by default). A {@code #variant} is a second row for one operation.
     */
    private static final List<String> EXPECTED = List.of(
            // operation                                              none exp  other plain reader gwadm check kcadm
            // master
            "GET    /pools                                             401  401  401   200   200    200   200   200   200",
            "POST   /pools                                             401  401  401   403   403    201   403   201   201",
            "GET    /pools/{id}                                        401  401  401   200   200    200   200   200   200",
            "PUT    /pools/{id}                                        401  401  401   403   403    200   403   200   200",
            "DELETE /pools/{id}                                        401  401  401   403   403    204   403   204   204",
            "GET    /pools/{id}/viewers                                401  401  401   403   200    200   200   200   200",
            "PUT    /pools/{id}/viewers/{userId}                       401  401  401   403   403    204   403   204   204",
            "DELETE /pools/{id}/viewers/{userId}                       401  401  401   403   403    204   403   204   204",
            "PUT    /pools/{id}/viewer-groups/{groupId}                401  401  401   403   403    204   403   204   204",
            "DELETE /pools/{id}/viewer-groups/{groupId}                401  401  401   403   403    204   403   204   204",
            "GET    /groups                                            401  401  401   403   200    200   403   200   200",
            "GET    /groups/{groupId}/members                          401  401  401   403   200    200   403   200   200",
            "PUT    /groups/{groupId}/members/{userId}                 401  401  401   403   403    204   403   204   204",
            "PUT    /groups/{groupId}/members/{userId} #admins-group   401  401  401   403   403    403   403   204   204",
            "DELETE /groups/{groupId}/members/{userId}                 401  401  401   403   403    200   403   200   200",
            "GET    /users/pending                                     401  401  401   403   200    200   403   200   200",
            "PUT    /users/{userId}/gateway-role                       401  401  401   403   403    204   403   204   204",
            "PUT    /users/{userId}/gateway-role #to-admin             401  401  401   403   403    403   403   204   204",
            "POST   /users/{userId}/activate                           401  401  401   403   403    204   403   204   204",
            "GET    /me                                                401  401  401   200   200    200   200   200   400",
            "POST   /check                                             401  401  401   403   200    200   200   200   200",
            "POST   /check #self                                       401  401  401   200   200    200   200   200   400",
            "POST   /check/batch                                       401  401  401   403   200    200   200   200   200",
            // AuthZEN: public metadata (it names endpoints, no user: a token, even a bad one, is not read); the
            // questions are
            // /check's about another user (evaluation, resource and action search), /check/batch's (evaluations), and
            // the
            // viewer list's (subject search: who may view a pool, never a plain user's question)
            "GET    /.well-known/authzen-configuration                 200  200  200   200   200    200   200   200   200",
            "POST   /access/v1/evaluation                              401  401  401   403   200    200   200   200   200",
            "POST   /access/v1/evaluations                             401  401  401   403   200    200   200   200   200",
            "POST   /access/v1/search/subject                          401  401  401   403   200    200   200   200   200",
            "POST   /access/v1/search/resource                         401  401  401   403   200    200   200   200   200",
            "POST   /access/v1/search/action                           401  401  401   403   200    200   200   200   200",
            "GET    /resources                                         401  401  401   404   404    404   404   404   404",
            "GET    /resources/{type}                                  401  401  401   200   200    200   200   200   200",
            "PUT    /resources/{type}/{id}                             401  401  401   201   201    201   403   201   201",
            "GET    /resources/{type}/{id}                             401  401  401   200   200    200   200   200   200",
            "DELETE /resources/{type}/{id}                             401  401  401   403   403    204   403   204   204",
            "DELETE /resources/{type}/{id} #plain-manages              401  401  401   204   403    204   403   204   204",
            "GET    /resources/{type}/{id}/grants                      401  401  401   403   200    200   200   200   200",
            "GET    /resources/{type}/{id}/grants #plain-manages       401  401  401   200   200    200   200   200   200",
            "PUT    /resources/{type}/{id}/grants                      401  401  401   403   403    204   403   204   204",
            "PUT    /resources/{type}/{id}/grants #plain-manages       401  401  401   204   403    204   403   204   204",
            "DELETE /resources/{type}/{id}/grants                      401  401  401   403   403    204   403   204   204",
            "GET    /config                                            401  401  401   403   200    200   403   200   200",
            "PUT    /config                                            401  401  401   403   403    200   403   200   200",
            "POST   /sync                                              401  401  401   403   403    202   403   202   202",
            "POST   /migrations/roles-to-groups                        401  401  401   403   403    202   403   202   202",
            "GET    /jobs/{id}                                         401  401  401   403   200    200   403   200   200");

    private static final AtomicInteger FRESH = new AtomicInteger();

    private static GatewayRealm gw;
    private static final Map<Who, Supplier<String>> TOKENS = new EnumMap<>(Who.class);
    private static String realmId;
    private static String pool;
    private static String target;
    private static String team;
    private static String usersGroup;
    private static String adminsGroup;
    private static String job;
    private static JsonNode config;

    /** One request of a row: what to send, after an optional setup made as the gateway admin. */
    private record Call(String method, String path, Object body, Runnable setup) {
        Call(String method, String path, Object body) {
            this(method, path, body, () -> {});
        }
    }

    private record Row(String key, String operation, Map<Who, Integer> expected) {}

    @BeforeAll
    static void fixtures() {
        gw = GatewayRealm.create(ADMIN, "authz-matrix");
        realmId = ADMIN.realm(gw.name()).get("id").asText();
        target = ADMIN.createUser(gw.name(), "target");
        team = ADMIN.createGroup(gw.name(), "Team");
        usersGroup = ADMIN.groupId(gw.name(), "/Gateway Users");
        adminsGroup = ADMIN.groupId(gw.name(), "/Admins");
        pool = gw.createPool("fixture-pool", null);
        assertEquals(
                201,
                Http.put(gw.api() + "/resources/dataset/fixture", gw.gatewayAdminToken(), null)
                        .status());
        job = Http.post(gw.api() + "/sync?dryRun=true", gw.gatewayAdminToken(), null)
                .json()
                .get("id")
                .asText();
        config = Http.get(gw.api() + "/config", gw.gatewayAdminToken()).json();

        String expired = ExpiredToken.of(ADMIN, gw, "plain");
        String otherRealm = gw.otherRealmToken();
        String plain = gw.plainUserToken();
        String reader = gw.readOnlyAdminToken();
        String gwAdmin = gw.gatewayAdminToken();
        String checker = gw.checkerToken();
        String kcAdmin = gw.keycloakAdminToken();
        TOKENS.put(Who.NO_TOKEN, () -> null);
        TOKENS.put(Who.EXPIRED, () -> expired);
        TOKENS.put(Who.OTHER_REALM, () -> otherRealm);
        TOKENS.put(Who.PLAIN, () -> plain);
        TOKENS.put(Who.READER, () -> reader);
        TOKENS.put(Who.GW_ADMIN, () -> gwAdmin);
        TOKENS.put(Who.CHECKER, () -> checker);
        TOKENS.put(Who.REALM_KC_ADMIN, () -> kcAdmin);
        TOKENS.put(Who.MASTER_ADMIN, ADMIN::token); // renewed as it goes: a master token lives a minute
    }

    @Test
    void everyDocumentedOperationHasARowAndEveryRowIsADocumentedOperation() {
        Set<String> documented = OpenApiOperations.all().stream()
                .map(OpenApiOperations.Operation::key)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> inTable = rows().stream().map(Row::operation).collect(Collectors.toCollection(TreeSet::new));
        Set<String> missing = new TreeSet<>(documented);
        missing.removeAll(inTable);
        Set<String> stale = new TreeSet<>(inTable);
        stale.removeAll(documented);
        assertTrue(missing.isEmpty(), () -> "operations of docs/openapi.yaml without a row in EXPECTED: " + missing);
        assertTrue(stale.isEmpty(), () -> "rows of EXPECTED that docs/openapi.yaml does not document: " + stale);
    }

    @TestFactory
    Stream<DynamicTest> eachOperationAnswersEachCallerAsTheContractSays() {
        return rows().stream()
                .map(row -> DynamicTest.dynamicTest(row.key(), () -> {
                    List<String> mismatches = new ArrayList<>();
                    for (Who who : Who.values()) {
                        Call call = call(row.key());
                        call.setup().run();
                        Http.Result r = Http.send(
                                call.method(),
                                gw.api() + call.path(),
                                TOKENS.get(who).get(),
                                call.body());
                        int expected = row.expected().get(who);
                        if (r.status() != expected) {
                            mismatches.add(who + ": expected " + expected + ", got " + r);
                        } else if (expected >= 400) {
                            contractError(who, r).ifPresent(mismatches::add);
                        }
                    }
                    if (!mismatches.isEmpty()) {
                        fail(row.key() + ":\n  " + String.join("\n  ", mismatches));
                    }
                }));
    }

    /** An error's body is the contract's JSON, and a 401 names the realm in {@code WWW-Authenticate}. */
    private static java.util.Optional<String> contractError(Who who, Http.Result r) {
        JsonNode body;
        try {
            body = Http.JSON.readTree(r.body());
        } catch (java.io.IOException e) {
            return java.util.Optional.of(who + ": error body is not JSON: " + r);
        }
        if (body == null
                || !body.path("error").isTextual()
                || !body.path("errorMessage").isTextual()) {
            return java.util.Optional.of(who + ": error body is not {error, errorMessage}: " + r);
        }
        if (r.status() == 401 && !("Bearer realm=\"" + gw.name() + "\"").equals(r.header("WWW-Authenticate"))) {
            return java.util.Optional.of(
                    who + ": 401 without WWW-Authenticate Bearer realm: " + r.header("WWW-Authenticate"));
        }
        return java.util.Optional.empty();
    }

    private static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (String line : EXPECTED) {
            String[] cells = line.trim().split("\\s+");
            boolean variant = cells[2].startsWith("#");
            int first = variant ? 3 : 2;
            assertEquals(first + Who.values().length, cells.length, () -> "columns of: " + line);
            Map<Who, Integer> expected = new LinkedHashMap<>();
            for (Who who : Who.values()) {
                expected.put(who, Integer.parseInt(cells[first + who.ordinal()]));
            }
            String operation = cells[0] + " " + cells[1];
            rows.add(new Row(variant ? operation + " " + cells[2] : operation, operation, expected));
        }
        return rows;
    }

    /** A valid request for the row, made anew for each caller (fresh ids where a success would use one up). */
    private static Call call(String key) {
        String resource = "/resources/dataset/fixture";
        return switch (key) {
            case "GET /pools" -> get("/pools");
            case "POST /pools" -> new Call("POST", "/pools", Map.of("name", fresh("pool")));
            case "GET /pools/{id}" -> get("/pools/" + pool);
            case "PUT /pools/{id}" -> new Call("PUT", "/pools/" + pool, Map.of("name", fresh("renamed")));
            case "DELETE /pools/{id}" -> new Call("DELETE", "/pools/" + gw.createPool(fresh("doomed"), null), null);
            case "GET /pools/{id}/viewers" -> get("/pools/" + pool + "/viewers");
            case "PUT /pools/{id}/viewers/{userId}" -> new Call("PUT", "/pools/" + pool + "/viewers/" + target, null);
            case "DELETE /pools/{id}/viewers/{userId}" -> afterAdminPut("/pools/" + pool + "/viewers/" + target);
            case "PUT /pools/{id}/viewer-groups/{groupId}" ->
                new Call("PUT", "/pools/" + pool + "/viewer-groups/" + team, null);
            case "DELETE /pools/{id}/viewer-groups/{groupId}" ->
                afterAdminPut("/pools/" + pool + "/viewer-groups/" + team);
            case "GET /groups" -> get("/groups");
            case "GET /groups/{groupId}/members" -> get("/groups/" + usersGroup + "/members");
            case "PUT /groups/{groupId}/members/{userId}" ->
                new Call("PUT", "/groups/" + usersGroup + "/members/" + target, null);
            case "PUT /groups/{groupId}/members/{userId} #admins-group" ->
                new Call("PUT", "/groups/" + adminsGroup + "/members/" + freshUser(), null);
            case "DELETE /groups/{groupId}/members/{userId}" ->
                afterAdminPut("/groups/" + usersGroup + "/members/" + target);
            case "GET /users/pending" -> get("/users/pending");
            case "PUT /users/{userId}/gateway-role" ->
                new Call("PUT", "/users/" + target + "/gateway-role", Map.of("role", "gateway-user"));
            case "PUT /users/{userId}/gateway-role #to-admin" ->
                new Call("PUT", "/users/" + freshUser() + "/gateway-role", Map.of("role", "admin"));
            case "POST /users/{userId}/activate" ->
                new Call("POST", "/users/" + freshPendingUser() + "/activate", Map.of("role", "gateway-user"));
            case "GET /me" -> get("/me");
            case "POST /check" -> new Call("POST", "/check", check(target));
            case "POST /check #self" -> new Call("POST", "/check", check(null));
            case "POST /check/batch" -> new Call("POST", "/check/batch", Map.of("checks", List.of(check(target))));
            case "GET /.well-known/authzen-configuration" -> get("/.well-known/authzen-configuration");
            case "POST /access/v1/evaluation" ->
                new Call(
                        "POST",
                        "/access/v1/evaluation",
                        Map.of("subject", user(target), "resource", poolRef(pool), "action", view()));
            case "POST /access/v1/evaluations" ->
                new Call(
                        "POST",
                        "/access/v1/evaluations",
                        Map.of(
                                "subject",
                                user(target),
                                "action",
                                view(),
                                "evaluations",
                                List.of(Map.of("resource", poolRef(pool)))));
            case "POST /access/v1/search/subject" ->
                new Call(
                        "POST",
                        "/access/v1/search/subject",
                        Map.of("subject", Map.of("type", "user"), "resource", poolRef(pool), "action", view()));
            case "POST /access/v1/search/resource" ->
                new Call(
                        "POST",
                        "/access/v1/search/resource",
                        Map.of("subject", user(target), "resource", Map.of("type", "pool"), "action", view()));
            case "POST /access/v1/search/action" ->
                new Call(
                        "POST", "/access/v1/search/action", Map.of("subject", user(target), "resource", poolRef(pool)));
            case "GET /resources" -> get("/resources");
            case "GET /resources/{type}" -> get("/resources/dataset");
            case "PUT /resources/{type}/{id}" -> new Call("PUT", "/resources/dataset/" + fresh("new"), null);
            case "GET /resources/{type}/{id}" -> get(resource);
            case "DELETE /resources/{type}/{id}" -> new Call("DELETE", freshResource(gw.gatewayAdminToken()), null);
            case "DELETE /resources/{type}/{id} #plain-manages" ->
                new Call("DELETE", freshResource(gw.plainUserToken()), null);
            case "GET /resources/{type}/{id}/grants" -> get(resource + "/grants");
            case "GET /resources/{type}/{id}/grants #plain-manages" ->
                get(freshResource(gw.plainUserToken()) + "/grants");
            case "PUT /resources/{type}/{id}/grants" -> new Call("PUT", resource + "/grants", grant());
            case "PUT /resources/{type}/{id}/grants #plain-manages" ->
                new Call("PUT", freshResource(gw.plainUserToken()) + "/grants", grant());
            case "DELETE /resources/{type}/{id}/grants" ->
                new Call(
                        "DELETE",
                        resource + "/grants?principal=user:" + target + "&permission=view",
                        null,
                        () -> adminSends("PUT", resource + "/grants", grant(), 204));
            case "GET /config" -> get("/config");
            case "PUT /config" -> new Call("PUT", "/config", config);
            case "POST /sync" -> new Call("POST", "/sync?dryRun=true", null);
            case "POST /migrations/roles-to-groups" ->
                new Call("POST", "/migrations/roles-to-groups?dryRun=true", null);
            case "GET /jobs/{id}" -> get("/jobs/" + job);
            default -> throw new IllegalStateException("no request written for the row " + key);
        };
    }

    private static Call get(String path) {
        return new Call("GET", path, null);
    }

    /** DELETE of what the gateway admin has just PUT, so that each caller's DELETE has something to remove. */
    private static Call afterAdminPut(String path) {
        return new Call("DELETE", path, null, () -> adminSends("PUT", path, null, 204));
    }

    private static void adminSends(String method, String path, Object body, int status) {
        Http.Result r = Http.send(method, gw.api() + path, gw.gatewayAdminToken(), body);
        assertEquals(status, r.status(), () -> "setup " + method + " " + path + ": " + r);
    }

    private static Map<String, Object> check(String userId) {
        Map<String, Object> check = new LinkedHashMap<>();
        if (userId != null) {
            check.put("userId", userId);
        }
        check.put("resourceType", "pool");
        check.put("resourceId", pool);
        check.put("permission", "view");
        return check;
    }

    private static Map<String, Object> user(String id) {
        return Map.of("type", "user", "id", id);
    }

    private static Map<String, Object> poolRef(String id) {
        return Map.of("type", "pool", "id", id);
    }

    private static Map<String, Object> view() {
        return Map.of("name", "view");
    }

    private static Map<String, Object> grant() {
        return Map.of("principal", "user:" + target, "permission", "view");
    }

    private static String fresh(String prefix) {
        return prefix + "-" + FRESH.incrementAndGet();
    }

    private static String freshUser() {
        return ADMIN.createUser(gw.name(), fresh("user"));
    }

    /** A resource registered by the holder of {@code token} (who then manages it); its path. */
    private static String freshResource(String token) {
        String path = "/resources/dataset/" + fresh("owned");
        Http.Result r = Http.put(gw.api() + path, token, null);
        assertEquals(201, r.status(), r::toString);
        return path;
    }

    /**
     * A user awaiting activation. The row is written straight into GA_PENDING_USER: how users become pending
     * (registration, brokered first login) is PendingApprovalIT's subject, not this one's.
     */
    private static String freshPendingUser() {
        String userId = freshUser();
        Sql.update(
                SERVER.db(),
                "INSERT INTO GA_PENDING_USER (REALM_ID, USER_ID, IDENTITY_PROVIDER, CREATED_AT) VALUES (?, ?, NULL, ?)",
                realmId,
                userId,
                System.currentTimeMillis());
        return userId;
    }
}
