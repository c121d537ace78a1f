package org.gatewayaccess.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.Jobs;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The delegation boundary (docs/security-model.md): a gateway admin runs the gateway without Keycloak admin rights,
 * and nothing it does through the extension reaches Keycloak's own rights. Each test asserts the outcome a Keycloak
 * admin cares about — a fresh token of the attacker still cannot use Keycloak's admin API, the victim keeps its
 * role — not only the refusal's status.
 */
class DelegationBoundaryIT extends RealKeycloakTest {

    private GatewayRealm gw;
    private String adminApi;

    @BeforeEach
    void realm() {
        gw = GatewayRealm.create(ADMIN, "boundary");
        adminApi = ADMIN.baseUrl() + "/admin/realms/" + gw.name();
    }

    /** Issue 14's first attack: a mapping into a group carrying realm-admin, then joining it through the extension. */
    @Test
    void aGatewayAdminCannotMapItsWayIntoAGroupThatCarriesRealmAdmin() {
        String ops = privilegedGroup("ops-admins");
        String gwadmin = gw.userId("gwadmin");
        assertEquals(403, adminUsersStatus("gwadmin"), "no admin-API rights before");
        JsonNode before = config(ADMIN.token());

        ObjectNode attack = before.deepCopy();
        ((ArrayNode) attack.get("roleMappings"))
                .addObject()
                .put("role", "offline_access")
                .put("group", "/ops-admins")
                .put("mode", "migrate");
        assertError(403, null, Http.put(gw.api() + "/config", gw.gatewayAdminToken(), attack));
        assertError(
                404,
                "group_not_found",
                Http.put(gw.api() + "/groups/" + ops + "/members/" + gwadmin, gw.gatewayAdminToken(), null));

        assertEquals(before, config(ADMIN.token()), "the configuration did not change");
        assertFalse(ADMIN.groupsOf(gw.name(), gwadmin).contains(ops));
        assertEquals(403, adminUsersStatus("gwadmin"), "a fresh token of gwadmin still has no admin-API rights");
    }

    @Test
    void noCallerMakesAPrivilegedGroupAMappingTargetOrASystemGroup() {
        privilegedGroup("ops-admins");
        JsonNode before = config(ADMIN.token());

        ObjectNode mapping = before.deepCopy();
        ((ArrayNode) mapping.get("roleMappings"))
                .addObject()
                .put("role", "gateway-user")
                .put("group", "/ops-admins");
        JsonNode refused = assertError(403, "privileged_group", Http.put(gw.api() + "/config", ADMIN.token(), mapping));
        String sentence = refused.get("errorMessage").asText();
        assertTrue(sentence.contains("/ops-admins") && sentence.contains("realm-management/realm-admin"), sentence);

        ObjectNode system = before.deepCopy();
        ((ObjectNode) system.get("gatewayGroups")).put("readOnlyAdmins", "/ops-admins");
        assertError(403, "privileged_group", Http.put(gw.api() + "/config", ADMIN.token(), system));

        assertEquals(before, config(ADMIN.token()), "nothing changed");
    }

