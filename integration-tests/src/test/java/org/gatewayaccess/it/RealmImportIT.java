package org.gatewayaccess.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.gatewayaccess.it.support.RealmFiles;
import org.junit.jupiter.api.Test;

/** A realm import creates the gateway's system groups, the declared pools, and grants for links in the import. */
class RealmImportIT extends RealKeycloakTest {

    @Test
    void importedLinksAndDeclaredPoolsMeetAsViewerGrants() {
        String realm = "import-" + System.nanoTime();
        ObjectNode json = realmWithProvider(realm);
        json.putObject("attributes")
                .put(
                        "gatewayAccess.pools",
                        "[{\"name\":\"declared\",\"description\":\"from the import\",\"identityProvider\":\"partner-idp\"}]");
        ObjectNode user = json.putArray("users").addObject();
        user.put("username", "imported");
        user.put("enabled", true);
        user.putArray("federatedIdentities")
                .addObject()
                .put("identityProvider", "partner-idp")
                .put("userId", "ext-imported")
                .put("userName", "imported@partner");
        ADMIN.createRealm(json);

        String api = SERVER.baseUrl() + "/realms/" + realm + "/gateway-access";
        JsonNode pools = Http.get(api + "/pools", ADMIN.token()).json();
        assertEquals(1, pools.size(), pools::toString);
        assertEquals("from the import", pools.get(0).get("description").asText());
        JsonNode viewers = Http.get(api + "/pools/" + pools.get(0).get("id").asText() + "/viewers", ADMIN.token())
                .json();
        assertEquals(1, viewers.size(), viewers::toString);
        assertEquals("imported", viewers.get(0).get("username").asText());

        JsonNode groups = Http.get(SERVER.baseUrl() + "/admin/realms/" + realm + "/groups", ADMIN.token())
                .json();
        List<String> names = new java.util.ArrayList<>();
        groups.forEach(g -> names.add(g.get("name").asText()));
        assertTrue(names.containsAll(List.of("Admins", "Read Only Admins", "Gateway Users")), names::toString);
        for (String role : List.of("admin", "admin-read-only", "gateway-user", "gateway-access-checker")) {
            assertEquals(
                    200,
                    Http.get(SERVER.baseUrl() + "/admin/realms/" + realm + "/roles/" + role, ADMIN.token())
                            .status(),
                    role);
        }
    }

    @Test
    void anInvalidPoolDeclarationFailsTheImportAndLeavesNoRealm() {
        String realm = "bad-import-" + System.nanoTime();
        ObjectNode json = realmWithProvider(realm);
        json.putObject("attributes")
                .put("gatewayAccess.pools", "[{\"name\":\"x\",\"identityProvider\":\"no-such-idp\"}]");
        Http.Result r = Http.post(SERVER.baseUrl() + "/admin/realms", ADMIN.token(), json);
        assertEquals(400, r.status(), r::toString);
        assertTrue(r.body().contains("gatewayAccess.pools") && r.body().contains("no-such-idp"), r::toString);
        assertEquals(
                404,
                Http.get(SERVER.baseUrl() + "/admin/realms/" + realm, ADMIN.token())
                        .status());
    }

    /**
     * A configuration declared in the import (discovery off with a discovery group, a provider
     * mapping, pending approval for that provider) is applied; the export carries it as written, and
     * after a PUT /config the document in force; importing the exported attribute into fresh realms
     * gives the same behaviour.
     */
    @Test
    void aDeclaredConfigurationIsAppliedExportedAndBehavesTheSameAfterReimport() throws Exception {
        String first = "config-import-" + System.nanoTime();
        String declared = "{\"discovery\":{\"poolsDiscoverable\":false,\"discoveryGroup\":\"/Explorers\"},"
                + "\"identityProviderMappings\":[{\"identityProvider\":\"partner-idp\",\"group\":\"/Partners\"}],"
                + "\"pendingApproval\":{\"enabled\":true,\"identityProviders\":[\"partner-idp\"]}}";
        ADMIN.createRealm(gatewayRealm(first, declared));
        JsonNode config = Http.get(api(first) + "/config", ADMIN.token()).json();
        assertEquals(false, config.get("discovery").get("poolsDiscoverable").asBoolean(), config::toString);
        assertEquals("/Explorers", config.get("discovery").get("discoveryGroup").asText());
        assertEquals(
                "/Partners",
                config.get("identityProviderMappings").get(0).get("group").asText());
        assertEquals(
                List.of("partner-idp"),
                List.of(config.get("pendingApproval")
                        .get("identityProviders")
                        .get(0)
                        .asText()));
        assertBehaviour(first, false);

        JsonNode exported = export(first);
        String carried = exported.get("attributes").get("gatewayAccess.config").asText();
        // the export carries the declaration exactly as written (a tool that wrote it sees no difference), meaning GET
        // /config
        assertEquals(declared, carried, "the export carries the declaration as it was written");
        String second = "config-reimport-" + System.nanoTime();
        ADMIN.createRealm(gatewayRealm(second, carried));
        assertEquals(
                config,
                Http.JSON.readTree(
                        Http.get(api(second) + "/config", ADMIN.token()).body()));
        assertBehaviour(second, false);

        // a change through the API is what the next export carries
        ((com.fasterxml.jackson.databind.node.ObjectNode) config.get("discovery")).put("poolsDiscoverable", true);
        assertEquals(
                200, Http.put(api(first) + "/config", ADMIN.token(), config).status());
        String afterPut =
                export(first).get("attributes").get("gatewayAccess.config").asText();
        assertEquals(
                Http.get(api(first) + "/config", ADMIN.token()).json(),
                Http.JSON.readTree(afterPut),
                "after PUT /config the export carries what GET /config shows");
        String third = "config-reimport-" + System.nanoTime();
        ADMIN.createRealm(gatewayRealm(third, afterPut));
        assertBehaviour(third, true);
    }

