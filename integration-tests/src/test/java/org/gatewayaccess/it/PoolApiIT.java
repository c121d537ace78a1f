package org.gatewayaccess.it;

import static org.gatewayaccess.it.support.GatewayRealm.OTHER_IDP;
import static org.gatewayaccess.it.support.GatewayRealm.PARTNER_IDP;
import static org.gatewayaccess.it.support.GatewayRealm.pool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.StreamSupport;
import org.gatewayaccess.it.support.GatewayAccessClient;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.gatewayaccess.keycloak.representation.Pool;
import org.gatewayaccess.keycloak.representation.PoolRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /pools}: CRUD, validation and who may do what, against the real server. */
class PoolApiIT extends RealKeycloakTest {

    private static GatewayRealm gw;

    @BeforeAll
    static void realm() {
        gw = GatewayRealm.create(ADMIN, "pools");
    }

    /** Through the typed client ({@link GatewayAccessClient}): the answers are read as the provider's own records. */
    @Test
    void gatewayAdminCreatesReadsReplacesAndDeletesAPool() {
        GatewayAccessClient client = new GatewayAccessClient(gw.api(), gw.gatewayAdminToken());
        Http.Result created = client.createPoolRaw(new PoolRequest("GPU pool", "A100 nodes", PARTNER_IDP));
        Pool pool = GatewayAccessClient.read(created, 201, Pool.class);
        String id = pool.id();
        assertEquals(gw.api() + "/pools/" + id, created.header("Location"));
        assertEquals("GPU pool", pool.name());
        assertEquals("A100 nodes", pool.description());
        assertEquals(PARTNER_IDP, pool.identityProvider());
        assertTrue(pool.createdAt().endsWith("Z"));

        assertEquals(pool, client.pool(id));
        assertTrue(client.pools().stream().map(Pool::name).toList().contains("GPU pool"));

        // sent as a map: the provider is an explicit null, the description is left out
        Pool replaced = GatewayAccessClient.read(
                client.send("PUT", "/pools/" + id, pool("GPU pool (renamed)", null)), 200, Pool.class);
        assertEquals("GPU pool (renamed)", replaced.name());
        assertNull(
                replaced.identityProvider(),
                "null removes the provider"); // written as null: the client requires the field
        assertNull(replaced.description(), "PUT replaces: an absent description is cleared");

        client.deletePool(id);
        assertError(404, "pool_not_found", client.send("GET", "/pools/" + id, null));
        assertError(404, "pool_not_found", client.send("DELETE", "/pools/" + id, null));
    }

    @Test
    void aTakenNameIsAConflictAndWritesNothing() {
        String token = gw.gatewayAdminToken();
        assertEquals(
                201, Http.post(gw.api() + "/pools", token, pool("dup", null)).status());
        String other = Http.post(gw.api() + "/pools", token, pool("dup-2", null))
                .json()
                .get("id")
                .asText();
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
        assertError(
                400, "unknown_identity_provider", Http.post(gw.api() + "/pools", token, pool("ghost", "no-such-idp")));
        assertEquals(before, Http.get(gw.api() + "/pools", token).json().size());

        String id = Http.post(gw.api() + "/pools", token, pool("real", PARTNER_IDP))
                .json()
                .get("id")
                .asText();
        assertError(
                400,
                "unknown_identity_provider",
                Http.put(gw.api() + "/pools/" + id, token, pool("renamed", "no-such-idp")));
        JsonNode unchanged = Http.get(gw.api() + "/pools/" + id, token).json();
        assertEquals("real", unchanged.get("name").asText());
        assertEquals(PARTNER_IDP, unchanged.get("identityProvider").asText());
    }

    @Test
    void requestsWithoutAValidTokenOfThisRealmAre401WithABearerChallenge() {
        List<String> tokens = java.util.Arrays.asList(
                null, "not-a-jwt", "eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0.", gw.otherRealmToken());
        for (String token : tokens) {
            for (Http.Result r : List.of(
                    Http.get(gw.api() + "/pools", token), Http.post(gw.api() + "/pools", token, pool("x", null)))) {
                assertError(401, "unauthorized", r);
                assertEquals("Bearer realm=\"" + gw.name() + "\"", r.header("WWW-Authenticate"));
            }
        }
    }

