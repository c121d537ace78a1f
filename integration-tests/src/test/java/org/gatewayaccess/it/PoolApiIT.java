package org.gatewayaccess.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.gatewayaccess.it.support.GatewayRealm.OTHER_IDP;
import static org.gatewayaccess.it.support.GatewayRealm.PARTNER_IDP;
import static org.gatewayaccess.it.support.GatewayRealm.pool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /pools}: CRUD, validation and who may do what, against the real server. */
class PoolApiIT extends RealKeycloakTest {

    private static GatewayRealm gw;

    @BeforeAll
    static void realm() {
        gw = GatewayRealm.create(ADMIN, "pools");
    }

    @Test
    void gatewayAdminCreatesReadsReplacesAndDeletesAPool() {
        String token = gw.gatewayAdminToken();
        Map<String, Object> body = new HashMap<>(pool("GPU pool", PARTNER_IDP));
        body.put("description", "A100 nodes");
        Http.Result created = Http.post(gw.api() + "/pools", token, body);
        assertEquals(201, created.status(), created::toString);
        JsonNode pool = created.json();
        String id = pool.get("id").asText();
        assertEquals(gw.api() + "/pools/" + id, created.header("Location"));
        assertEquals("GPU pool", pool.get("name").asText());
        assertEquals("A100 nodes", pool.get("description").asText());
        assertEquals(PARTNER_IDP, pool.get("identityProvider").asText());
        assertTrue(pool.get("createdAt").asText().endsWith("Z"));

        assertEquals(pool, Http.get(gw.api() + "/pools/" + id, token).json());
        assertTrue(names(Http.get(gw.api() + "/pools", token).json()).contains("GPU pool"));

        Http.Result replaced = Http.put(gw.api() + "/pools/" + id, token, pool("GPU pool (renamed)", null));
        assertEquals(200, replaced.status(), replaced::toString);
        assertEquals("GPU pool (renamed)", replaced.json().get("name").asText());
        assertTrue(replaced.json().get("identityProvider").isNull(), "null removes the provider");
        assertTrue(replaced.json().get("description").isNull(), "PUT replaces: an absent description is cleared");

        assertEquals(204, Http.delete(gw.api() + "/pools/" + id, token).status());
        assertError(404, "pool_not_found", Http.get(gw.api() + "/pools/" + id, token));
        assertError(404, "pool_not_found", Http.delete(gw.api() + "/pools/" + id, token));
    }

    @Test
    void aTakenNameIsAConflictAndWritesNothing() {
        String token = gw.gatewayAdminToken();
        assertEquals(201, Http.post(gw.api() + "/pools", token, pool("dup", null)).status());
        String other = Http.post(gw.api() + "/pools", token, pool("dup-2", null)).json().get("id").asText();
        int before = Http.get(gw.api() + "/pools", token).json().size();

        assertError(409, "pool_name_taken", Http.post(gw.api() + "/pools", token, pool("dup", null)));
        assertError(409, "pool_name_taken", Http.put(gw.api() + "/pools/" + other, token, pool("dup", OTHER_IDP)));

        assertEquals(before, Http.get(gw.api() + "/pools", token).json().size());
        JsonNode unchanged = Http.get(gw.api() + "/pools/" + other, token).json();
        assertEquals("dup-2", unchanged.get("name").asText());
        assertTrue(unchanged.get("identityProvider").isNull());
    }

    @Test
    void anUnknownIdentityProviderIsRefusedOnCreateAndReplaceAndWritesNothing() {
        String token = gw.gatewayAdminToken();
        int before = Http.get(gw.api() + "/pools", token).json().size();
        assertError(400, "unknown_identity_provider", Http.post(gw.api() + "/pools", token, pool("ghost", "no-such-idp")));
        assertEquals(before, Http.get(gw.api() + "/pools", token).json().size());

        String id = Http.post(gw.api() + "/pools", token, pool("real", PARTNER_IDP)).json().get("id").asText();
        assertError(400, "unknown_identity_provider", Http.put(gw.api() + "/pools/" + id, token, pool("renamed", "no-such-idp")));
        JsonNode unchanged = Http.get(gw.api() + "/pools/" + id, token).json();
        assertEquals("real", unchanged.get("name").asText());
        assertEquals(PARTNER_IDP, unchanged.get("identityProvider").asText());
    }

    @Test
    void requestsWithoutAValidTokenOfThisRealmAre401WithABearerChallenge() {
        List<String> tokens = java.util.Arrays.asList(null, "not-a-jwt", "eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0.", gw.otherRealmToken());
        for (String token : tokens) {
            for (Http.Result r : List.of(Http.get(gw.api() + "/pools", token), Http.post(gw.api() + "/pools", token, pool("x", null)))) {
                assertError(401, "unauthorized", r);
                assertEquals("Bearer realm=\"" + gw.name() + "\"", r.header("WWW-Authenticate"));
            }
        }
    }

