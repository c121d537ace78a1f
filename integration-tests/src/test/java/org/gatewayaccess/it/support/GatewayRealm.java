package org.gatewayaccess.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A gateway realm of its own for one test class, with a partner realm in the same
 * Keycloak acting as its OIDC identity provider {@code partner-idp}, a second provider
 * {@code other-idp}, and one user per kind of caller of the contract.
 */
public final class GatewayRealm {

    public static final String PARTNER_IDP = "partner-idp";
    public static final String OTHER_IDP = "other-idp";
    public static final String PASSWORD = "Passw0rd-for-tests";
    /**
     * The test realms hash passwords once (PBKDF2, 1 iteration) instead of Keycloak's default Argon2: every user
     * created and every password grant would otherwise spend 50-100 ms of CPU on hashing, which the product never
     * touches. The demo realms and the product keep Keycloak's default.
     */
    static final String CHEAP_PASSWORD_HASHING = "hashAlgorithm(pbkdf2-sha256) and hashIterations(1)";

    public static final String CLI_CLIENT = "gateway-cli";
    public static final String WEB_CLIENT = "gateway-web";
    public static final String WEB_REDIRECT = "http://127.0.0.1/gateway-callback";
    public static final String PARTNER_USER = "pat";
    public static final String CHECKER_CLIENT = "gateway-checker";
    public static final String CHECKER_SECRET = "checker-secret-for-tests";
    /** The client scope the extension creates per realm; a client with it may administer the gateway. */
    public static final String ADMIN_SCOPE = "gateway-access-admin";
    /** A password-grant client of the gateway realm without {@link #ADMIN_SCOPE}: an application that is not the gateway. */
    public static final String OTHER_APP_CLIENT = "other-app";

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String baseUrl;
    private final KeycloakAdmin admin;
    private final String name;
    private final String partner;

    private GatewayRealm(String baseUrl, KeycloakAdmin admin, String name, String partner) {
        this.baseUrl = baseUrl;
        this.admin = admin;
        this.name = name;
        this.partner = partner;
    }

    /** Creates the pair of realms through {@code admin}'s server. */
    public static GatewayRealm create(KeycloakAdmin admin, String prefix) {
        String server = admin.baseUrl();
        int n = COUNTER.incrementAndGet();
        String name = prefix + "-" + n + "-" + Long.toString(System.nanoTime() % 100000, 36);
        String partner = name + "-partner";
        admin.createRealm(partnerRealm(server, name, partner));
        admin.createRealm(gatewayRealm(server, name, partner));
        GatewayRealm realm = new GatewayRealm(server, admin, name, partner);
        // gateway-cli stands for the gateway's own backend: a realm admin gives it the right to administer
        realm.grantAdminScope(CLI_CLIENT);
        return realm;
    }

    /**
     * The same realms reached through another node of a cluster ({@code admin} is that node's):
     * {@link #api()} and the tokens are that node's, since a token's issuer is the URL it was asked at.
     */
    public GatewayRealm on(KeycloakAdmin otherNode) {
        return new GatewayRealm(otherNode.baseUrl(), otherNode, name, partner);
    }

    public String name() {
        return name;
    }

    public String partnerName() {
        return partner;
    }

    /** {@code http://…/realms/<name>/gateway-access} */
    public String api() {
        return baseUrl + "/realms/" + name + "/gateway-access";
    }

    public String token(String username) {
        return admin.passwordToken(name, CLI_CLIENT, username, PASSWORD);
    }

    /** The user's access token with the {@code openid} scope (Keycloak's userinfo answers 403 without it). */
    public String openidToken(String username) {
        return openidToken(realmUrl(), username);
    }

    /** An access token with the {@code openid} scope (as userinfo wants), asked at {@code realmUrl}. */
    public static String openidToken(String realmUrl, String username) {
        Http.Result r = Http.postForm(
                realmUrl + "/protocol/openid-connect/token",
                Map.of(
                        "grant_type",
                        "password",
                        "client_id",
                        CLI_CLIENT,
                        "username",
                        username,
                        "password",
                        PASSWORD,
                        "scope",
                        "openid"));
        assertEquals(200, r.status(), () -> "token of " + username + " at " + realmUrl + ": status " + r.status());
        return r.json().path("access_token").asText();
    }

    /** Member of the admins system group. */
    public String gatewayAdminToken() {
        return token("gwadmin");
    }

    /** Member of the read-only admins system group. */
    public String readOnlyAdminToken() {
        return token("reader");
    }

    /** A user of the realm with no gateway role. */
    public String plainUserToken() {
        return token("plain");
    }

    /** realm-management manage-users in this realm, not a gateway admin. */
    public String keycloakAdminToken() {
        return token("kcadmin");
    }