    @Test
    void anInvalidDeclaredConfigurationFailsTheImportNamingTheProblem() {
        String realm = "bad-config-" + System.nanoTime();
        Http.Result r = Http.post(
                SERVER.baseUrl() + "/admin/realms",
                ADMIN.token(),
                gatewayRealm(realm, "{\"discovery\":{\"discoveryGroup\":\"/No Such Group\"}}"));
        assertEquals(400, r.status(), r::toString);
        assertTrue(r.body().contains("gatewayAccess.config") && r.body().contains("No Such Group"), r::toString);
        assertEquals(
                404,
                Http.get(SERVER.baseUrl() + "/admin/realms/" + realm, ADMIN.token())
                        .status());
    }

    /** plain sees no pool (or both when discoverable); explorer both; linked the provider's pool, and is in /Partners. */
    private static void assertBehaviour(String realm, boolean discoverable) throws InterruptedException {
        assertEquals(discoverable ? List.of("closed", "open") : List.of(), poolNames(realm, "plain"));
        assertEquals(List.of("closed", "open"), poolNames(realm, "explorer"));
        assertEquals(discoverable ? List.of("closed", "open") : List.of("closed"), poolNames(realm, "linked"));
        // the provider mapping puts the linked user into /Partners (by the import's link, or the sync a new mapping
        // starts)
        String groupsUrl =
                SERVER.baseUrl() + "/admin/realms/" + realm + "/users/" + ADMIN.userId(realm, "linked") + "/groups";
        JsonNode groups = Http.get(groupsUrl, ADMIN.token()).json();
        for (int i = 0; i < 50 && groups.isEmpty(); i++) {
            Thread.sleep(200);
            groups = Http.get(groupsUrl, ADMIN.token()).json();
        }
        assertEquals("/Partners", groups.path(0).path("path").asText(), groups::toString);
    }

    private static List<String> poolNames(String realm, String user) {
        String token = ADMIN.passwordToken(realm, "cli", user, "Passw0rd-for-tests");
        List<String> names = new java.util.ArrayList<>();
        Http.get(api(realm) + "/pools", token)
                .json()
                .forEach(p -> names.add(p.get("name").asText()));
        return names.stream().sorted().toList();
    }

    private static JsonNode export(String realm) {
        Http.Result r = Http.post(
                SERVER.baseUrl() + "/admin/realms/" + realm + "/partial-export?exportGroupsAndRoles=true",
                ADMIN.token(),
                null);
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    private static String api(String realm) {
        return SERVER.baseUrl() + "/realms/" + realm + "/gateway-access";
    }

    /** Groups, users (one linked to the provider), a password client, two declared pools and the given configuration. */
    private static ObjectNode gatewayRealm(String realm, String config) {
        ObjectNode json = realmWithProvider(realm);
        ObjectNode attributes = json.putObject("attributes");
        attributes.put(
                "gatewayAccess.pools",
                "[{\"name\":\"open\"},{\"name\":\"closed\",\"identityProvider\":\"partner-idp\"}]");
        attributes.put("gatewayAccess.config", config);
        var groups = json.putArray("groups");
        for (String name : List.of("Admins", "Read Only Admins", "Gateway Users", "Explorers", "Partners")) {
            groups.addObject().put("name", name);
        }
        ObjectNode cli = json.putArray("clients").addObject();
        cli.put("clientId", "cli");
        cli.put("publicClient", true);
        cli.put("directAccessGrantsEnabled", true);
        cli.put("standardFlowEnabled", false);
        var users = json.putArray("users");
        for (String name : List.of("plain", "explorer", "linked")) {
            ObjectNode user = users.addObject();
            user.put("username", name);
            user.put("enabled", true);
            user.put("email", name + "@example.org");
            user.put("firstName", name);
            user.put("lastName", "Test");
            user.put("emailVerified", true);
            user.putArray("credentials")
                    .addObject()
                    .put("type", "password")
                    .put("value", "Passw0rd-for-tests")
                    .put("temporary", false);
            if (name.equals("explorer")) {
                user.putArray("groups").add("/Explorers");
            }
            if (name.equals("linked")) {
                user.putArray("federatedIdentities")
                        .addObject()
                        .put("identityProvider", "partner-idp")
                        .put("userId", "ext-linked")
                        .put("userName", "linked@partner");
            }
        }
        return json;
    }

    private static ObjectNode realmWithProvider(String realm) {
        return RealmFiles.withPartnerProvider(realm);
    }
}
