package org.gatewayaccess.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gatewayaccess.it.support.GatewayAccessClient;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.gatewayaccess.keycloak.representation.CheckAnswer;
import org.gatewayaccess.keycloak.representation.CheckBatchRequest;
import org.gatewayaccess.keycloak.representation.CheckRequest;
import org.gatewayaccess.keycloak.representation.Me;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /me}, {@code /check}, {@code /check/batch}: who may ask, and what the answers follow. */
class AuthorizationIT extends RealKeycloakTest {

    private GatewayRealm gw;
    private String plain;
    private String checker;

    @BeforeEach
    void realm() {
        gw = GatewayRealm.create(ADMIN, "authz");
        plain = gw.userId("plain");
    }

    @Test
    void meDescribesTheCallersRoleGroupsPoolsAndResources() {
        String seen = gw.createPool("seen", null);
        gw.createPool("unseen", null);
        assertEquals(
                204,
                Http.put(gw.api() + "/pools/" + seen + "/viewers/" + plain, gw.gatewayAdminToken(), null)
                        .status());
        assertEquals(
                201,
                Http.put(gw.api() + "/resources/dataset/d-1", gw.plainUserToken(), null)
                        .status());
        assertEquals(
                201,
                Http.put(gw.api() + "/resources/notebook/n-1", gw.gatewayAdminToken(), null)
                        .status());
        assertEquals(
                204,
                Http.put(
                                gw.api() + "/resources/notebook/n-1/grants",
                                gw.gatewayAdminToken(),
                                Map.of("principal", "user:" + plain, "permission", "edit"))
                        .status());

        // through the typed client: the answer is read as the provider's Me record, exactly (gatewayRole written as
        // null)
        Me me = new GatewayAccessClient(gw.api(), gw.plainUserToken()).me();
        assertEquals(plain, me.userId());
        assertEquals("plain", me.username());
        assertNull(me.gatewayRole(), me::toString);
        assertEquals(0, me.groups().size(), me::toString);
        assertEquals(1, me.pools().size(), me::toString);
        assertEquals(seen, me.pools().get(0).id());
        assertEquals("seen", me.pools().get(0).name());
        assertEquals(List.of("view"), me.pools().get(0).permissions());
        assertEquals(
                List.of("view", "edit", "manage"), me.resources().get("dataset").get("d-1"));
        assertEquals(List.of("view", "edit"), me.resources().get("notebook").get("n-1"));

        Me admin = new GatewayAccessClient(gw.api(), gw.gatewayAdminToken()).me();
        assertEquals(1, admin.groups().size(), admin::toString);
        assertEquals("/Admins", admin.groups().get(0).path());
        assertEquals("admin", admin.groups().get(0).sources().get(0).source(), "as the realm import set it up");
        assertEquals(List.of("view", "edit"), admin.resources().get("dataset").get("d-1"), "seeded for admins");

        assertError(401, null, Http.get(gw.api() + "/me", null));
        assertError(400, "not_a_realm_user", Http.get(gw.api() + "/me", ADMIN.token()));
    }

