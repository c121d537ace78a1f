package org.gatewayaccess.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.Members;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code PUT /users/{id}/gateway-role} and the rule that a gateway never ends up without
 * an enabled admin, on every path: the extension's API and Keycloak's own admin API (what
 * the admin console calls) — removing the membership, revoking the role, deleting or
 * disabling the user — and under concurrent requests.
 */
class GatewayRolesIT extends RealKeycloakTest {

    private GatewayRealm gw;
    private String admins;
    private String readOnlyAdmins;
    private String users;

    @BeforeEach
    void realm() {
        gw = GatewayRealm.create(ADMIN, "roles");
        admins = ADMIN.groupId(gw.name(), "/Admins");
        readOnlyAdmins = ADMIN.groupId(gw.name(), "/Read Only Admins");
        users = ADMIN.groupId(gw.name(), "/Gateway Users");
    }

    @Test
    void aGatewayAdminReplacesARoleAndTheMembershipsFollowAndTheSameRoleAgainWritesNothing() {
        String user = ADMIN.createUser(gw.name(), "researcher");
        String token = gw.gatewayAdminToken();
        assertEquals(204, setRole(token, user, "gateway-user").status());
        assertEquals(List.of("role:gateway-user"), Members.sources(ADMIN, gw, users, user));

        assertEquals(204, setRole(token, user, "admin-read-only").status());
        assertEquals(List.of("role:admin-read-only"), Members.sources(ADMIN, gw, readOnlyAdmins, user));
        assertEquals(List.of(), Members.sources(ADMIN, gw, users, user), "the old role's group is left");
        assertFalse(ADMIN.groupsOf(gw.name(), user).contains(users));
        assertEquals(List.of("admin-read-only"), gatewayRolesHeld(user), "exactly one gateway role, held directly");

        List<JsonNode> events = Members.adminEvents(ADMIN, gw.name(), "GATEWAY_ACCESS_GATEWAY_ROLE", "UPDATE");
        assertEquals(2, events.size(), events::toString);
        assertTrue(
                events.get(0).get("representation").asText().contains("\"previousRole\":\"gateway-user\""),
                events::toString);
        int before = ADMIN.adminEvents(gw.name()).size();
        assertEquals(204, setRole(token, user, "admin-read-only").status(), "the same role again");
        assertEquals(before, ADMIN.adminEvents(gw.name()).size(), "no write, no event");
    }

    @Test
    void guardsEachAnswerTheirOwnStatusAndChangeNothing() {
        String user = ADMIN.createUser(gw.name(), "guarded");
        assertEquals(204, setRole(ADMIN.token(), user, "gateway-user").status());

        assertError(403, "forbidden", setRole(gw.plainUserToken(), user, "admin-read-only"));
        assertError(403, "forbidden", setRole(gw.readOnlyAdminToken(), user, "admin-read-only"));
        assertError(
                404,
                "user_not_found",
                setRole(gw.gatewayAdminToken(), "0b7c4c6e-4b43-4c57-9a51-0d1f2f9e0000", "gateway-user"));
        assertError(400, "unknown_role", setRole(gw.gatewayAdminToken(), user, "superuser"));
        assertError(400, "unknown_role", setRole(gw.gatewayAdminToken(), user, "offline_access"));
        assertError(
                400,
                "invalid_type",
                Http.put(gw.api() + "/users/" + user + "/gateway-role", gw.gatewayAdminToken(), "{\"role\": 1}"));
        assertError(
                400,
                "missing_field",
                Http.put(gw.api() + "/users/" + user + "/gateway-role", gw.gatewayAdminToken(), "{}"));
        // promotion to admin: Keycloak admins only, while adminPromotionRequiresRealmAdmin is true (the default)
        assertError(403, "forbidden", setRole(gw.gatewayAdminToken(), user, "admin"));
        assertEquals(List.of("gateway-user"), gatewayRolesHeld(user), "nothing changed");
        assertEquals(List.of(), Members.sources(ADMIN, gw, admins, user));

        assertEquals(
                204, setRole(gw.keycloakAdminToken(), user, "admin").status(), "a realm's Keycloak admin may promote");
        assertEquals(List.of("role:admin"), Members.sources(ADMIN, gw, admins, user));
        assertEquals(List.of("admin"), gatewayRolesHeld(user));
    }