    /**
     * A service account holding the realm role {@code gateway-access-checker} (client
     * {@code gateway-checker}, created on first use), by the client-credentials grant.
     */
    public String checkerToken() {
        String clientsUrl = baseUrl + "/admin/realms/" + name + "/clients";
        JsonNode existing = Http.get(clientsUrl + "?clientId=" + CHECKER_CLIENT, admin.token())
                .json();
        if (existing.isEmpty()) {
            ObjectNode client = Http.JSON.createObjectNode();
            client.put("clientId", CHECKER_CLIENT);
            client.put("publicClient", false);
            client.put("secret", CHECKER_SECRET);
            client.put("serviceAccountsEnabled", true);
            client.put("standardFlowEnabled", false);
            Http.Result created = Http.post(clientsUrl, admin.token(), client);
            org.junit.jupiter.api.Assertions.assertEquals(201, created.status(), created::toString);
            String clientUuid = Http.get(clientsUrl + "?clientId=" + CHECKER_CLIENT, admin.token())
                    .json()
                    .get(0)
                    .get("id")
                    .asText();
            String accountId = Http.get(clientsUrl + "/" + clientUuid + "/service-account-user", admin.token())
                    .json()
                    .get("id")
                    .asText();
            Http.Result granted = admin.grantRole(name, accountId, "gateway-access-checker");
            org.junit.jupiter.api.Assertions.assertEquals(204, granted.status(), granted::toString);
        }
        Http.Result token = Http.postForm(
                realmUrl() + "/protocol/openid-connect/token",
                Map.of(
                        "grant_type",
                        "client_credentials",
                        "client_id",
                        CHECKER_CLIENT,
                        "client_secret",
                        CHECKER_SECRET));
        org.junit.jupiter.api.Assertions.assertEquals(200, token.status(), token::toString);
        return token.json().get("access_token").asText();
    }

    /** {@code username}'s token issued to {@link #OTHER_APP_CLIENT}, a client that was not given {@link #ADMIN_SCOPE}. */
    public String otherAppToken(String username) {
        return admin.passwordToken(name, OTHER_APP_CLIENT, username, PASSWORD);
    }

    /** The id of the realm's client scope {@link #ADMIN_SCOPE} (the extension created it with the realm). */
    public String adminScopeId() {
        JsonNode scopes = Http.get(baseUrl + "/admin/realms/" + name + "/client-scopes", admin.token())
                .json();
        for (JsonNode scope : scopes) {
            if (ADMIN_SCOPE.equals(scope.path("name").asText())) {
                return scope.get("id").asText();
            }
        }
        throw new AssertionError("realm " + name + " has no client scope " + ADMIN_SCOPE + ": " + scopes);
    }

    /** The client's internal id, by client id. */
    public String clientUuid(String clientId) {
        JsonNode found = Http.get(baseUrl + "/admin/realms/" + name + "/clients?clientId=" + clientId, admin.token())
                .json();
        org.junit.jupiter.api.Assertions.assertEquals(1, found.size(), () -> "client " + clientId + ": " + found);
        return found.get(0).get("id").asText();
    }

    /** What a realm admin does to let a client administer: adds {@link #ADMIN_SCOPE} as a Default client scope. */
    public void grantAdminScope(String clientId) {
        Http.Result r = Http.put(
                baseUrl + "/admin/realms/" + name + "/clients/" + clientUuid(clientId) + "/default-client-scopes/"
                        + adminScopeId(),
                admin.token(),
                null);
        org.junit.jupiter.api.Assertions.assertEquals(204, r.status(), r::toString);
    }

    /** A valid token of another realm (the partner realm). */
    public String otherRealmToken() {
        return admin.passwordToken(partner, CLI_CLIENT, PARTNER_USER, PASSWORD);
    }

    /** Pool ids' viewers as principals ({@code user:<id>}), through the API as a gateway admin. */
    public java.util.List<String> viewerPrincipals(String poolId) {
        Http.Result r = Http.get(api() + "/pools/" + poolId + "/viewers", gatewayAdminToken());
        org.junit.jupiter.api.Assertions.assertEquals(200, r.status(), r::toString);
        java.util.List<String> principals = new java.util.ArrayList<>();
        r.json().forEach(v -> principals.add(v.get("principal").asText()));
        return principals;
    }

    /** Creates a pool as the gateway admin and returns its id. */
    public String createPool(String name, String identityProvider) {
        Http.Result r = Http.post(api() + "/pools", gatewayAdminToken(), pool(name, identityProvider));
        org.junit.jupiter.api.Assertions.assertEquals(201, r.status(), r::toString);
        return r.json().get("id").asText();
    }

    /** Base URL of the gateway realm, {@code http://…/realms/<name>}. */
    public String realmUrl() {
        return baseUrl + "/realms/" + name;
    }

    public String userId(String username) {
        return admin.userId(name, username);
    }