    @Test
    void aPlainUserListsAndReadsPoolsButChangesNothing() {
        String id = Http.post(gw.api() + "/pools", gw.gatewayAdminToken(), pool("visible", null))
                .json()
                .get("id")
                .asText();
        String token = gw.plainUserToken();
        assertEquals(200, Http.get(gw.api() + "/pools", token).status());
        assertEquals(200, Http.get(gw.api() + "/pools/" + id, token).status());
        assertError(403, "forbidden", Http.post(gw.api() + "/pools", token, pool("mine", null)));
        assertError(403, "forbidden", Http.put(gw.api() + "/pools/" + id, token, pool("hijacked", null)));
        assertError(403, "forbidden", Http.delete(gw.api() + "/pools/" + id, token));
        assertError(403, "forbidden", Http.get(gw.api() + "/pools/" + id + "/viewers", token));
        // Refused before any lookup: a plain user cannot tell existing user or group ids from made-up ones.
        assertError(
                403, "forbidden", Http.put(gw.api() + "/pools/" + id + "/viewers/" + gw.userId("plain"), token, null));
        assertError(403, "forbidden", Http.put(gw.api() + "/pools/" + id + "/viewers/no-such-user", token, null));
        assertError(403, "forbidden", Http.delete(gw.api() + "/pools/" + id + "/viewer-groups/no-such-group", token));
        assertEquals(
                "visible",
                Http.get(gw.api() + "/pools/" + id, token).json().get("name").asText());
    }

    @Test
    void aReadOnlyAdminReadsViewersButCannotWrite() {
        String id = Http.post(gw.api() + "/pools", gw.gatewayAdminToken(), pool("ro-pool", null))
                .json()
                .get("id")
                .asText();
        String token = gw.readOnlyAdminToken();
        assertEquals(
                200, Http.get(gw.api() + "/pools/" + id + "/viewers", token).status());
        assertError(403, "forbidden", Http.post(gw.api() + "/pools", token, pool("ro-new", null)));
        assertError(403, "forbidden", Http.delete(gw.api() + "/pools/" + id, token));
    }

    @Test
    void keycloakAdminsOfTheRealmAndMasterRealmAdminsManagePools() {
        Http.Result byRealmAdmin =
                Http.post(gw.api() + "/pools", gw.keycloakAdminToken(), pool("by-realm-admin", null));
        assertEquals(201, byRealmAdmin.status(), byRealmAdmin::toString);
        Http.Result byMasterAdmin = Http.post(gw.api() + "/pools", ADMIN.token(), pool("by-master-admin", PARTNER_IDP));
        assertEquals(201, byMasterAdmin.status(), byMasterAdmin::toString);
        String id = byMasterAdmin.json().get("id").asText();
        assertEquals(
                200,
                Http.get(gw.api() + "/pools/" + id + "/viewers", ADMIN.token()).status());
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
        String id = Http.post(gw.api() + "/pools", token, pool("audited", null))
                .json()
                .get("id")
                .asText();
        Http.put(gw.api() + "/pools/" + id, token, pool("audited-2", null));
        Http.delete(gw.api() + "/pools/" + id, token);
        String adminId = gw.userId("gwadmin");

        JsonNode events = ADMIN.adminEvents(gw.name());
        for (String operation : List.of("CREATE", "UPDATE", "DELETE")) {
            assertTrue(
                    StreamSupport.stream(events.spliterator(), false)
                            .anyMatch(e -> operation.equals(
                                            e.path("operationType").asText())
                                    && "GATEWAY_ACCESS_POOL"
                                            .equals(e.path("resourceType").asText())
                                    && ("gateway-access/pools/" + id)
                                            .equals(e.path("resourcePath").asText())
                                    && adminId.equals(
                                            e.path("authDetails").path("userId").asText())),
                    () -> operation + " event for pool " + id + " by " + adminId + " in " + events);
        }
    }

    private static List<String> names(JsonNode pools) {
        return StreamSupport.stream(pools.spliterator(), false)
                .map(p -> p.get("name").asText())
                .toList();
    }
}