    /**
     * A higher gateway role held through a Keycloak group stays whatever the call revokes, so the new role would not be
     * the user's: 409 {@code role_inherited}, and nothing is written.
     */
    @Test
    void aHigherRoleHeldThroughAGroupRefusesTheDemotionAndChangesNothing() {
        String user = ADMIN.createUser(gw.name(), "inherits");
        assertEquals(204, setRole(ADMIN.token(), user, "gateway-user").status());
        String reviewers = ADMIN.createGroup(gw.name(), "Reviewers");
        ADMIN.grantGroupRole(gw.name(), reviewers, "admin-read-only");
        assertEquals(204, ADMIN.joinGroup(gw.name(), user, reviewers).status());
        List<String> readOnlySources = Members.sources(ADMIN, gw, readOnlyAdmins, user);
        List<String> userSources = Members.sources(ADMIN, gw, users, user);
        int roleEvents = Members.adminEvents(ADMIN, gw.name(), "GATEWAY_ACCESS_GATEWAY_ROLE", "UPDATE")
                .size();

        JsonNode body = assertError(409, "role_inherited", setRole(gw.gatewayAdminToken(), user, "gateway-user"));
        assertEquals(
                "The user holds 'admin-read-only' through a group or a composite role; change that first, then assign"
                        + " 'gateway-user'.",
                body.get("errorMessage").asText());
        assertEquals(List.of("gateway-user"), gatewayRolesHeld(user), "no role revoked or granted");
        assertTrue(ADMIN.groupsOf(gw.name(), user).contains(reviewers), "still in the group that gives the role");
        assertEquals(readOnlySources, Members.sources(ADMIN, gw, readOnlyAdmins, user));
        assertEquals(userSources, Members.sources(ADMIN, gw, users, user));
        assertEquals(
                roleEvents,
                Members.adminEvents(ADMIN, gw.name(), "GATEWAY_ACCESS_GATEWAY_ROLE", "UPDATE")
                        .size(),
                "no event");
    }

    /**
     * A higher role's group that holds the user through an identity-provider mapping belongs to the link, which this call
     * does not own: the user would stay in that group, so the demotion is 409 {@code membership_from_link}, nothing written.
     */
    @Test
    void aHigherRolesGroupHeldThroughAProviderMappingRefusesTheDemotionAndChangesNothing() {
        JsonNode config = Http.get(gw.api() + "/config", ADMIN.token()).json();
        ((com.fasterxml.jackson.databind.node.ArrayNode) config.get("identityProviderMappings"))
                .addObject()
                .put("identityProvider", GatewayRealm.PARTNER_IDP)
                .put("group", "/Read Only Admins");
        Http.Result saved =
                Http.put(gw.api() + "/config", ADMIN.token(), config); // a new mapping target: Keycloak admins only
        assertEquals(200, saved.status(), saved::toString);
        String user = ADMIN.createUser(gw.name(), "linked-reader");
        assertEquals(204, setRole(ADMIN.token(), user, "admin-read-only").status());
        ADMIN.link(gw.name(), user, GatewayRealm.PARTNER_IDP);
        List<String> readOnlySources = Members.sources(ADMIN, gw, readOnlyAdmins, user);
        assertTrue(
                readOnlySources.contains("identity-provider:" + GatewayRealm.PARTNER_IDP), readOnlySources::toString);
        int roleEvents = Members.adminEvents(ADMIN, gw.name(), "GATEWAY_ACCESS_GATEWAY_ROLE", "UPDATE")
                .size();

        JsonNode body = assertError(409, "membership_from_link", setRole(gw.gatewayAdminToken(), user, "gateway-user"));
        assertEquals(
                "The user is in group " + readOnlyAdmins + " through identity-provider:" + GatewayRealm.PARTNER_IDP
                        + " (an identity-provider mapping); change that mapping first.",
                body.get("errorMessage").asText());
        assertEquals(List.of("admin-read-only"), gatewayRolesHeld(user), "no role revoked or granted");
        assertEquals(readOnlySources, Members.sources(ADMIN, gw, readOnlyAdmins, user));
        assertEquals(List.of(), Members.sources(ADMIN, gw, users, user), "not moved into the new role's group");
        assertEquals(
                roleEvents,
                Members.adminEvents(ADMIN, gw.name(), "GATEWAY_ACCESS_GATEWAY_ROLE", "UPDATE")
                        .size(),
                "no event");
    }

    @Test
    void theLastAdminCannotBeDemotedDeletedOrDisabledAndEachRefusalIsAnAdminEvent() {
        String gwadmin = gw.userId("gwadmin");
        String adminApi = ADMIN.baseUrl() + "/admin/realms/" + gw.name() + "/users/" + gwadmin;

        assertError(409, "last_admin", setRole(ADMIN.token(), gwadmin, "gateway-user"));
        assertError(409, "last_admin", Http.delete(adminApi, ADMIN.token()));
        assertError(409, "last_admin", Http.put(adminApi, ADMIN.token(), Map.of("enabled", false)));
        assertError(409, "last_admin", ADMIN.leaveGroup(gw.name(), gwadmin, admins));
        JsonNode user = Http.get(adminApi, ADMIN.token()).json();
        assertTrue(user.get("enabled").asBoolean(), "still enabled");
        assertEquals(List.of("admin"), Members.sources(ADMIN, gw, admins, gwadmin), "still the admin");
        assertEquals(
                4,
                Members.adminEvents(ADMIN, gw.name(), "GATEWAY_ACCESS_LAST_ADMIN", "ACTION")
                        .size(),
                "every refusal is recorded");

        // with a second, enabled admin the first may be disabled; then the second is the last enabled one
        String second = ADMIN.createUser(gw.name(), "second-admin");
        assertEquals(204, setRole(ADMIN.token(), second, "admin").status());
        assertEquals(
                204, Http.put(adminApi, ADMIN.token(), Map.of("enabled", false)).status());
        String secondApi = ADMIN.baseUrl() + "/admin/realms/" + gw.name() + "/users/" + second;
        assertError(409, "last_admin", Http.delete(secondApi, ADMIN.token()));
        assertError(409, "last_admin", ADMIN.revokeRole(gw.name(), second, "admin"));
        // an update that leaves a disabled admin disabled is not a removal
        assertEquals(
                204,
                Http.put(adminApi, ADMIN.token(), Map.of("enabled", false, "firstName", "Gwen"))
                        .status());
        // a disabled admin may leave: that does not lower the number of enabled admins
        assertEquals(204, ADMIN.leaveGroup(gw.name(), gwadmin, admins).status());
    }

