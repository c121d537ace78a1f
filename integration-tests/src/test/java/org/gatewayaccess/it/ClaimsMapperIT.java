package org.gatewayaccess.it;

import static org.gatewayaccess.it.support.GatewayRealm.CLI_CLIENT;
import static org.gatewayaccess.it.support.GatewayRealm.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The protocol mapper {@code gateway-access-claims} in real tokens: added to one client with a
 * custom pool claim name, it puts the user's gateway groups and viewable pools into the access
 * token, the ID token, the user-info answer and introspection; other clients get nothing; a
 * revoked grant is gone from the next token while a token already issued keeps it.
 */
class ClaimsMapperIT extends RealKeycloakTest {

    private static final String POOLS_CLAIM = "pools";
    private static final String GROUPS_CLAIM = "gateway_groups";
    private static final String PLAIN_CLIENT = "no-claims-cli";
    private static final String SWITCHES_CLIENT = "groups-off-cli";
    private static final String RESOURCE_SERVER = "claims-resource-server";
    private static final String RESOURCE_SERVER_SECRET = "claims-resource-server-secret";

    private static GatewayRealm gw;
    private static String readerId;
    private static String teamId;
    private static String directPool;
    private static String groupPool;
    private static String otherPool;

    @BeforeAll
    static void realm() {
        gw = GatewayRealm.create(ADMIN, "claims");
        String admin = gw.gatewayAdminToken();
        readerId = gw.userId("reader"); // direct member of the gateway group /Read Only Admins
        teamId = ADMIN.createGroup(gw.name(), "Team"); // not a gateway group
        assertEquals(204, ADMIN.joinGroup(gw.name(), readerId, teamId).status());

        directPool = gw.createPool("direct", null);
        groupPool = gw.createPool("through-team", null);
        otherPool = gw.createPool("someone-elses", null);
        assertEquals(
                204,
                Http.put(gw.api() + "/pools/" + directPool + "/viewers/" + readerId, admin, null)
                        .status());
        assertEquals(
                204,
                Http.put(gw.api() + "/pools/" + groupPool + "/viewer-groups/" + teamId, admin, null)
                        .status());
        assertEquals(
                204,
                Http.put(gw.api() + "/pools/" + otherPool + "/viewers/" + gw.userId("plain"), admin, null)
                        .status());

        Map<String, String> config = new HashMap<>();
        config.put("gateway.pools.claim.name", POOLS_CLAIM);
        config.put("access.token.claim", "true");
        config.put("id.token.claim", "true");
        config.put("userinfo.token.claim", "true");
        config.put("introspection.token.claim", "true");
        String cli = clientUuid(CLI_CLIENT);
        Http.Result added = addMapper(cli, config);
        assertEquals(201, added.status(), added::toString);
        // Keycloak introspects a token only for a client in its audience
        Http.Result audience = Http.post(
                clientUrl(cli) + "/protocol-mappers/models",
                ADMIN.token(),
                Map.of(
                        "name",
                        "resource server audience",
                        "protocol",
                        "openid-connect",
                        "protocolMapper",
                        "oidc-audience-mapper",
                        "config",
                        Map.of(
                                "included.client.audience",
                                RESOURCE_SERVER,
                                "access.token.claim",
                                "true",
                                "introspection.token.claim",
                                "true")));
        assertEquals(201, audience.status(), audience::toString);

        createClient(Map.of(
                "clientId",
                PLAIN_CLIENT,
                "publicClient",
                true,
                "directAccessGrantsEnabled",
                true,
                "standardFlowEnabled",
                false));
        createClient(Map.of(
                "clientId",
                SWITCHES_CLIENT,
                "publicClient",
                true,
                "directAccessGrantsEnabled",
                true,
                "standardFlowEnabled",
                false));
        Http.Result switches = addMapper(
                clientUuid(SWITCHES_CLIENT),
                Map.of(
                        "gateway.groups.enabled",
                        "false",
                        "access.token.claim",
                        "true",
                        "id.token.claim",
                        "false",
                        "userinfo.token.claim",
                        "false"));
        assertEquals(201, switches.status(), switches::toString);
        createClient(Map.of(
                "clientId",
                RESOURCE_SERVER,
                "publicClient",
                false,
                "secret",
                RESOURCE_SERVER_SECRET,
                "directAccessGrantsEnabled",
                false,
                "standardFlowEnabled",
                false));
    }

    @Test
    void accessAndIdTokenCarryTheGatewayGroupsAndExactlyThePoolsTheUserMayView() {
        JsonNode response = tokenResponse(CLI_CLIENT, "reader");
        for (String token : List.of(
                response.get("access_token").asText(), response.get("id_token").asText())) {
            JsonNode claims = payload(token);
            assertEquals(Set.of(directPool, groupPool), strings(claims.get(POOLS_CLAIM)), claims::toString);
            assertEquals(
                    List.of("/Read Only Admins"),
                    List.copyOf(strings(claims.get(GROUPS_CLAIM))),
                    "gateway groups only (not /Team), by path: " + claims);
            assertFalse(claims.has("gateway_pools"), "the pool claim has the configured name only: " + claims);
        }
    }

