package org.gatewayaccess.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.gatewayaccess.it.support.Sql;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, item 2: nothing is written before a request's token is verified, and Keycloak's administration realm is no
 * gateway. Before, the first request to a realm the extension had not met set it up (roles, groups, the console's
 * client, seeding every membership) before looking at the token, and a master admin's {@code GET /pools} made master a
 * gateway whose {@code admin} role is Keycloak's super-admin role.
 */
class AuthenticateFirstIT extends RealKeycloakTest {

    private static final String MASTER_API = SERVER.baseUrl() + "/realms/master/gateway-access";

    @Test
    void theMasterRealmIsNotAGatewayForAnyPathOrCallerAndNothingIsCreatedThere() {
        for (String token : new String[] {ADMIN.token(), null, "not-a-token"}) {
            for (String path :
                    List.of("/pools", "/me", "/config", "/groups", "/console/", "/console/app.js", "/no/such/path")) {
                assertNotAGateway(Http.get(MASTER_API + path, token));
            }
            assertNotAGateway(Http.post(MASTER_API + "/pools", token, GatewayRealm.pool("In master", null)));
            assertNotAGateway(Http.post(
                    MASTER_API + "/check",
                    token,
                    Map.of("resourceType", "pool", "resourceId", "x", "permission", "view")));
            assertNotAGateway(Http.post(MASTER_API + "/sync", token, null));
            assertNotAGateway(Http.put(MASTER_API + "/config", token, "{}"));
        }

        String admin = SERVER.baseUrl() + "/admin/realms/master";
        JsonNode groups = Http.get(admin + "/groups?briefRepresentation=true&max=1000", ADMIN.token())
                .json();
        for (String name : List.of("Admins", "Read Only Admins", "Gateway Users")) {
            assertFalse(
                    groups.findValuesAsText("name").contains(name), () -> "master has a group " + name + ": " + groups);
        }
        for (String role : List.of("gateway-user", "admin-read-only", "gateway-access-checker")) {
            assertEquals(404, Http.get(admin + "/roles/" + role, ADMIN.token()).status(), "master has no role " + role);
        }
        assertEquals(
                0,
                Http.get(admin + "/clients?clientId=gateway-access-console", ADMIN.token())
                        .json()
                        .size(),
                "no console client");
        JsonNode scopes = Http.get(admin + "/client-scopes", ADMIN.token()).json();
        assertFalse(scopes.findValuesAsText("name").contains(GatewayRealm.ADMIN_SCOPE), scopes::toString);
        String masterId = ADMIN.realm("master").get("id").asText();
        assertEquals(
                0,
                Sql.count(SERVER.db(), "SELECT COUNT(*) FROM GA_REALM_STATE WHERE REALM_ID = ?", masterId),
                "no GA_REALM_STATE row");
    }

    /**
     * A realm the extension has not met yet (made so behind its back: no GA_REALM_STATE row, no console client): requests
     * without a valid token answer 401 and set nothing up; the first authenticated one does.
     */
    @Test
    void aRequestWithoutAValidTokenSetsNothingUp() throws Exception {
        GatewayRealm gw = GatewayRealm.create(ADMIN, "unmet");
        String realmId = ADMIN.realm(gw.name()).get("id").asText();
        String gwadmin = gw.gatewayAdminToken(); // issued before, so that no token request runs in between
        assertEquals(
                204,
                Http.delete(
                                SERVER.baseUrl() + "/admin/realms/" + gw.name() + "/clients/"
                                        + gw.clientUuid("gateway-access-console"),
                                ADMIN.token())
                        .status());
        Sql.update(SERVER.db(), "DELETE FROM GA_MEMBERSHIP WHERE REALM_ID = ?", realmId);
        Sql.update(SERVER.db(), "DELETE FROM GA_REALM_STATE WHERE REALM_ID = ?", realmId);
        Sql.update(
                SERVER.db(),
                "DELETE FROM REALM_ATTRIBUTE WHERE REALM_ID = ? AND NAME = ?",
                realmId,
                "gatewayAccess.consoleClient");
        ClientGrantIT.forgetCachedSetUp(gw);
        long logBefore = Files.size(SERVER.logFile());

        for (String token : new String[] {null, "not-a-token", gw.otherRealmToken()}) {
            Http.Result r = Http.get(gw.api() + "/pools", token);
            assertError(401, "unauthorized", r);
            assertEquals("Bearer realm=\"" + gw.name() + "\"", r.header("WWW-Authenticate"));
            assertError(
                    401,
                    "unauthorized",
                    Http.post(gw.api() + "/pools", token, GatewayRealm.pool("Unauthenticated", null)));
        }

        assertEquals(
                0,
                Sql.count(SERVER.db(), "SELECT COUNT(*) FROM GA_REALM_STATE WHERE REALM_ID = ?", realmId),
                "no GA_REALM_STATE row");
        assertEquals(
                0,
                Http.get(
                                SERVER.baseUrl() + "/admin/realms/" + gw.name()
                                        + "/clients?clientId=gateway-access-console",
                                ADMIN.token())
                        .json()
                        .size(),
                "no console client");
        String log = newLog(logBefore);
        assertFalse(
                log.contains("set up realm " + gw.name() + ":"),
                () -> "set-up work ran for an unauthenticated request:\n" + log);
        assertFalse(
                log.contains("for the access console of realm " + gw.name()),
                () -> "the console client was made for it:\n" + log);

        // premise: the realm really was unmet; the first authenticated request sets it up
        Http.Result authenticated = Http.get(gw.api() + "/pools", gwadmin);
        assertEquals(200, authenticated.status(), authenticated::toString);
        assertEquals(1, Sql.count(SERVER.db(), "SELECT COUNT(*) FROM GA_REALM_STATE WHERE REALM_ID = ?", realmId));
        assertEquals(
                1,
                Http.get(
                                SERVER.baseUrl() + "/admin/realms/" + gw.name()
                                        + "/clients?clientId=gateway-access-console",
                                ADMIN.token())
                        .json()
                        .size());
        assertTrue(newLog(logBefore).contains("set up realm " + gw.name() + ":"));
        ADMIN.deleteRealm(gw.name());
        ADMIN.deleteRealm(gw.partnerName());
    }

    private static void assertNotAGateway(Http.Result r) {
        JsonNode body = assertError(404, "not_a_gateway", r);
        assertTrue(body.path("errorMessage").asText().contains("master"), r::toString);
    }

    private static String newLog(long from) throws Exception {
        byte[] all = Files.readAllBytes(SERVER.logFile());
        int start = (int) Math.min(from, all.length);
        return new String(all, start, all.length - start, StandardCharsets.UTF_8);
    }
}