    @Test
    void checkFollowsUserAndGroupGrantsSubgroupsAndImpliedPermissions() {
        double checksBefore = SERVER.metric("gateway_access_checks_total");
        double cacheBefore = SERVER.metric("gateway_access_decision_cache_total");
        String token = gw.gatewayAdminToken();
        assertEquals(
                201,
                Http.put(gw.api() + "/resources/dataset/shared", token, null).status());
        assertEquals(Map.of("view", false, "edit", false, "manage", false), permissions(plain, "dataset", "shared"));

        share("dataset", "shared", "user:" + plain, "view", token);
        assertEquals(Map.of("view", true, "edit", false, "manage", false), permissions(plain, "dataset", "shared"));

        String team = ADMIN.createGroup(gw.name(), "Team");
        Http.Result child = Http.post(
                ADMIN.baseUrl() + "/admin/realms/" + gw.name() + "/groups/" + team + "/children",
                ADMIN.token(),
                Map.of("name", "Sub Team"));
        assertEquals(201, child.status(), child::toString);
        String subTeam = ADMIN.groupId(gw.name(), "/Team/Sub Team");
        share("dataset", "shared", "group:" + team, "manage", token);
        assertEquals(
                Map.of("view", true, "edit", false, "manage", false),
                permissions(plain, "dataset", "shared"),
                "not a member yet");

        assertEquals(204, ADMIN.joinGroup(gw.name(), plain, subTeam).status());
        assertEquals(
                Map.of("view", true, "edit", true, "manage", true),
                permissions(plain, "dataset", "shared"),
                "a member of a subgroup holds the parent group's grants");
        assertEquals(204, ADMIN.leaveGroup(gw.name(), plain, subTeam).status());
        assertEquals(
                Map.of("view", true, "edit", false, "manage", false),
                permissions(plain, "dataset", "shared"),
                "left: seen at once");

        assertEquals(
                204,
                Http.delete(
                                gw.api() + "/resources/dataset/shared/grants?principal=user:" + plain
                                        + "&permission=view",
                                token)
                        .status());
        assertEquals(
                Map.of("view", false, "edit", false, "manage", false),
                permissions(plain, "dataset", "shared"),
                "revoked: seen at once");

        // pools are resources of type "pool"; a disabled user holds nothing; an unknown user holds nothing
        String pool = gw.createPool("checked", null);
        assertEquals(
                204,
                Http.put(gw.api() + "/pools/" + pool + "/viewers/" + plain, token, null)
                        .status());
        assertTrue(allowed(plain, "pool", pool, "view"));
        ObjectNode disable = Http.JSON.createObjectNode().put("enabled", false);
        assertEquals(
                204,
                Http.put(ADMIN.baseUrl() + "/admin/realms/" + gw.name() + "/users/" + plain, ADMIN.token(), disable)
                        .status());
        assertTrue(!allowed(plain, "pool", pool, "view"), "disabled");
        assertEquals(
                204,
                Http.put(
                                ADMIN.baseUrl() + "/admin/realms/" + gw.name() + "/users/" + plain,
                                ADMIN.token(),
                                Http.JSON.createObjectNode().put("enabled", true))
                        .status());
        assertTrue(allowed(plain, "pool", pool, "view"), "enabled again");
        assertTrue(!allowed("00000000-0000-0000-0000-000000000000", "pool", pool, "view"), "unknown user");
        // 22 checks answered above (6 × 3 permissions + 4), each consulting the decision cache; on /metrics
        assertEquals(checksBefore + 22, SERVER.metric("gateway_access_checks_total"));
        assertTrue(SERVER.metric("gateway_access_decision_cache_total") >= cacheBefore + 22);
        assertTrue(SERVER.metric("gateway_access_check_requests_seconds_count") >= 22);
        // histogram buckets (they add up across nodes), no per-node quantiles: the default bounds, 1 ms to 1 s, and
        // +Inf
        String metrics = SERVER.metricsText();
        for (String le : List.of("0.001", "0.005", "0.1", "1.0", "+Inf")) {
            assertTrue(
                    metrics.lines()
                            .anyMatch(l -> l.startsWith("gateway_access_check_requests_seconds_bucket{")
                                    && l.contains("endpoint=\"check\"")
                                    && l.contains("le=\"" + le + "\"")),
                    () -> "bucket le=" + le + " in " + metrics);
        }
        assertTrue(
                metrics.lines()
                        .noneMatch(
                                l -> l.startsWith("gateway_access_check_requests_seconds{") && l.contains("quantile=")),
                "no quantiles");
        assertEquals(
                SERVER.metric("gateway_access_check_requests_seconds_count"),
                SERVER.metric("gateway_access_check_requests_seconds_bucket", "le=\"+Inf\""),
                "the +Inf buckets count every request");
    }

    @Test
    void aUserChecksItselfAndOnlyAdminsReadersCheckersAndKeycloakAdminsCheckOthers() {
        String pool = gw.createPool("mine", null);
        assertEquals(
                204,
                Http.put(gw.api() + "/pools/" + pool + "/viewers/" + plain, gw.gatewayAdminToken(), null)
                        .status());
        Map<String, Object> self = Map.of("resourceType", "pool", "resourceId", pool, "permission", "view");
        Map<String, Object> aboutPlain = new HashMap<>(self);
        aboutPlain.put("userId", plain);
        Map<String, Object> aboutReader = new HashMap<>(self);
        aboutReader.put("userId", gw.userId("reader"));

        assertEquals(
                true,
                ok(Http.post(gw.api() + "/check", gw.plainUserToken(), self))
                        .get("allowed")
                        .asBoolean());
        assertEquals(
                true,
                ok(Http.post(gw.api() + "/check", gw.plainUserToken(), aboutPlain))
                        .get("allowed")
                        .asBoolean(),
                "itself by id");
        assertError(403, "forbidden", Http.post(gw.api() + "/check", gw.plainUserToken(), aboutReader));
        assertEquals(
                false,
                ok(Http.post(gw.api() + "/check", gw.readOnlyAdminToken(), self))
                        .get("allowed")
                        .asBoolean(),
                "the reader itself holds nothing on the pool");
        for (String token : List.of(
                gw.readOnlyAdminToken(),
                gw.gatewayAdminToken(),
                gw.checkerToken(),
                gw.keycloakAdminToken(),
                ADMIN.token())) {
            assertEquals(
                    true,
                    ok(Http.post(gw.api() + "/check", token, aboutPlain))
                            .get("allowed")
                            .asBoolean());
        }
        assertError(400, "missing_field", Http.post(gw.api() + "/check", ADMIN.token(), self));
        assertError(401, null, Http.post(gw.api() + "/check", null, self));
        assertError(401, null, Http.post(gw.api() + "/check", gw.otherRealmToken(), self));

        // bad input: 400 naming the problem
        assertError(
                400,
                "invalid_value",
                Http.post(
                        gw.api() + "/check",
                        gw.plainUserToken(),
                        Map.of("resourceType", "pool", "resourceId", pool, "permission", "own")));
        assertError(
                400,
                "invalid_value",
                Http.post(
                        gw.api() + "/check",
                        gw.plainUserToken(),
                        Map.of("resourceType", "Pool!", "resourceId", pool, "permission", "view")));
        assertError(
                400,
                "missing_field",
                Http.post(gw.api() + "/check", gw.plainUserToken(), Map.of("resourceType", "pool")));
        assertError(
                400,
                "invalid_type",
                Http.post(
                        gw.api() + "/check",
                        gw.plainUserToken(),
                        Map.of("resourceType", "pool", "resourceId", 7, "permission", "view")));
        assertError(
                400,
                "unknown_field",
                Http.post(
                        gw.api() + "/check",
                        gw.plainUserToken(),
                        Map.of("resourceType", "pool", "resourceId", pool, "permission", "view", "user", plain)));
    }

