package org.gatewayaccess.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.gatewayaccess.it.support.GaTables;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.OpenApiOperations;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.gatewayaccess.it.support.Sql;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, item 1: administering a gateway needs a grant on the token, the client scope {@code gateway-access-admin}.
 * A gateway admin signed in to another application ({@code other-app}, a client without the scope) keeps reading, but
 * every write of the API answers 403 {@code client_not_allowed} naming that client, and changes nothing.
 */
class ClientGrantIT extends RealKeycloakTest {

    /** Questions, not changes, though sent as POST: /check and the AuthZEN evaluations and searches (its reads). */
    private static final Set<String> QUERIES = Set.of(
            "POST /check",
            "POST /check/batch",
            "POST /access/v1/evaluation",
            "POST /access/v1/evaluations",
            "POST /access/v1/search/subject",
            "POST /access/v1/search/resource",
            "POST /access/v1/search/action");

    private static GatewayRealm gw;

    @BeforeAll
    static void realm() {
        gw = GatewayRealm.create(ADMIN, "grant");
    }

    @Test
    void aGatewayAdminsTokenForAnotherClientReadsButEveryWriteIsRefusedAndChangesNothing() {
        String pool = gw.createPool("Grant pool", null);
        String otherApp = gw.otherAppToken("gwadmin");
        assertFalse(scopes(otherApp).contains(GatewayRealm.ADMIN_SCOPE), "premise: other-app was not given the scope");

        // reads, /me and /check as before
        assertEquals(200, Http.get(gw.api() + "/pools", otherApp).status());
        assertEquals(
                200,
                Http.get(gw.api() + "/pools/" + pool + "/viewers", otherApp).status());
        assertEquals(200, Http.get(gw.api() + "/groups", otherApp).status());
        assertEquals(200, Http.get(gw.api() + "/config", otherApp).status());
        assertEquals(200, Http.get(gw.api() + "/me", otherApp).status());
        Map<String, Object> check =
                Map.of("userId", gw.userId("plain"), "resourceType", "pool", "resourceId", pool, "permission", "view");
        assertEquals(200, Http.post(gw.api() + "/check", otherApp, check).status());
        assertEquals(
                200,
                Http.post(gw.api() + "/check/batch", otherApp, Map.of("checks", List.of(check)))
                        .status());

        // every documented write, whatever its body: refused for the client, before anything runs
        Map<String, TreeSet<String>> before = GaTables.snapshot(SERVER.db());
        int adminEvents = ADMIN.adminEvents(gw.name()).size();
        String granted = gw.gatewayAdminToken();
        List<String> wrong = new ArrayList<>();
        int writes = 0;
        for (OpenApiOperations.Operation op : OpenApiOperations.all()) {
            if (!op.mutating() || QUERIES.contains(op.key())) {
                continue;
            }
            writes++;
            String path = path(op, pool);
            Http.Result r = Http.send(op.method(), gw.api() + path, otherApp, op.hasBody() ? "{}" : null);
            if (r.status() != 403
                    || !"client_not_allowed".equals(r.json().path("error").asText())
                    || !r.json().path("errorMessage").asText().contains("'" + GatewayRealm.OTHER_APP_CLIENT + "'")) {
                wrong.add(op.key() + " → " + r);
            }
        }
        assertTrue(writes >= 18, "the document lists the writes (" + writes + ")");
        assertTrue(
                wrong.isEmpty(),
                () -> "writes not refused with client_not_allowed naming other-app:\n  " + String.join("\n  ", wrong));
        assertEquals(before, GaTables.snapshot(SERVER.db()), "a refused write changes nothing");
        assertEquals(adminEvents, ADMIN.adminEvents(gw.name()).size(), "and records no admin event");

        // the same user through gateway-cli, which has the scope, still administers
        Http.Result viaCli = Http.put(gw.api() + "/pools/" + pool + "/viewers/" + gw.userId("plain"), granted, null);
        assertEquals(204, viaCli.status(), viaCli::toString);
    }

    @Test
    void aPlainUserRegistersResourcesOnlyThroughAGrantedClient() {
        // registering makes the caller the resource's manager: another application must not claim ids in the gateway's
        // name space
        Http.Result refused = Http.put(gw.api() + "/resources/dataset/squatted", gw.otherAppToken("plain"), null);
        assertEquals(403, refused.status(), refused::toString);
        assertEquals("client_not_allowed", refused.json().path("error").asText());
        assertEquals(
                404,
                Http.get(gw.api() + "/resources/dataset/squatted", gw.plainUserToken())
                        .status(),
                "not registered");

        assertEquals(
                201,
                Http.put(gw.api() + "/resources/dataset/squatted", gw.plainUserToken(), null)
                        .status());
    }

