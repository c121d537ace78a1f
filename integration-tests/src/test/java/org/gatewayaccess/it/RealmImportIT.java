package org.gatewayaccess.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A realm import creates the gateway's system groups, the declared pools, and grants for links in the import. */
class RealmImportIT extends RealKeycloakTest {

    @Test
    void importedLinksAndDeclaredPoolsMeetAsViewerGrants() {
        String realm = "import-" + System.nanoTime();
        ObjectNode json = realmWithProvider(realm);
        json.putObject("attributes").put("gatewayAccess.pools",
            "[{\"name\":\"declared\",\"description\":\"from the import\",\"identityProvider\":\"partner-idp\"}]");
        ObjectNode user = json.putArray("users").addObject();
        user.put("username", "imported");
        user.put("enabled", true);
        user.putArray("federatedIdentities").addObject()
            .put("identityProvider", "partner-idp").put("userId", "ext-imported").put("userName", "imported@partner");
        ADMIN.createRealm(json);

        String api = SERVER.baseUrl() + "/realms/" + realm + "/gateway-access";
        JsonNode pools = Http.get(api + "/pools", ADMIN.token()).json();
        assertEquals(1, pools.size(), pools::toString);
        assertEquals("from the import", pools.get(0).get("description").asText());
        JsonNode viewers = Http.get(api + "/pools/" + pools.get(0).get("id").asText() + "/viewers", ADMIN.token()).json();
        assertEquals(1, viewers.size(), viewers::toString);
        assertEquals("imported", viewers.get(0).get("username").asText());

        JsonNode groups = Http.get(SERVER.baseUrl() + "/admin/realms/" + realm + "/groups", ADMIN.token()).json();
        List<String> names = new java.util.ArrayList<>();
        groups.forEach(g -> names.add(g.get("name").asText()));
        assertTrue(names.containsAll(List.of("Admins", "Read Only Admins", "Gateway Users")), names::toString);
        for (String role : List.of("admin", "admin-read-only", "gateway-user", "gateway-access-checker")) {
            assertEquals(200, Http.get(SERVER.baseUrl() + "/admin/realms/" + realm + "/roles/" + role, ADMIN.token()).status(), role);
        }
    }

    @Test
    void anInvalidPoolDeclarationFailsTheImportAndLeavesNoRealm() {
        String realm = "bad-import-" + System.nanoTime();
        ObjectNode json = realmWithProvider(realm);
        json.putObject("attributes").put("gatewayAccess.pools", "[{\"name\":\"x\",\"identityProvider\":\"no-such-idp\"}]");
        Http.Result r = Http.post(SERVER.baseUrl() + "/admin/realms", ADMIN.token(), json);
        assertEquals(400, r.status(), r::toString);
        assertTrue(r.body().contains("gatewayAccess.pools") && r.body().contains("no-such-idp"), r::toString);
        assertEquals(404, Http.get(SERVER.baseUrl() + "/admin/realms/" + realm, ADMIN.token()).status());
    }

    private static ObjectNode realmWithProvider(String realm) {
        ObjectNode json = Http.JSON.createObjectNode();
        json.put("realm", realm);
        json.put("enabled", true);
        ObjectNode idp = json.putArray("identityProviders").addObject();
        idp.put("alias", "partner-idp");
        idp.put("providerId", "oidc");
        idp.set("config", Http.JSON.valueToTree(Map.of("clientId", "c", "clientSecret", "s",
            "authorizationUrl", "http://127.0.0.1:9/auth", "tokenUrl", "http://127.0.0.1:9/token")));
        return json;
    }
}