    @Test
    void aBatchIsAnsweredInOrderAndRefusedWholeWhenOneCheckIsBad() {
        String pool = gw.createPool("batch", null);
        assertEquals(
                204,
                Http.put(gw.api() + "/pools/" + pool + "/viewers/" + plain, gw.gatewayAdminToken(), null)
                        .status());
        // through the typed client: requests and answers are the provider's records
        List<CheckRequest> checks = new ArrayList<>();
        checks.add(new CheckRequest(plain, "pool", pool, "view"));
        checks.add(new CheckRequest(plain, "pool", pool, "edit"));
        checks.add(new CheckRequest(gw.userId("reader"), "pool", pool, "view"));
        checks.add(new CheckRequest(null, "pool", pool, "view"));
        List<CheckAnswer> results = new GatewayAccessClient(gw.api(), gw.checkerToken())
                .checkBatch(checks)
                .results();
        assertEquals(4, results.size());
        assertEquals(
                List.of(true, false, false, false),
                results.stream().map(CheckAnswer::allowed).toList(),
                "in order; the last asks about the service account itself");

        GatewayAccessClient plainUser = new GatewayAccessClient(gw.api(), gw.plainUserToken());
        assertError(403, "forbidden", plainUser.send("POST", "/check/batch", new CheckBatchRequest(checks)));
        List<CheckRequest> own = List.of(new CheckRequest(null, "pool", pool, "view"));
        assertEquals(true, plainUser.checkBatch(own).results().get(0).allowed());

        List<Object> oneBad = new ArrayList<>(checks);
        oneBad.add(Map.of("resourceType", "pool", "resourceId", pool, "permission", "admin"));
        JsonNode error = assertError(
                400,
                "invalid_value",
                Http.post(gw.api() + "/check/batch", gw.checkerToken(), Map.of("checks", oneBad)));
        assertTrue(error.get("errorMessage").asText().startsWith("checks[4]"), error::toString);
        List<Object> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(checks.get(0));
        }
        assertError(
                400,
                "too_many_checks",
                Http.post(gw.api() + "/check/batch", gw.checkerToken(), Map.of("checks", tooMany)));
        assertEquals(
                1000,
                ok(Http.post(gw.api() + "/check/batch", gw.checkerToken(), Map.of("checks", tooMany.subList(0, 1000))))
                        .get("results")
                        .size());
        assertError(
                400,
                "invalid_request",
                Http.post(gw.api() + "/check/batch", gw.checkerToken(), Map.of("checks", "all")));
    }

    private Map<String, Boolean> permissions(String userId, String type, String id) {
        Map<String, Boolean> answers = new HashMap<>();
        for (String p : List.of("view", "edit", "manage")) {
            answers.put(p, allowed(userId, type, id, p));
        }
        return answers;
    }

    private boolean allowed(String userId, String type, String id, String permission) {
        if (checker == null) {
            checker = gw.checkerToken();
        }
        return ok(Http.post(
                        gw.api() + "/check",
                        checker,
                        Map.of("userId", userId, "resourceType", type, "resourceId", id, "permission", permission)))
                .get("allowed")
                .asBoolean();
    }

    private void share(String type, String id, String principal, String permission, String token) {
        Http.Result r = Http.put(
                gw.api() + "/resources/" + type + "/" + id + "/grants",
                token,
                Map.of("principal", principal, "permission", permission));
        assertEquals(204, r.status(), r::toString);
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    static JsonNode ok(Http.Result r) {
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }
}
