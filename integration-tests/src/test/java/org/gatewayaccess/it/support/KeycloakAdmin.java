package org.gatewayaccess.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** Keycloak's own admin REST API, called as a master-realm admin, the way an operator's script would. */
public final class KeycloakAdmin {

    private final String baseUrl;
    private final String username;
    private final String password;
    private String token;
    private long tokenExpiresAt;

    public KeycloakAdmin(String baseUrl, String username, String password) {
        this.baseUrl = baseUrl;
        this.username = username;
        this.password = password;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** A master-realm admin token (admin-cli, password grant). */
    public synchronized String token() {
        if (token == null || System.currentTimeMillis() > tokenExpiresAt) {
            token = passwordToken("master", "admin-cli", username, password);
            tokenExpiresAt = System.currentTimeMillis() + 30_000;
        }
        return token;
    }

    public String passwordToken(String realm, String clientId, String username, String password) {
        Http.Result r = Http.postForm(
                baseUrl + "/realms/" + realm + "/protocol/openid-connect/token",
                Map.of("grant_type", "password", "client_id", clientId, "username", username, "password", password));
        assertEquals(200, r.status(), () -> "token for " + username + " in " + realm + ": " + r);
        return r.json().get("access_token").asText();
    }

    public void createRealm(ObjectNode realm) {
        Http.Result r = Http.post(baseUrl + "/admin/realms", token(), realm);
        assertEquals(201, r.status(), () -> "create realm: " + r);
    }

    public void deleteRealm(String realm) {
        Http.Result r = Http.delete(baseUrl + "/admin/realms/" + realm, token());
        assertEquals(204, r.status(), () -> "delete realm: " + r);
    }

    public JsonNode realm(String realm) {
        return Http.get(baseUrl + "/admin/realms/" + realm, token()).json();
    }

    public String userId(String realm, String username) {
        JsonNode users = Http.get(
                        baseUrl + "/admin/realms/" + realm + "/users?exact=true&username=" + username, token())
                .json();
        assertEquals(1, users.size(), () -> "user " + username + " in " + realm + ": " + users);
        return users.get(0).get("id").asText();
    }

    public String createUser(String realm, String username) {
        Http.Result r = Http.post(
                baseUrl + "/admin/realms/" + realm + "/users",
                token(),
                Map.of(
                        "username",
                        username,
                        "enabled",
                        true,
                        "email",
                        username + "@example.org",
                        "firstName",
                        username,
                        "lastName",
                        "Test",
                        "emailVerified",
                        true));
        assertEquals(201, r.status(), () -> "create user: " + r);
        String location = r.header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** A permanent password, so that the user can get tokens by the password grant. */
    public void setPassword(String realm, String userId, String password) {
        Http.Result r = Http.put(
                baseUrl + "/admin/realms/" + realm + "/users/" + userId + "/reset-password",
                token(),
                Map.of("type", "password", "value", password, "temporary", false));
        assertEquals(204, r.status(), () -> "set password: " + r);
    }

    public void deleteUser(String realm, String userId) {
        Http.Result r = Http.delete(baseUrl + "/admin/realms/" + realm + "/users/" + userId, token());
        assertEquals(204, r.status(), () -> "delete user: " + r);
    }

    /** Links a user to an identity provider through the admin API ({@code POST users/{id}/federated-identity/{alias}}). */
    public void link(String realm, String userId, String alias) {
        Http.Result r = Http.post(
                baseUrl + "/admin/realms/" + realm + "/users/" + userId + "/federated-identity/" + alias,
                token(),
                Map.of("identityProvider", alias, "userId", "ext-" + userId, "userName", "ext-" + userId));
        assertEquals(204, r.status(), () -> "link: " + r);
    }

    public void unlink(String realm, String userId, String alias) {
        Http.Result r = Http.delete(
                baseUrl + "/admin/realms/" + realm + "/users/" + userId + "/federated-identity/" + alias, token());
        assertEquals(204, r.status(), () -> "unlink: " + r);
    }

    public JsonNode links(String realm, String userId) {
        return Http.get(baseUrl + "/admin/realms/" + realm + "/users/" + userId + "/federated-identity", token())
                .json();
    }

    /** Adds an OIDC identity provider that is never logged in through (links to it are made by the admin API or SQL). */
    public void createOidcProvider(String realm, String alias) {
        Http.Result r = Http.post(
                baseUrl + "/admin/realms/" + realm + "/identity-provider/instances",
                token(),
                Map.of(
                        "alias",
                        alias,
                        "providerId",
                        "oidc",
                        "enabled",
                        true,
                        "config",
                        Map.of(
                                "clientId",
                                alias,
                                "clientSecret",
                                "secret",
                                "authorizationUrl",
                                "http://127.0.0.1:9/auth",
                                "tokenUrl",
                                "http://127.0.0.1:9/token")));
        assertEquals(201, r.status(), () -> "create identity provider: " + r);
    }

    public void deleteIdentityProvider(String realm, String alias) {
        Http.Result r =
                Http.delete(baseUrl + "/admin/realms/" + realm + "/identity-provider/instances/" + alias, token());
        assertEquals(204, r.status(), () -> "delete identity provider: " + r);
    }

    public JsonNode adminEvents(String realm) {
        return Http.get(baseUrl + "/admin/realms/" + realm + "/admin-events?max=1000", token())
                .json();
    }

    /** Creates a top-level group and returns its id. */
    public String createGroup(String realm, String name) {
        Http.Result r = Http.post(baseUrl + "/admin/realms/" + realm + "/groups", token(), Map.of("name", name));
        assertEquals(201, r.status(), () -> "create group: " + r);
        String location = r.header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** Creates a subgroup of {@code parentId} and returns its id. */
    public String createSubgroup(String realm, String parentId, String name) {
        Http.Result r = Http.post(
                baseUrl + "/admin/realms/" + realm + "/groups/" + parentId + "/children",
                token(),
                Map.of("name", name));
        assertEquals(201, r.status(), () -> "create subgroup: " + r);
        String location = r.header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** The id of the group at {@code path} (such as {@code /Admins}). */
    public String groupId(String realm, String path) {
        Http.Result r =
                Http.get(baseUrl + "/admin/realms/" + realm + "/group-by-path" + path.replace(" ", "%20"), token());
        assertEquals(200, r.status(), () -> "group " + path + ": " + r);
        return r.json().get("id").asText();
    }

    public JsonNode role(String realm, String name) {
        Http.Result r = Http.get(baseUrl + "/admin/realms/" + realm + "/roles/" + name, token());
        assertEquals(200, r.status(), () -> "role " + name + ": " + r);
        return r.json();
    }

    /** Creates a realm role, composite of {@code composites} (realm roles) if any. */
    public void createRole(String realm, String name, String... composites) {
        Http.Result r = Http.post(baseUrl + "/admin/realms/" + realm + "/roles", token(), Map.of("name", name));
        assertEquals(201, r.status(), () -> "create role: " + r);
        if (composites.length > 0) {
            java.util.List<JsonNode> roles =
                    java.util.Arrays.stream(composites).map(c -> role(realm, c)).toList();
            Http.Result c =
                    Http.post(baseUrl + "/admin/realms/" + realm + "/roles/" + name + "/composites", token(), roles);
            assertEquals(204, c.status(), () -> "composites: " + c);
        }
    }

    /** {@code POST users/{id}/role-mappings/realm}: the status (204, or Keycloak's refusal). */
    public Http.Result grantRole(String realm, String userId, String role) {
        return Http.post(
                baseUrl + "/admin/realms/" + realm + "/users/" + userId + "/role-mappings/realm",
                token(),
                java.util.List.of(role(realm, role)));
    }

    public Http.Result revokeRole(String realm, String userId, String role) {
        return Http.send(
                "DELETE",
                baseUrl + "/admin/realms/" + realm + "/users/" + userId + "/role-mappings/realm",
                token(),
                java.util.List.of(role(realm, role)));
    }

    public void grantGroupRole(String realm, String groupId, String role) {
        Http.Result r = Http.post(
                baseUrl + "/admin/realms/" + realm + "/groups/" + groupId + "/role-mappings/realm",
                token(),
                java.util.List.of(role(realm, role)));
        assertEquals(204, r.status(), () -> "group role: " + r);
    }

    /** {@code PUT users/{id}/groups/{groupId}}, as the admin console does it. */
    public Http.Result joinGroup(String realm, String userId, String groupId) {
        return Http.put(baseUrl + "/admin/realms/" + realm + "/users/" + userId + "/groups/" + groupId, token(), null);
    }

    /** {@code DELETE users/{id}/groups/{groupId}}, as the admin console does it. */
    public Http.Result leaveGroup(String realm, String userId, String groupId) {
        return Http.delete(baseUrl + "/admin/realms/" + realm + "/users/" + userId + "/groups/" + groupId, token());
    }

    /** Ids of the user's direct groups, per Keycloak. */
    public java.util.List<String> groupsOf(String realm, String userId) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        Http.get(baseUrl + "/admin/realms/" + realm + "/users/" + userId + "/groups", token())
                .json()
                .forEach(g -> ids.add(g.get("id").asText()));
        return ids;
    }
}