    @Test
    void aPlainUserListsAndReadsPoolsButChangesNothing() {
        String id = Http.post(gw.api() + "/pools", gw.gatewayAdminToken(), pool("visible", null)).json().get("id").asText();
        String token = gw.plainUserToken();
        assertEquals(200, Http.get(gw.api() + "/pools", token).status());
        assertEquals(200, Http.get(gw.api() + "/pools/" + id, token).status());
        assertError(403, "forbidden", Http.post(gw.api() + "/pools", token, pool("mine", null)));
        assertError(403, "forbidden", Http.put(gw.api() + "/pools/" + id, token, pool("hijacked", null)));
        assertError(403, "forbidden", Http.delete(gw.api() + "/pools/" + id, token));
        assertError(403, "forbidden", Http.get(gw.api() + "/pools/" + id + "/viewers", token));
        // Refused before any lookup: a plain user cannot tell existing user or group ids from made-up ones.
        assertError(403, "forbidden", Http.put(gw.api() + "/pools/" + id + "/viewers/" + gw.userId("plain"), token, null));
        assertError(403, "forbidden", Http.put(gw.api() + "/pools/" + id + "/viewers/no-such-user", token, null));
        assertError(403, "forbidden", Http.delete(gw.api() + "/pools/" + id + "/viewer-groups/no-such-group", token));
        assertEquals("visible", Http.get(gw.api() + "/pools/" + id, token).json().get("name").asText());
    }

    @Test
    void aReadOnlyAdminReadsViewersButCannotWrite() {
        String id = Http.post(gw.api() + "/pools", gw.gatewayAdminToken(), pool("ro-pool", null)).json().get("id").asText();
        String token = gw.readOnlyAdminToken();
        assertEquals(200, Http.get(gw.api() + "/pools/" + id + "/viewers", token).status());
        assertError(403, "forbidden", Http.post(gw.api() + "/pools", token, pool("ro-new", null)));
        assertError(403, "forbidden", Http.delete(gw.api() + "/pools/" + id, token));
    }

    @Test
    void keycloakAdminsOfTheRealmAndMasterRealmAdminsManagePools() {
        Http.Result byRealmAdmin = Http.post(gw.api() + "/pools", gw.keycloakAdminToken(), pool("by-realm-admin", null));
        assertEquals(201, byRealmAdmin.status(), byRealmAdmin::toString);
        Http.Result byMasterAdmin = Http.post(gw.api() + "/pools", ADMIN.token(), pool("by-master-admin", PARTNER_IDP));
        assertEquals(201, byMasterAdmin.status(), byMasterAdmin::toString);
        String id = byMasterAdmin.json().get("id").asText();
        assertEquals(200, Http.get(gw.api() + "/pools/" + id + "/viewers", ADMIN.token()).status());
        assertEquals(204, Http.delete(gw.api() + "/pools/" + id, ADMIN.token()).status());
    }

    @Test
    void unknownPathsUnderTheBaseAnswerTheContractsJson404() {
        String token = gw.gatewayAdminToken();
        assertError(404, "not_found", Http.get(gw.api() + "/no-such-thing", token));
        assertError(404, "not_found", Http.post(gw.api() + "/pools/a/b/c", token, "{}"));
        assertError(404, "not_found", Http.get(gw.api(), token));
    }

    @Test
    void everyPoolMutationIsAKeycloakAdminEventNamingTheCaller() {
        String token = gw.gatewayAdminToken();
        String id = Http.post(gw.api() + "/pools", token, pool("audited", null)).json().get("id").asText();
        Http.put(gw.api() + "/pools/" + id, token, pool("audited-2", null));
        Http.delete(gw.api() + "/pools/" + id, token);
        String adminId = gw.userId("gwadmin");

        JsonNode events = ADMIN.adminEvents(gw.name());
        for (String operation : List.of("CREATE", "UPDATE", "DELETE")) {
            assertTrue(StreamSupport.stream(events.spliterator(), false).anyMatch(e ->
                    operation.equals(e.path("operationType").asText())
                        && "GATEWAY_ACCESS_POOL".equals(e.path("resourceType").asText())
                        && ("gateway-access/pools/" + id).equals(e.path("resourcePath").asText())
                        && adminId.equals(e.path("authDetails").path("userId").asText())),
                () -> operation + " event for pool " + id + " by " + adminId + " in " + events);
        }
    }

    private static List<String> names(JsonNode pools) {
        return StreamSupport.stream(pools.spliterator(), false).map(p -> p.get("name").asText()).toList();
    }
}