    @Test
    void aRealmAdminGrantsTheScopeAsADefaultClientScopeAndTheClientMayAdminister() {
        String clientId = "granted-later";
        ObjectNode client = Http.JSON.createObjectNode();
        client.put("clientId", clientId)
                .put("publicClient", true)
                .put("directAccessGrantsEnabled", true)
                .put("standardFlowEnabled", false);
        assertEquals(
                201,
                Http.post(SERVER.baseUrl() + "/admin/realms/" + gw.name() + "/clients", ADMIN.token(), client)
                        .status());
        Http.Result refused =
                Http.post(gw.api() + "/pools", token(clientId, "gwadmin"), GatewayRealm.pool("Later", null));
        assertEquals(403, refused.status(), refused::toString);
        assertTrue(refused.json().path("errorMessage").asText().contains("'" + clientId + "'"), refused::toString);

        gw.grantAdminScope(clientId); // Clients → granted-later → Client scopes → Add client scope → Default
        String token = token(clientId, "gwadmin");
        assertTrue(scopes(token).contains(GatewayRealm.ADMIN_SCOPE), "the scope is in the token's scope claim");
        Http.Result created = Http.post(gw.api() + "/pools", token, GatewayRealm.pool("Later", null));
        assertEquals(201, created.status(), created::toString);
        // the grant lets the client use its user's rights, it adds none
        assertEquals(
                403,
                Http.post(gw.api() + "/pools", token(clientId, "plain"), GatewayRealm.pool("Plain", null))
                        .status());
    }

    @Test
    void keycloakAdminsNeedNoScope() {
        // realm-management manage-users through a client without the scope: Keycloak already bounds it by the token's
        // roles
        Http.Result realmAdmin =
                Http.post(gw.api() + "/pools", gw.otherAppToken("kcadmin"), GatewayRealm.pool("By kcadmin", null));
        assertEquals(201, realmAdmin.status(), realmAdmin::toString);
        Http.Result master = Http.post(gw.api() + "/pools", ADMIN.token(), GatewayRealm.pool("By master", null));
        assertEquals(201, master.status(), master::toString);
    }

    @Test
    void theConsolesClientHasTheScopeAndTheScopeGoesIntoTheTokenScope() {
        String console = gw.clientUuid("gateway-access-console");
        JsonNode defaults = Http.get(
                        SERVER.baseUrl() + "/admin/realms/" + gw.name() + "/clients/" + console
                                + "/default-client-scopes",
                        ADMIN.token())
                .json();
        assertTrue(defaults.findValuesAsText("name").contains(GatewayRealm.ADMIN_SCOPE), defaults::toString);
        JsonNode scope = Http.get(
                        SERVER.baseUrl() + "/admin/realms/" + gw.name() + "/client-scopes/" + gw.adminScopeId(),
                        ADMIN.token())
                .json();
        assertEquals("openid-connect", scope.path("protocol").asText());
        assertEquals(
                "true", scope.path("attributes").path("include.in.token.scope").asText(), scope::toString);
        // least privilege: not a realm default, so a new client does not get it
        JsonNode realmDefaults = Http.get(
                        SERVER.baseUrl() + "/admin/realms/" + gw.name() + "/default-default-client-scopes",
                        ADMIN.token())
                .json();
        assertFalse(realmDefaults.findValuesAsText("name").contains(GatewayRealm.ADMIN_SCOPE), realmDefaults::toString);
    }

    @Test
    void adminClientScopeRequiredIsAKeycloakAdminsSetting() {
        ObjectNode config =
                (ObjectNode) Http.get(gw.api() + "/config", ADMIN.token()).json();
        assertTrue(config.path("adminClientScopeRequired").asBoolean(false), config::toString);
        config.put("adminClientScopeRequired", false);
        Http.Result byGatewayAdmin = Http.put(gw.api() + "/config", gw.gatewayAdminToken(), config);
        assertEquals(403, byGatewayAdmin.status(), byGatewayAdmin::toString);
        assertTrue(
                byGatewayAdmin.json().path("errorMessage").asText().contains("adminClientScopeRequired"),
                byGatewayAdmin::toString);
        try {
            assertEquals(
                    200, Http.put(gw.api() + "/config", ADMIN.token(), config).status());
            Http.Result open =
                    Http.post(gw.api() + "/pools", gw.otherAppToken("gwadmin"), GatewayRealm.pool("Open", null));
            assertEquals(201, open.status(), open::toString);
            // a document that leaves the field out keeps it (a gateway admin's script written before the field existed)
            config.remove("adminClientScopeRequired");
            assertEquals(
                    200,
                    Http.put(gw.api() + "/config", gw.gatewayAdminToken(), config)
                            .status());
            assertFalse(Http.get(gw.api() + "/config", ADMIN.token())
                    .json()
                    .path("adminClientScopeRequired")
                    .asBoolean(true));
        } finally {
            config.put("adminClientScopeRequired", true);
            assertEquals(
                    200, Http.put(gw.api() + "/config", ADMIN.token(), config).status());
        }
        assertEquals(
                403,
                Http.post(gw.api() + "/pools", gw.otherAppToken("gwadmin"), GatewayRealm.pool("Closed", null))
                        .status());
    }