    /** Keycloak can change a group after it became a gateway group: the rule is checked at every write. */
    @Test
    void aGatewayGroupThatBecomesPrivilegedLaterIsOutOfAGatewayAdminsReach() {
        String staff = ADMIN.createGroup(gw.name(), "Staff");
        ObjectNode withStaff = config(ADMIN.token()).deepCopy();
        ((ArrayNode) withStaff.get("roleMappings"))
                .addObject()
                .put("role", "gateway-user")
                .put("group", "/Staff");
        assertEquals(
                200, Http.put(gw.api() + "/config", ADMIN.token(), withStaff).status(), "ordinary when mapped");
        String victim = userWithPassword("victim");
        assertEquals(204, ADMIN.joinGroup(gw.name(), victim, staff).status());
        grantGroupClientRole(staff, "realm-management", "realm-admin"); // a Keycloak admin, in the admin console
        assertEquals(200, adminUsersStatus("victim"), "the victim is a realm admin through /Staff");

        String plain = gw.userId("plain");
        JsonNode add = assertError(
                403,
                "privileged_group",
                Http.put(gw.api() + "/groups/" + staff + "/members/" + plain, gw.gatewayAdminToken(), null));
        assertTrue(add.get("errorMessage").asText().contains("/Staff"), add::toString);
        assertError(
                403,
                "privileged_group",
                Http.put(
                        gw.api() + "/users/" + plain + "/gateway-role",
                        gw.gatewayAdminToken(),
                        Map.of("role", "gateway-user")));
        assertFalse(ADMIN.groupsOf(gw.name(), plain).contains(staff));
        assertFalse(realmRoles(plain).contains("gateway-user"), "the refused assignment granted nothing");
        assertEquals(403, adminUsersStatus("plain"), "a fresh token of plain has no admin-API rights");

        assertError(
                403,
                "privileged_group",
                Http.delete(gw.api() + "/groups/" + staff + "/members/" + victim, gw.gatewayAdminToken()));
        assertTrue(ADMIN.groupsOf(gw.name(), victim).contains(staff), "the victim is still in /Staff");
        assertEquals(200, adminUsersStatus("victim"), "and keeps its realm-admin rights");

        // Automatic paths do not hand the group out either: a role granted in Keycloak puts the user into the
        // ordinary /Gateway Users that the same role maps to, but not into /Staff.
        String auto = userWithPassword("auto");
        assertEquals(204, ADMIN.grantRole(gw.name(), auto, "gateway-user").status());
        List<String> groups = ADMIN.groupsOf(gw.name(), auto);
        assertTrue(groups.contains(ADMIN.groupId(gw.name(), "/Gateway Users")), groups::toString);
        assertFalse(groups.contains(staff), groups::toString);
        JsonNode sync =
                Jobs.runSync(gw, false); // nor does the sync, which would otherwise add every holder of gateway-user
        assertEquals("done", sync.get("status").asText(), sync::toString);
        assertFalse(ADMIN.groupsOf(gw.name(), auto).contains(staff), "the sync adds nobody to a privileged group");
        assertFalse(ADMIN.groupsOf(gw.name(), plain).contains(staff));
        assertEquals(403, adminUsersStatus("auto"));
        assertTrue(ADMIN.groupsOf(gw.name(), victim).contains(staff), "and takes nobody's source of another kind away");
    }

    @Test
    void gatewayRolesStayInsideTheGatewayRolesForEveryCaller() {
        ADMIN.createRole(gw.name(), "ops");
        addClientComposite("ops", "realm-management", "realm-admin");
        JsonNode before = config(ADMIN.token());
        for (String role : List.of("ops", "offline_access", "uma_authorization", "default-roles-" + gw.name())) {
            ObjectNode doc = before.deepCopy();
            ((ArrayNode) doc.get("gatewayRoles")).add(role);
            JsonNode refused =
                    assertError(400, "invalid_gateway_role", Http.put(gw.api() + "/config", ADMIN.token(), doc));
            assertTrue(refused.get("errorMessage").asText().contains("'" + role + "'"), refused::toString);
        }
        assertEquals(before, config(ADMIN.token()));

        // A gateway role that Keycloak makes privileged later can no longer be assigned.
        ADMIN.createRole(gw.name(), "researcher");
        ObjectNode withResearcher = before.deepCopy();
        ((ArrayNode) withResearcher.get("gatewayRoles")).add("researcher");
        assertEquals(
                200,
                Http.put(gw.api() + "/config", ADMIN.token(), withResearcher).status());
        addClientComposite("researcher", "realm-management", "realm-admin");
        String plain = gw.userId("plain");
        assertError(
                403,
                "privileged_role",
                Http.put(
                        gw.api() + "/users/" + plain + "/gateway-role",
                        gw.gatewayAdminToken(),
                        Map.of("role", "researcher")));
        assertFalse(realmRoles(plain).contains("researcher"));
        assertEquals(403, adminUsersStatus("plain"), "a fresh token of plain has no admin-API rights");
    }

