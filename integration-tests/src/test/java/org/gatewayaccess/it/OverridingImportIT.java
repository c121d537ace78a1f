package org.gatewayaccess.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.gatewayaccess.it.support.DedicatedKeycloak;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.gatewayaccess.it.support.RealmFiles;
import org.gatewayaccess.it.support.Sql;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A realm file applied again over an existing realm with the server stopped ({@code kc.sh import --override true}, which
 * deletes the realm and imports it anew), then the server started: the realm's declaration is what it does, and declared
 * pools keep their ids (derived from the realm's id, which the file carries as exports do, and the pool's name).
 *
 * <p>PostgreSQL only, like {@link CrashRecoveryIT}: the stopped and restarted server needs a database of its own beside
 * the shared server's, which the shared PostgreSQL offers; an H2 file serves one Keycloak.
 */
@EnabledIfSystemProperty(
        named = "it.db",
        matches = "postgres",
        disabledReason =
                "PostgreSQL only: the restarted Keycloak needs a"
                        + " database of its own beside the shared server's, which only the shared PostgreSQL can give (an H2 file serves one Keycloak)")
class OverridingImportIT extends RealKeycloakTest {

    private DedicatedKeycloak server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anOverridingImportAppliesTheFilesDeclarationAndDeclaredPoolsKeepTheirIds() throws Exception {
        assumeTrue(SERVER.postgres().isPresent(), "needs a second Keycloak on a database of its own");
        server = DedicatedKeycloak.start("override_import", SERVER.postgres().get());
        String realm = "override-import";
        String realmId = UUID.randomUUID().toString();
        server.admin()
                .createRealm(realmFile(
                        realm,
                        realmId,
                        "[{\"name\":\"A\",\"description\":\"first\",\"identityProvider\":\"partner-idp\"},"
                                + "{\"name\":\"B\"}]",
                        "{\"discovery\":{\"poolsDiscoverable\":false}}"));
        String api = server.baseUrl() + "/realms/" + realm + "/gateway-access";
        String a = poolId(api, "A");
        String b = poolId(api, "B");
        Http.Result byHand = Http.post(api + "/pools", server.admin().token(), Map.of("name", "by-hand"));
        assertEquals(201, byHand.status(), byHand::toString);

        // a realm of an earlier version, whose pools do not record their owner yet: the next start-up settles it
        String legacy = "legacy-pools";
        ObjectNode legacyRealm =
                realmFile(legacy, UUID.randomUUID().toString(), "[{\"name\":\"declared-then\"}]", "{}");
        server.admin().createRealm(legacyRealm);
        String legacyApi = server.baseUrl() + "/realms/" + legacy + "/gateway-access";
        assertEquals(
                201,
                Http.post(legacyApi + "/pools", server.admin().token(), Map.of("name", "made-by-hand"))
                        .status());
        assertEquals(
                2,
                Sql.update(
                        server.db(),
                        "UPDATE GA_POOL SET SOURCE = NULL WHERE REALM_ID = ?",
                        server.admin().realm(legacy).get("id").asText()));

        server.stop();
        String pools =
                "[{\"name\":\"A\",\"description\":\"second\",\"identityProvider\":\"partner-idp\"},{\"name\":\"C\"}]";
        Path file = Files.createTempFile("override-import", ".json");
        Files.writeString(
                file, Http.write(realmFile(realm, realmId, pools, "{\"discovery\":{\"poolsDiscoverable\":true}}")));
        server.importRealm(file, true);
        server.restart();
        api = server.baseUrl() + "/realms/" + realm + "/gateway-access"; // a restart listens on new ports

        JsonNode after = Http.get(api + "/pools", server.admin().token()).json();
        assertEquals(List.of("A", "C"), names(after), after::toString);
        JsonNode poolA = find(after, "A");
        assertEquals(a, poolA.get("id").asText(), "a declared pool keeps its id across the overriding import");
        assertEquals("second", poolA.get("description").asText());
        assertEquals("declaration", poolA.get("source").asText());
        assertNotEquals(b, find(after, "C").get("id").asText());
        JsonNode config = Http.get(api + "/config", server.admin().token()).json();
        assertTrue(config.get("discovery").get("poolsDiscoverable").asBoolean(), config::toString);
        // the file's linked user views the declared pool again
        JsonNode viewers = Http.get(
                        api + "/pools/" + a + "/viewers", server.admin().token())
                .json();
        assertEquals(1, viewers.size(), viewers::toString);
        assertEquals("linked", viewers.get(0).get("username").asText());
        assertEquals(
                pools,
                server.admin()
                        .realm(realm)
                        .get("attributes")
                        .get("gatewayAccess.pools")
                        .asText());

        JsonNode settled = Http.get(
                        server.baseUrl() + "/realms/" + legacy + "/gateway-access/pools",
                        server.admin().token())
                .json();
        assertEquals("declaration", find(settled, "declared-then").get("source").asText(), settled::toString);
        assertEquals("admin", find(settled, "made-by-hand").get("source").asText(), settled::toString);
    }

    private String poolId(String api, String name) {
        return find(Http.get(api + "/pools", server.admin().token()).json(), name)
                .get("id")
                .asText();
    }

    private static JsonNode find(JsonNode pools, String name) {
        for (JsonNode p : pools) {
            if (p.get("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no pool " + name + " in " + pools);
    }

    private static List<String> names(JsonNode pools) {
        List<String> names = new ArrayList<>();
        pools.forEach(p -> names.add(p.get("name").asText()));
        return names.stream().sorted().toList();
    }

    /** A realm file as an operator keeps it in Git: its id, a provider, a linked user and the two declarations. */
    private static ObjectNode realmFile(String realm, String realmId, String pools, String config) {
        ObjectNode json = RealmFiles.withPartnerProvider(realm);
        json.put("id", realmId);
        for (String group : List.of("Admins", "Read Only Admins", "Gateway Users")) {
            json.withArray("groups").addObject().put("name", group);
        }
        ObjectNode user = json.putArray("users").addObject();
        user.put("username", "linked");
        user.put("enabled", true);
        user.putArray("federatedIdentities")
                .addObject()
                .put("identityProvider", "partner-idp")
                .put("userId", "ext-linked")
                .put("userName", "linked@partner");
        ObjectNode attributes = json.putObject("attributes");
        attributes.put("gatewayAccess.pools", pools);
        attributes.put("gatewayAccess.config", config);
        return json;
    }
}