    private static ObjectNode gatewayRealm(String server, String name, String partner) {
        ObjectNode realm = Http.JSON.createObjectNode();
        realm.put("realm", name);
        realm.put("enabled", true);
        realm.put("adminEventsEnabled", true);
        realm.put("adminEventsDetailsEnabled", true);
        realm.put("accessTokenLifespan", 600);
        realm.put("passwordPolicy", CHEAP_PASSWORD_HASHING);
        ArrayNode groups = realm.putArray("groups");
        for (String group : List.of("Admins", "Read Only Admins", "Gateway Users")) {
            groups.addObject().put("name", group);
        }
        ArrayNode users = realm.putArray("users");
        user(users, "gwadmin", "/Admins");
        user(users, "reader", "/Read Only Admins");
        user(users, "plain", null);
        ObjectNode kcadmin = user(users, "kcadmin", null);
        kcadmin.putObject("clientRoles")
                .putArray("realm-management")
                .add("manage-users")
                .add("view-users");
        ArrayNode clients = realm.putArray("clients");
        cliClient(clients);
        ObjectNode otherApp = clients.addObject();
        otherApp.put("clientId", OTHER_APP_CLIENT);
        otherApp.put("publicClient", true);
        otherApp.put("directAccessGrantsEnabled", true);
        otherApp.put("standardFlowEnabled", false);
        ObjectNode web = clients.addObject();
        web.put("clientId", WEB_CLIENT);
        web.put("publicClient", true);
        web.put("standardFlowEnabled", true);
        web.putArray("redirectUris").add(WEB_REDIRECT);
        ArrayNode idps = realm.putArray("identityProviders");
        String partnerBase = server + "/realms/" + partner;
        ObjectNode idp = idps.addObject();
        idp.put("alias", PARTNER_IDP);
        idp.put("providerId", "oidc");
        idp.put("enabled", true);
        idp.put("trustEmail", true);
        ObjectNode config = idp.putObject("config");
        config.put("clientId", "broker");
        config.put("clientSecret", "broker-secret");
        config.put("clientAuthMethod", "client_secret_post");
        config.put("authorizationUrl", partnerBase + "/protocol/openid-connect/auth");
        config.put("tokenUrl", partnerBase + "/protocol/openid-connect/token");
        config.put("userInfoUrl", partnerBase + "/protocol/openid-connect/userinfo");
        config.put("jwksUrl", partnerBase + "/protocol/openid-connect/certs");
        config.put("issuer", partnerBase);
        config.put("useJwksUrl", "true");
        config.put("validateSignature", "true");
        config.put("defaultScope", "openid profile email");
        config.put("syncMode", "IMPORT");
        ObjectNode other = idps.addObject();
        other.put("alias", OTHER_IDP);
        other.put("providerId", "oidc");
        other.put("enabled", true);
        ObjectNode otherConfig = other.putObject("config");
        otherConfig.put("clientId", "other");
        otherConfig.put("clientSecret", "other-secret");
        otherConfig.put("authorizationUrl", "http://127.0.0.1:9/auth");
        otherConfig.put("tokenUrl", "http://127.0.0.1:9/token");
        return realm;
    }

    private static ObjectNode partnerRealm(String server, String gateway, String partner) {
        ObjectNode realm = Http.JSON.createObjectNode();
        realm.put("realm", partner);
        realm.put("enabled", true);
        realm.put("passwordPolicy", CHEAP_PASSWORD_HASHING);
        ArrayNode users = realm.putArray("users");
        user(users, PARTNER_USER, null);
        ArrayNode clients = realm.putArray("clients");
        cliClient(clients);
        ObjectNode broker = clients.addObject();
        broker.put("clientId", "broker");
        broker.put("publicClient", false);
        broker.put("secret", "broker-secret");
        broker.put("standardFlowEnabled", true);
        broker.putArray("redirectUris").add(server + "/realms/" + gateway + "/broker/" + PARTNER_IDP + "/endpoint*");
        return realm;
    }

    private static void cliClient(ArrayNode clients) {
        ObjectNode cli = clients.addObject();
        cli.put("clientId", CLI_CLIENT);
        cli.put("publicClient", true);
        cli.put("directAccessGrantsEnabled", true);
        cli.put("standardFlowEnabled", false);
    }

    private static ObjectNode user(ArrayNode users, String username, String group) {
        ObjectNode user = users.addObject();
        user.put("username", username);
        user.put("enabled", true);
        user.put("email", username + "@example.org");
        user.put("emailVerified", true);
        user.put("firstName", username);
        user.put("lastName", "Test");
        ObjectNode credential = user.putArray("credentials").addObject();
        credential.put("type", "password");
        credential.put("value", PASSWORD);
        credential.put("temporary", false);
        if (group != null) {
            user.putArray("groups").add(group);
        }
        return user;
    }

    /** A map for a pool body. */
    public static Map<String, Object> pool(String name, String identityProvider) {
        java.util.HashMap<String, Object> body = new java.util.HashMap<>();
        body.put("name", name);
        body.put("identityProvider", identityProvider);
        return body;
    }
}