    @Test
    void theSettingsThatDrawTheBoundaryAreKeycloakAdminsButGatewayAdminsKeepTheRest() {
        ADMIN.createGroup(gw.name(), "Lab");
        JsonNode before = config(ADMIN.token());
        String token = gw.gatewayAdminToken();

        ObjectNode roles = before.deepCopy();
        roles.putArray("gatewayRoles").add("admin").add("admin-read-only");
        ObjectNode groups = before.deepCopy();
        ((ObjectNode) groups.get("gatewayGroups")).put("users", "/Lab");
        ObjectNode promotion = before.deepCopy();
        promotion.put("adminPromotionRequiresRealmAdmin", false);
        ObjectNode newTarget = before.deepCopy();
        ((ArrayNode) newTarget.get("identityProviderMappings"))
                .addObject()
                .put("identityProvider", GatewayRealm.PARTNER_IDP)
                .put("group", "/Lab");
        for (ObjectNode refused : List.of(roles, groups, promotion, newTarget)) {
            assertError(403, "forbidden", Http.put(gw.api() + "/config", token, refused));
        }
        assertEquals(before, config(ADMIN.token()), "nothing changed");

        ObjectNode allowed = before.deepCopy();
        ((ObjectNode) allowed.get("discovery")).put("poolsDiscoverable", false);
        ((ObjectNode) allowed.get("pendingApproval")).put("enabled", true);
        ((ArrayNode) allowed.get("identityProviderMappings"))
                .addObject()
                .put("identityProvider", GatewayRealm.PARTNER_IDP)
                .put("group", "/Gateway Users");
        JsonNode saved = Http.put(gw.api() + "/config", token, allowed).json();
        assertFalse(saved.get("discovery").get("poolsDiscoverable").asBoolean(), saved::toString);
        assertTrue(saved.get("pendingApproval").get("enabled").asBoolean(), saved::toString);
        assertEquals(1, saved.get("identityProviderMappings").size(), saved::toString);

        // the same refused documents pass for a Keycloak admin
        assertEquals(
                200, Http.put(gw.api() + "/config", ADMIN.token(), newTarget).status());
    }

    /** One definition of "admin": the admins group and all its subgroups, for the caller check, the guards and counting. */
    @Test
    void theAdminsSubgroupsAreAdminsForEveryRule() {
        String admins = ADMIN.groupId(gw.name(), "/Admins");
        String sub = ADMIN.createSubgroup(gw.name(), admins, "x");
        ObjectNode withSub = config(ADMIN.token()).deepCopy();
        ((ArrayNode) withSub.get("roleMappings"))
                .addObject()
                .put("role", "gateway-user")
                .put("group", "/Admins/x")
                .put("mode", "migrate");
        assertEquals(
                200, Http.put(gw.api() + "/config", ADMIN.token(), withSub).status(), "a Keycloak admin may map there");

        String plain = gw.userId("plain");
        assertError(
                403,
                "forbidden",
                Http.put(gw.api() + "/groups/" + sub + "/members/" + plain, gw.gatewayAdminToken(), null));
        ObjectNode syncIntoSub = withSub.deepCopy();
        ((ArrayNode) syncIntoSub.get("roleMappings"))
                .addObject()
                .put("role", "admin-read-only")
                .put("group", "/Admins/x");
        assertError(403, "forbidden", Http.put(gw.api() + "/config", gw.gatewayAdminToken(), syncIntoSub));
        assertFalse(ADMIN.groupsOf(gw.name(), plain).contains(sub));
        assertError(
                403, null, Http.post(gw.api() + "/pools", gw.plainUserToken(), GatewayRealm.pool("Not yours", null)));

        // A member of /Admins/x is an admin, so it counts when the last member of /Admins itself leaves.
        String second = userWithPassword("second");
        assertEquals(204, ADMIN.joinGroup(gw.name(), second, sub).status());
        assertEquals(
                201,
                Http.post(gw.api() + "/pools", gw.token("second"), GatewayRealm.pool("Second's", null))
                        .status());
        assertEquals(
                204,
                ADMIN.leaveGroup(gw.name(), gw.userId("gwadmin"), admins).status(),
                "another admin remains in /Admins/x");
        assertError(
                403,
                null,
                Http.post(gw.api() + "/pools", gw.gatewayAdminToken(), GatewayRealm.pool("Not any more", null)));
        Http.Result last = ADMIN.leaveGroup(gw.name(), second, sub);
        assertEquals(409, last.status(), last::toString);
        assertTrue(ADMIN.groupsOf(gw.name(), second).contains(sub));
        assertEquals(
                201,
                Http.post(gw.api() + "/pools", gw.token("second"), GatewayRealm.pool("Still an admin", null))
                        .status());
    }