    /**
     * A realm the extension had set up before the grant existed (no client scope, no marker, a stored document without the
     * field) keeps working for every client: it gets the scope, adminClientScopeRequired stored as false and a warning.
     */
    @Test
    void aRealmSetUpBeforeTheGrantExistedIsNotCutOff() throws Exception {
        GatewayRealm old = GatewayRealm.create(ADMIN, "upgraded");
        String realmId = ADMIN.realm(old.name()).get("id").asText();
        // as an earlier version left it: no scope (the console client had none to get), no marker, a document without
        // the field
        Http.Result deleted = Http.delete(
                SERVER.baseUrl() + "/admin/realms/" + old.name() + "/client-scopes/" + old.adminScopeId(),
                ADMIN.token());
        assertEquals(204, deleted.status(), deleted::toString);
        Sql.update(
                SERVER.db(),
                "DELETE FROM REALM_ATTRIBUTE WHERE REALM_ID = ? AND NAME = ?",
                realmId,
                "gatewayAccess.adminClientScope");
        Sql.update(SERVER.db(), "UPDATE GA_REALM_STATE SET CONFIG = NULL WHERE REALM_ID = ?", realmId);
        forgetCachedSetUp(old);
        long logBefore = Files.size(SERVER.logFile());

        // the first request after the upgrade: the backend's client (any client) still administers
        Http.Result created =
                Http.post(old.api() + "/pools", old.otherAppToken("gwadmin"), GatewayRealm.pool("Still works", null));
        assertEquals(201, created.status(), created::toString);
        assertFalse(Http.get(old.api() + "/config", ADMIN.token())
                .json()
                .path("adminClientScopeRequired")
                .asBoolean(true));
        assertTrue(
                ADMIN.adminEvents(old.name()).findValuesAsText("resourceType").contains("GATEWAY_ACCESS_CONFIG"),
                "storing the setting is an admin event");
        assertNotEquals(null, old.adminScopeId(), "the scope is there for the operator to hand out");
        String log = newLog(logBefore);
        assertTrue(log.contains("realm " + old.name() + " was set up before the client grant existed"), log);

        // the operator's path: grant the scope to the backends, then switch enforcement on
        old.grantAdminScope(GatewayRealm.CLI_CLIENT);
        ObjectNode config =
                (ObjectNode) Http.get(old.api() + "/config", ADMIN.token()).json();
        config.put("adminClientScopeRequired", true);
        assertEquals(200, Http.put(old.api() + "/config", ADMIN.token(), config).status());
        assertEquals(
                403,
                Http.post(old.api() + "/pools", old.otherAppToken("gwadmin"), GatewayRealm.pool("Now closed", null))
                        .status());
        assertEquals(
                201,
                Http.post(old.api() + "/pools", old.gatewayAdminToken(), GatewayRealm.pool("Via cli", null))
                        .status());
        ADMIN.deleteRealm(old.name());
        ADMIN.deleteRealm(old.partnerName());
    }

    /** Keycloak's realm cache and the extension's cached set-up of the realm forget what SQL changed behind them. */
    static void forgetCachedSetUp(GatewayRealm realm) {
        ObjectNode rename = Http.JSON.createObjectNode().put("displayName", "changed behind Keycloak's back");
        assertEquals(
                204,
                Http.put(SERVER.baseUrl() + "/admin/realms/" + realm.name(), ADMIN.token(), rename)
                        .status());
        String group = ADMIN.createGroup(realm.name(), "Cache flush");
        assertEquals(
                204,
                ADMIN.joinGroup(realm.name(), realm.userId("plain"), group)
                        .status()); // a group event forgets the realm's decisions
    }

    private static String newLog(long from) throws Exception {
        byte[] all = Files.readAllBytes(SERVER.logFile());
        return new String(
                all,
                (int) Math.min(from, all.length),
                all.length - (int) Math.min(from, all.length),
                StandardCharsets.UTF_8);
    }

    private static String token(String clientId, String username) {
        return ADMIN.passwordToken(gw.name(), clientId, username, GatewayRealm.PASSWORD);
    }

    /** The words of the access token's scope claim (read, not verified: the server verifies it). */
    private static List<String> scopes(String token) {
        try {
            JsonNode claims = Http.JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
            return List.of(claims.path("scope").asText().split(" "));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A concrete path for the template: existing ids where it matters little, since the refusal comes first. */
    private static String path(OpenApiOperations.Operation op, String pool) {
        String path = op.path();
        for (String name : op.parameters()) {
            String value = switch (name) {
                case "userId" -> gw.userId("plain");
                case "groupId" -> ADMIN.groupId(gw.name(), "/Gateway Users");
                case "type" -> "dataset";
                case "id" -> path.startsWith("/resources") ? "r1" : pool;
                default -> "x";
            };
            path = path.replace("{" + name + "}", value);
        }
        if (op.key().equals("DELETE /resources/{type}/{id}/grants")) {
            path += "?principal=user:" + gw.userId("plain") + "&permission=view";
        }
        return path;
    }
}