    @Test
    void userInfoAndIntrospectionCarryTheSameClaims() {
        String token = tokenResponse(CLI_CLIENT, "reader").get("access_token").asText();
        JsonNode userInfo = userInfo(token);
        assertEquals(Set.of(directPool, groupPool), strings(userInfo.get(POOLS_CLAIM)), userInfo::toString);
        assertEquals(Set.of("/Read Only Admins"), strings(userInfo.get(GROUPS_CLAIM)), userInfo::toString);

        JsonNode introspection = introspect(token);
        assertTrue(introspection.path("active").asBoolean(), introspection::toString);
        assertEquals(Set.of(directPool, groupPool), strings(introspection.get(POOLS_CLAIM)), introspection::toString);
        assertEquals(Set.of("/Read Only Admins"), strings(introspection.get(GROUPS_CLAIM)), introspection::toString);
    }

    @Test
    void aUserWithoutPoolsGetsEmptyListsNotMissingClaims() {
        JsonNode claims =
                payload(tokenResponse(CLI_CLIENT, "gwadmin").get("access_token").asText());
        assertTrue(claims.get(POOLS_CLAIM).isArray() && claims.get(POOLS_CLAIM).isEmpty(), claims::toString);
        assertEquals(Set.of("/Admins"), strings(claims.get(GROUPS_CLAIM)), claims::toString);

        JsonNode kcadmin =
                payload(tokenResponse(CLI_CLIENT, "kcadmin").get("access_token").asText());
        assertTrue(
                kcadmin.get(GROUPS_CLAIM).isArray() && kcadmin.get(GROUPS_CLAIM).isEmpty(), kcadmin::toString);
    }

    @Test
    void aClientWithoutTheMapperGetsNoGatewayClaims() {
        JsonNode response = tokenResponse(PLAIN_CLIENT, "reader");
        for (String token : List.of(
                response.get("access_token").asText(), response.get("id_token").asText())) {
            JsonNode claims = payload(token);
            for (String claim : List.of(POOLS_CLAIM, GROUPS_CLAIM, "gateway_pools")) {
                assertFalse(claims.has(claim), claim + " in " + claims);
            }
        }
        JsonNode userInfo = userInfo(response.get("access_token").asText());
        assertFalse(
                userInfo.has(GROUPS_CLAIM) || userInfo.has("gateway_pools") || userInfo.has(POOLS_CLAIM),
                userInfo::toString);
    }

    @Test
    void theSwitchesTurnClaimsAndTokensOff() {
        JsonNode response = tokenResponse(SWITCHES_CLIENT, "reader");
        JsonNode access = payload(response.get("access_token").asText());
        assertEquals(
                Set.of(directPool, groupPool), strings(access.get("gateway_pools")), "default claim name: " + access);
        assertFalse(access.has(GROUPS_CLAIM), "groups switched off: " + access);
        JsonNode id = payload(response.get("id_token").asText());
        assertFalse(id.has("gateway_pools") || id.has(GROUPS_CLAIM), "ID token switched off: " + id);
        JsonNode userInfo = userInfo(response.get("access_token").asText());
        assertFalse(userInfo.has("gateway_pools"), "user info switched off: " + userInfo);
    }

    @Test
    void aMapperWithAReservedDuplicateOrMalformedClaimNameIsRefused() {
        String client = clientUuid(PLAIN_CLIENT);
        Http.Result reserved =
                addMapper(client, Map.of("gateway.pools.claim.name", "sub", "access.token.claim", "true"));
        assertEquals(400, reserved.status(), reserved::toString);
        assertTrue(reserved.body().contains("The claim name sub is reserved"), reserved::toString);
        Http.Result duplicate =
                addMapper(client, Map.of("gateway.pools.claim.name", GROUPS_CLAIM, "access.token.claim", "true"));
        assertEquals(400, duplicate.status(), duplicate::toString);
        assertTrue(duplicate.body().contains("different claim names"), duplicate::toString);
        Http.Result invalid =
                addMapper(client, Map.of("gateway.pools.claim.name", "my pools", "access.token.claim", "true"));
        assertEquals(400, invalid.status(), invalid::toString);
        assertTrue(invalid.body().contains("Claim names are"), invalid::toString);
        JsonNode mappers = Http.get(clientUrl(client) + "/protocol-mappers/models", ADMIN.token())
                .json();
        assertTrue(mappers.isEmpty(), mappers::toString);
    }