    @Test
    void aDemotedAdminLosesAccessOnTheNextCallWhateverTheTokenSays() {
        String reader = gw.userId("reader");
        assertEquals(204, setRole(ADMIN.token(), reader, "admin").status());
        String token = gw.readOnlyAdminToken(); // issued while an admin
        String someone = ADMIN.createUser(gw.name(), "someone");
        assertEquals(
                204,
                Http.put(gw.api() + "/groups/" + users + "/members/" + someone, token, null)
                        .status());

        assertEquals(
                204, setRole(gw.gatewayAdminToken(), reader, "gateway-user").status());
        assertError(403, "forbidden", Http.put(gw.api() + "/groups/" + users + "/members/" + someone, token, null));
        assertError(403, "forbidden", Http.get(gw.api() + "/groups", token));
    }

    /**
     * Two admins; 24 concurrent requests, half demoting each. Exactly one demotion can
     * happen. Requests for the survivor answer 409; requests for the demoted one answer
     * 204 (one changed the role, the rest found it already changed and wrote nothing).
     */
    @Test
    void concurrentDemotionsOfTheLastTwoAdminsLeaveExactlyOne() throws Exception {
        String first = gw.userId("gwadmin");
        String second = ADMIN.createUser(gw.name(), "co-admin");
        assertEquals(204, setRole(ADMIN.token(), second, "admin").status());
        assertEquals(2, Members.count(ADMIN, gw, admins));
        String kcToken = ADMIN.token();
        int perAdmin = 12;
        ExecutorService pool = Executors.newFixedThreadPool(2 * perAdmin);
        List<String> targets = new ArrayList<>();
        List<Future<Integer>> results = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            for (int i = 0; i < 2 * perAdmin; i++) {
                String target = i % 2 == 0 ? first : second;
                targets.add(target);
                results.add(pool.submit(() -> {
                    start.await();
                    return setRole(kcToken, target, "gateway-user").status();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> r : results) {
                statuses.add(r.get(120, TimeUnit.SECONDS));
            }
            assertEquals(1, Members.count(ADMIN, gw, admins), statuses::toString);
            String survivor = Members.sources(ADMIN, gw, admins, first).isEmpty() ? second : first;
            for (int i = 0; i < statuses.size(); i++) {
                int expected = targets.get(i).equals(survivor) ? 409 : 204;
                assertEquals(expected, statuses.get(i), "request " + i + " of " + statuses);
            }
            assertEquals(
                    1,
                    Members.adminEvents(ADMIN, gw.name(), "GATEWAY_ACCESS_GATEWAY_ROLE", "UPDATE").stream()
                            // gwadmin is an admin through the Admins group only (no role), so previousRole may be null:
                            // match the new role
                            .filter(e -> e.get("representation").asText().contains("\"role\":\"gateway-user\""))
                            .count(),
                    "one demotion");
            assertEquals(
                    perAdmin,
                    Members.adminEvents(ADMIN, gw.name(), "GATEWAY_ACCESS_LAST_ADMIN", "ACTION")
                            .size(),
                    "every refused request recorded");
            System.out.printf(
                    "concurrent demotions: %d requests, %d answered 204, %d answered 409%n",
                    statuses.size(),
                    statuses.stream().filter(s -> s == 204).count(),
                    statuses.stream().filter(s -> s == 409).count());
        } finally {
            pool.shutdownNow();
        }
    }

    private Http.Result setRole(String token, String userId, String role) {
        return Http.put(gw.api() + "/users/" + userId + "/gateway-role", token, Map.of("role", role));
    }

    /** The gateway roles the user holds directly, per Keycloak. */
    private List<String> gatewayRolesHeld(String userId) {
        List<String> held = new ArrayList<>();
        Http.get(
                        ADMIN.baseUrl() + "/admin/realms/" + gw.name() + "/users/" + userId + "/role-mappings/realm",
                        ADMIN.token())
                .json()
                .forEach(r -> {
                    String name = r.get("name").asText();
                    if (List.of("admin", "admin-read-only", "gateway-user").contains(name)) {
                        held.add(name);
                    }
                });
        return held;
    }
}