    @Test
    void theAdminsGroupIsNeverRePointedToAGroupWithoutAnEnabledAdmin() {
        ADMIN.createGroup(gw.name(), "Empty");
        JsonNode before = config(ADMIN.token());
        ObjectNode empty = before.deepCopy();
        ((ObjectNode) empty.get("gatewayGroups")).put("admins", "/Empty");
        assertError(409, "last_admin", Http.put(gw.api() + "/config", ADMIN.token(), empty));
        assertEquals(before, config(ADMIN.token()));
        assertEquals(
                201,
                Http.post(gw.api() + "/pools", gw.gatewayAdminToken(), GatewayRealm.pool("Still ours", null))
                        .status());

        String next = ADMIN.createGroup(gw.name(), "New Admins");
        String boss = userWithPassword("boss");
        assertEquals(204, ADMIN.joinGroup(gw.name(), boss, next).status());
        ObjectNode moved = before.deepCopy();
        ((ObjectNode) moved.get("gatewayGroups")).put("admins", "/New Admins");
        moved.putArray("roleMappings"); // the default admin → /Admins mapping would follow the old group
        assertEquals(200, Http.put(gw.api() + "/config", ADMIN.token(), moved).status());
        assertEquals(
                201,
                Http.post(gw.api() + "/pools", gw.token("boss"), GatewayRealm.pool("Boss's", null))
                        .status());
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private JsonNode config(String token) {
        Http.Result r = Http.get(gw.api() + "/config", token);
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    /** {@code GET /admin/realms/{realm}/users} with a fresh token of the user: 200 only for a realm admin. */
    private int adminUsersStatus(String username) {
        return Http.get(adminApi + "/users?max=1", gw.token(username)).status();
    }

    private String userWithPassword(String username) {
        String id = ADMIN.createUser(gw.name(), username);
        ADMIN.setPassword(gw.name(), id, GatewayRealm.PASSWORD);
        return id;
    }

    /** A top-level group that carries realm-management's realm-admin, as a Keycloak admin would make it. */
    private String privilegedGroup(String name) {
        String id = ADMIN.createGroup(gw.name(), name);
        grantGroupClientRole(id, "realm-management", "realm-admin");
        return id;
    }

    private JsonNode clientRole(String clientUuid, String role) {
        Http.Result r = Http.get(adminApi + "/clients/" + clientUuid + "/roles/" + role, ADMIN.token());
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    private void grantGroupClientRole(String groupId, String clientId, String role) {
        String client = gw.clientUuid(clientId);
        Http.Result r = Http.post(
                adminApi + "/groups/" + groupId + "/role-mappings/clients/" + client,
                ADMIN.token(),
                List.of(clientRole(client, role)));
        assertEquals(204, r.status(), r::toString);
    }

    private void addClientComposite(String realmRole, String clientId, String role) {
        Http.Result r = Http.post(
                adminApi + "/roles/" + realmRole + "/composites",
                ADMIN.token(),
                List.of(clientRole(gw.clientUuid(clientId), role)));
        assertEquals(204, r.status(), r::toString);
    }

    /** The user's direct realm roles, by name, as Keycloak's admin API shows them. */
    private List<String> realmRoles(String userId) {
        List<String> names = new java.util.ArrayList<>();
        Http.get(adminApi + "/users/" + userId + "/role-mappings/realm", ADMIN.token())
                .json()
                .forEach(r -> names.add(r.get("name").asText()));
        return names;
    }
}
