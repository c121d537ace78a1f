package org.gatewayaccess.it;

import static org.gatewayaccess.it.support.GatewayRealm.PARTNER_IDP;
import static org.gatewayaccess.it.support.GatewayRealm.pool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.gatewayaccess.it.support.Database;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.junit.jupiter.api.Test;

/**
 * Rows go when what they refer to goes — including the deletions for which Keycloak
 * fires no per-link event (a user's links and a provider's links are deleted in bulk).
 */
class DeletionCleanupIT extends RealKeycloakTest {

    @Test
    void deletingAUserRemovesTheirGrantsOfEverySource() {
        GatewayRealm gw = GatewayRealm.create(ADMIN, "del-user");
        String token = gw.gatewayAdminToken();
        String pool = Http.post(gw.api() + "/pools", token, pool("p", PARTNER_IDP))
                .json()
                .get("id")
                .asText();
        String user = ADMIN.createUser(gw.name(), "leaver");
        String stays = ADMIN.createUser(gw.name(), "stayer");
        ADMIN.link(gw.name(), user, PARTNER_IDP);
        ADMIN.link(gw.name(), stays, PARTNER_IDP);
        Http.put(gw.api() + "/pools/" + pool + "/viewers/" + user, token, null);

        ADMIN.deleteUser(gw.name(), user);

        JsonNode viewers =
                Http.get(gw.api() + "/pools/" + pool + "/viewers", token).json();
        assertEquals(1, viewers.size(), viewers::toString);
        assertEquals("user:" + stays, viewers.get(0).get("principal").asText());
    }

    @Test
    void aViewerGroupIsListedWithItsPathAndDeletingTheGroupRemovesItsGrant() {
        GatewayRealm gw = GatewayRealm.create(ADMIN, "del-group");
        String token = gw.gatewayAdminToken();
        String pool = Http.post(gw.api() + "/pools", token, pool("p", null))
                .json()
                .get("id")
                .asText();
        Http.Result created = Http.post(
                SERVER.baseUrl() + "/admin/realms/" + gw.name() + "/groups",
                ADMIN.token(),
                java.util.Map.of("name", "Physics"));
        assertEquals(201, created.status(), created::toString);
        String group =
                created.header("Location").substring(created.header("Location").lastIndexOf('/') + 1);
        assertEquals(
                204,
                Http.put(gw.api() + "/pools/" + pool + "/viewer-groups/" + group, token, null)
                        .status());
        JsonNode viewers =
                Http.get(gw.api() + "/pools/" + pool + "/viewers", token).json();
        assertEquals("group:" + group, viewers.get(0).get("principal").asText());
        assertEquals("/Physics", viewers.get(0).get("groupPath").asText());

        assertEquals(
                204,
                Http.delete(SERVER.baseUrl() + "/admin/realms/" + gw.name() + "/groups/" + group, ADMIN.token())
                        .status());

        assertEquals(
                0,
                Http.get(gw.api() + "/pools/" + pool + "/viewers", token).json().size());
        assertError(
                404, "group_not_found", Http.put(gw.api() + "/pools/" + pool + "/viewer-groups/" + group, token, null));
    }

    @Test
    void deletingAnIdentityProviderRevokesItsGrantsKeepsAdminGrantsAndUntiesItsPools() {
        GatewayRealm gw = GatewayRealm.create(ADMIN, "del-idp");
        String token = gw.gatewayAdminToken();
        String pool = Http.post(gw.api() + "/pools", token, pool("p", PARTNER_IDP))
                .json()
                .get("id")
                .asText();
        String linked = ADMIN.createUser(gw.name(), "linked");
        String both = ADMIN.createUser(gw.name(), "both");
        ADMIN.link(gw.name(), linked, PARTNER_IDP);
        ADMIN.link(gw.name(), both, PARTNER_IDP);
        Http.put(gw.api() + "/pools/" + pool + "/viewers/" + both, token, null);

        ADMIN.deleteIdentityProvider(gw.name(), PARTNER_IDP);

        JsonNode viewers =
                Http.get(gw.api() + "/pools/" + pool + "/viewers", token).json();
        assertEquals(1, viewers.size(), viewers::toString);
        assertEquals("user:" + both, viewers.get(0).get("principal").asText());
        assertEquals("admin", viewers.get(0).get("sources").get(0).get("source").asText());
        assertEquals(1, viewers.get(0).get("sources").size());
        assertTrue(Http.get(gw.api() + "/pools/" + pool, token)
                .json()
                .get("identityProvider")
                .isNull());
    }

    @Test
    void deletingARealmLeavesNoRowsBehind() throws Exception {
        GatewayRealm gw = GatewayRealm.create(ADMIN, "del-realm");
        String token = gw.gatewayAdminToken();
        Http.post(gw.api() + "/pools", token, pool("p", PARTNER_IDP));
        String user = ADMIN.createUser(gw.name(), "someone");
        ADMIN.link(gw.name(), user, PARTNER_IDP);
        String realmId = ADMIN.realm(gw.name()).get("id").asText();
        List<String> tables = List.of("GA_POOL", "GA_GRANT", "GA_REALM_STATE");
        for (String table : tables) {
            assertTrue(rows(SERVER.db(), table, realmId) > 0, table + " has the realm's rows before");
        }

        ADMIN.deleteRealm(gw.name());

        assertEquals(404, Http.get(gw.api() + "/pools", token).status());
        for (String table : List.of(
                "GA_POOL", "GA_GRANT", "GA_REALM_STATE", "GA_MEMBERSHIP", "GA_PENDING_USER", "GA_RESOURCE", "GA_JOB")) {
            assertEquals(0, rows(SERVER.db(), table, realmId), table + " rows of the deleted realm");
        }
    }

    private static int rows(Database pg, String table, String realmId) throws Exception {
        try (Connection c = pg.connect();
                PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE REALM_ID = ?")) {
            s.setString(1, realmId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