    @Test
    void aRevokedGrantIsGoneFromTheNextTokenWhileAnIssuedTokenKeepsItUntilItExpires() {
        String admin = gw.gatewayAdminToken();
        String plainId = gw.userId("plain");
        String revoked = gw.createPool("revoked-later", null);
        String left = gw.createPool("through-a-group-left-later", null);
        String squad = ADMIN.createGroup(gw.name(), "Squad");
        assertEquals(204, ADMIN.joinGroup(gw.name(), plainId, squad).status());
        assertEquals(
                204,
                Http.put(gw.api() + "/pools/" + revoked + "/viewers/" + plainId, admin, null)
                        .status());
        assertEquals(
                204,
                Http.put(gw.api() + "/pools/" + left + "/viewer-groups/" + squad, admin, null)
                        .status());

        String before = tokenResponse(CLI_CLIENT, "plain").get("access_token").asText();
        assertEquals(Set.of(otherPool, revoked, left), strings(payload(before).get(POOLS_CLAIM)));

        assertEquals(
                204,
                Http.delete(gw.api() + "/pools/" + revoked + "/viewers/" + plainId, admin)
                        .status());
        assertEquals(204, ADMIN.leaveGroup(gw.name(), plainId, squad).status());

        String after = tokenResponse(CLI_CLIENT, "plain").get("access_token").asText();
        assertEquals(Set.of(otherPool), strings(payload(after).get(POOLS_CLAIM)), "a new token is computed afresh");

        // The token issued before is signed and unchanged: it still lists both pools until it
        // expires (the realm's access-token lifespan). A service that reads the claim from
        // that token sees them; one that needs revocation now asks POST /check.
        assertEquals(Set.of(otherPool, revoked, left), strings(payload(before).get(POOLS_CLAIM)));
        assertEquals(
                200,
                Http.get(gw.realmUrl() + "/protocol/openid-connect/userinfo", before)
                        .status(),
                "still valid");
        // The user-info endpoint and introspection run the mapper when they are called: fresh values.
        assertEquals(Set.of(otherPool), strings(userInfo(before).get(POOLS_CLAIM)));
        assertEquals(Set.of(otherPool), strings(introspect(before).get(POOLS_CLAIM)));
    }

    // --- helpers -------------------------------------------------------------------------------

    private static JsonNode tokenResponse(String clientId, String username) {
        Http.Result r = Http.postForm(
                gw.realmUrl() + "/protocol/openid-connect/token",
                Map.of(
                        "grant_type",
                        "password",
                        "client_id",
                        clientId,
                        "username",
                        username,
                        "password",
                        PASSWORD,
                        "scope",
                        "openid"));
        assertEquals(200, r.status(), () -> "token for " + username + " through " + clientId + ": " + r);
        return r.json();
    }

    private static JsonNode userInfo(String accessToken) {
        Http.Result r = Http.get(gw.realmUrl() + "/protocol/openid-connect/userinfo", accessToken);
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    private static JsonNode introspect(String accessToken) {
        Http.Result r = Http.postForm(
                gw.realmUrl() + "/protocol/openid-connect/token/introspect",
                Map.of("token", accessToken, "client_id", RESOURCE_SERVER, "client_secret", RESOURCE_SERVER_SECRET));
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    /** The JWT's claims: its middle part, base64url without padding. */
    private static JsonNode payload(String jwt) {
        String[] parts = jwt.split("\\.");
        assertEquals(3, parts.length, "a signed JWT");
        try {
            return Http.JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> strings(JsonNode array) {
        assertTrue(array != null && array.isArray(), () -> "a JSON array: " + array);
        Set<String> values = new TreeSet<>();
        array.forEach(v -> values.add(v.asText()));
        assertEquals(array.size(), values.size(), () -> "no duplicates: " + array);
        return values;
    }

    private static String clientUrl(String uuid) {
        return SERVER.baseUrl() + "/admin/realms/" + gw.name() + "/clients/" + uuid;
    }

    private static String clientUuid(String clientId) {
        JsonNode clients = Http.get(
                        SERVER.baseUrl() + "/admin/realms/" + gw.name() + "/clients?clientId=" + clientId,
                        ADMIN.token())
                .json();
        assertEquals(1, clients.size(), clients::toString);
        return clients.get(0).get("id").asText();
    }

    private static void createClient(Map<String, Object> client) {
        Http.Result r = Http.post(SERVER.baseUrl() + "/admin/realms/" + gw.name() + "/clients", ADMIN.token(), client);
        assertEquals(201, r.status(), r::toString);
    }

    private static Http.Result addMapper(String clientUuid, Map<String, String> config) {
        Map<String, Object> mapper = new HashMap<>();
        mapper.put("name", "gateway access " + System.nanoTime());
        mapper.put("protocol", "openid-connect");
        mapper.put("protocolMapper", "gateway-access-claims");
        mapper.put("config", config);
        return Http.post(clientUrl(clientUuid) + "/protocol-mappers/models", ADMIN.token(), mapper);
    }
}
