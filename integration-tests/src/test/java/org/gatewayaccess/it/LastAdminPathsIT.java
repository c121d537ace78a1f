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
import java.util.function.Function;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.Live;
import org.gatewayaccess.it.support.Members;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "Never zero admins" on the paths Keycloak offers around the extension: deleting the admins group or a
 * subgroup of it, deleting the {@code admin} role, taking it from a group or a composite through which the last
 * admins hold it (also by a partial import). Each is refused with 409 {@code last_admin}, rolled back (the group,
 * the role, the mapping are still there) and recorded; the admin keeps their rights. Concurrent removals of the
 * last admins leave exactly one (run on H2 and PostgreSQL).
 */
class LastAdminPathsIT extends RealKeycloakTest {

    private GatewayRealm gw;
    private String admins;
    private String gwadmin;

    @BeforeEach
    void realm() {
        gw = GatewayRealm.create(ADMIN, "last-admin");
        admins = ADMIN.groupId(gw.name(), "/Admins");
        gwadmin = gw.userId("gwadmin");
    }

    @Test
    void deletingTheAdminsGroupIsAlwaysRefused() {
        assertError(409, "last_admin", Http.delete(kc("groups/" + admins), ADMIN.token()));
        assertStillAdmin(gwadmin, gw.gatewayAdminToken());

        // even with a second admin: without the admins group there is no admin at all
        String second = ADMIN.createUser(gw.name(), "second-admin");
        assertEquals(204, ADMIN.joinGroup(gw.name(), second, admins).status());
        assertError(409, "last_admin", Http.delete(kc("groups/" + admins), ADMIN.token()));
        assertEquals(200, Http.get(kc("groups/" + admins), ADMIN.token()).status(), "the group still exists");
        assertEquals(2, Members.count(ADMIN, gw, admins));
        JsonNode refusal = Members.adminEvents(ADMIN, gw.name(), "GATEWAY_ACCESS_LAST_ADMIN", "ACTION")
                .get(0);
        assertTrue(refusal.get("representation").asText().contains("delete group Admins"), refusal::toString);

        // deleting the whole realm is not held up: Keycloak removes its groups in bulk, without GroupRemovedEvent
        ADMIN.deleteRealm(gw.name());
        assertEquals(
                404,
                Http.get(ADMIN.baseUrl() + "/admin/realms/" + gw.name(), ADMIN.token())
                        .status());
    }

    @Test
    void deletingAnAdminsSubgroupIsRefusedWhileItHoldsTheLastAdminsAtAnyDepth() {
        String team = ADMIN.createSubgroup(gw.name(), admins, "team");
        String night = ADMIN.createSubgroup(gw.name(), team, "night");
        String nightAdmin = ADMIN.createUser(gw.name(), "night-admin");
        ADMIN.setPassword(gw.name(), nightAdmin, GatewayRealm.PASSWORD);
        assertEquals(204, ADMIN.joinGroup(gw.name(), nightAdmin, night).status());
        // gwadmin may go: the subgroup's member is an admin too
        assertEquals(204, ADMIN.leaveGroup(gw.name(), gwadmin, admins).status());
        String token = gw.token("night-admin");

        assertError(409, "last_admin", Http.delete(kc("groups/" + team), ADMIN.token()));
        assertError(409, "last_admin", Http.delete(kc("groups/" + night), ADMIN.token()));
        assertEquals(200, Http.get(kc("groups/" + night), ADMIN.token()).status(), "the subgroup still exists");
        assertTrue(ADMIN.groupsOf(gw.name(), nightAdmin).contains(night));
        assertEquals(
                201,
                Http.post(gw.api() + "/pools", token, GatewayRealm.pool("still-admin", null))
                        .status());

        // with an admin outside the subtree again, the subgroup may go, and its member is no admin any more
        assertEquals(204, ADMIN.joinGroup(gw.name(), gwadmin, admins).status());
        assertEquals(204, Http.delete(kc("groups/" + team), ADMIN.token()).status());
        assertEquals(
                403,
                Http.post(gw.api() + "/pools", token, GatewayRealm.pool("no-longer", null))
                        .status());
        assertStillAdmin(gwadmin, gw.gatewayAdminToken());
    }

    @Test
    void deletingTheAdminRoleIsRefusedWhileTheLastAdminsAreAdminsOnlyThroughIt() {
        onlyThroughTheRole(gwadmin);
        String roleId = ADMIN.role(gw.name(), "admin").get("id").asText();
        // Keycloak itself never lets its admin API delete a realm role named "admin"
        // (RolePermissions.isRealmAdminRole)...
        assertEquals(403, Http.delete(kc("roles/admin"), ADMIN.token()).status());
        assertEquals(
                403, Http.delete(kc("roles-by-id/" + roleId), ADMIN.token()).status());
        // ...but a partial import that overwrites it deletes it (with every user's and group's mapping) and creates it
        // anew
        Map<String, Object> overwrite =
                Map.of("ifResourceExists", "OVERWRITE", "roles", Map.of("realm", List.of(Map.of("name", "admin"))));
        assertError(409, "last_admin", Http.post(kc("partialImport"), ADMIN.token(), overwrite));
        assertEquals(roleId, ADMIN.role(gw.name(), "admin").get("id").asText(), "the same role, not a new one");
        assertEquals(List.of("role:admin"), Members.sources(ADMIN, gw, admins, gwadmin));
        assertStillAdmin(gwadmin, gw.gatewayAdminToken());

        // another admin, by the API (source admin): now the role may be replaced, and with it go gwadmin's admin rights
        String second = ADMIN.createUser(gw.name(), "second-admin");
        assertEquals(
                204,
                Http.put(gw.api() + "/groups/" + admins + "/members/" + second, ADMIN.token(), null)
                        .status());
        String token = gw.gatewayAdminToken();
        Http.Result replaced = Http.post(kc("partialImport"), ADMIN.token(), overwrite);
        assertEquals(200, replaced.status(), replaced::toString);
        Live.within1s(
                "gwadmin out of the admins group",
                () -> !ADMIN.groupsOf(gw.name(), gwadmin).contains(admins));
        assertEquals(
                403,
                Http.post(gw.api() + "/pools", token, GatewayRealm.pool("gone", null))
                        .status());
        assertEquals(List.of("admin"), Members.sources(ADMIN, gw, admins, second));
    }

    @Test
    void takingTheAdminRoleFromTheGroupThroughWhichTheLastAdminHoldsItIsRefusedAlsoByAPartialImport() {
        String ops = ADMIN.createGroup(gw.name(), "Ops");
        ADMIN.grantGroupRole(gw.name(), ops, "admin");
        assertEquals(204, ADMIN.joinGroup(gw.name(), gwadmin, ops).status());
        assertEquals(
                List.of("admin", "role:admin"),
                Members.sources(ADMIN, gw, admins, gwadmin).stream().sorted().toList());
        assertEquals(
                200,
                Http.delete(gw.api() + "/groups/" + admins + "/members/" + gwadmin, ADMIN.token())
                        .status());
        assertEquals(List.of("role:admin"), Members.sources(ADMIN, gw, admins, gwadmin), "an admin only through Ops");

        assertError(
                409,
                "last_admin",
                Http.send(
                        "DELETE",
                        kc("groups/" + ops + "/role-mappings/realm"),
                        ADMIN.token(),
                        List.of(ADMIN.role(gw.name(), "admin"))));
        assertTrue(groupRoles(ops).contains("admin"), "the group keeps the role");
        // deleting the (ordinary) group takes the role from its members too
        assertError(409, "last_admin", Http.delete(kc("groups/" + ops), ADMIN.token()));
        // a partial import that replaces the group (Keycloak deletes it with its members, creates it anew empty)
        assertError(
                409,
                "last_admin",
                Http.post(
                        kc("partialImport"),
                        ADMIN.token(),
                        Map.of(
                                "ifResourceExists",
                                "OVERWRITE",
                                "groups",
                                List.of(Map.of("name", "Ops", "path", "/Ops")))));
        assertEquals(ops, ADMIN.groupId(gw.name(), "/Ops"), "the same group, not a new one");
        assertTrue(groupRoles(ops).contains("admin"));
        assertTrue(ADMIN.groupsOf(gw.name(), gwadmin).contains(ops));
        assertStillAdmin(gwadmin, gw.gatewayAdminToken());
        assertTrue(
                Members.adminEvents(ADMIN, gw.name(), "GATEWAY_ACCESS_LAST_ADMIN", "ACTION")
                                .size()
                        >= 3,
                "each refusal recorded");
    }

    @Test
    void takingTheAdminRoleFromTheCompositeThroughWhichTheLastAdminHoldsItIsRefused() {
        ADMIN.createRole(gw.name(), "boss", "admin");
        assertEquals(204, ADMIN.grantRole(gw.name(), gwadmin, "boss").status());
        assertEquals(
                200,
                Http.delete(gw.api() + "/groups/" + admins + "/members/" + gwadmin, ADMIN.token())
                        .status());
        assertEquals(List.of("role:admin"), Members.sources(ADMIN, gw, admins, gwadmin), "an admin only through boss");

        assertError(
                409,
                "last_admin",
                Http.send(
                        "DELETE", kc("roles/boss/composites"), ADMIN.token(), List.of(ADMIN.role(gw.name(), "admin"))));
        assertTrue(compositeNames("boss").contains("admin"), "the composite keeps the role");
        assertError(409, "last_admin", Http.delete(kc("roles/boss"), ADMIN.token()));
        assertTrue(compositeNames("boss").contains("admin"), "the composite still exists");
        assertStillAdmin(gwadmin, gw.gatewayAdminToken());
    }

    /** Four admins, each an admin only through the admin role of a group of their own; all four groups lose it at once. */
    @Test
    void concurrentRemovalsOfTheAdminRoleFromTheLastAdminsGroupsLeaveExactlyOne() throws Exception {
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String group = ADMIN.createGroup(gw.name(), "ops-" + i);
            ADMIN.grantGroupRole(gw.name(), group, "admin");
            String user = i == 0 ? gwadmin : ADMIN.createUser(gw.name(), "ops-admin-" + i);
            assertEquals(204, ADMIN.joinGroup(gw.name(), user, group).status());
            if (i == 0) {
                assertEquals(
                        200,
                        Http.delete(gw.api() + "/groups/" + admins + "/members/" + gwadmin, ADMIN.token())
                                .status());
            }
            assertEquals(List.of("role:admin"), Members.sources(ADMIN, gw, admins, user));
            groups.add(group);
        }
        JsonNode adminRole = ADMIN.role(gw.name(), "admin");
        List<Integer> statuses = concurrently(
                groups,
                group -> Http.send(
                                "DELETE",
                                kc("groups/" + group + "/role-mappings/realm"),
                                ADMIN.token(),
                                List.of(adminRole))
                        .status());
        assertEquals(1, statuses.stream().filter(s -> s == 409).count(), "exactly one refused: " + statuses);
        assertEquals(3, statuses.stream().filter(s -> s == 204).count(), statuses::toString);
        assertEquals(1, Members.count(ADMIN, gw, admins), statuses::toString);
        assertEquals(
                1,
                groups.stream().filter(g -> groupRoles(g).contains("admin")).count(),
                "the refused group kept its role");
    }

    /** Four admins, each in a subgroup of the admins group of their own; all four subgroups deleted at once. */
    @Test
    void concurrentDeletionsOfTheSubgroupsHoldingTheLastAdminsLeaveExactlyOne() throws Exception {
        List<String> subgroups = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String subgroup = ADMIN.createSubgroup(gw.name(), admins, "team-" + i);
            assertEquals(
                    204,
                    ADMIN.joinGroup(gw.name(), ADMIN.createUser(gw.name(), "team-admin-" + i), subgroup)
                            .status());
            subgroups.add(subgroup);
        }
        assertEquals(204, ADMIN.leaveGroup(gw.name(), gwadmin, admins).status());
        List<Integer> statuses = concurrently(
                subgroups,
                group -> Http.delete(kc("groups/" + group), ADMIN.token()).status());
        assertEquals(1, statuses.stream().filter(s -> s == 409).count(), "exactly one refused: " + statuses);
        assertEquals(3, statuses.stream().filter(s -> s == 204).count(), statuses::toString);
        assertEquals(
                1,
                subgroups.stream()
                        .filter(g -> Http.get(kc("groups/" + g), ADMIN.token()).status() == 200)
                        .count());
    }

    private List<Integer> concurrently(List<String> targets, Function<String, Integer> request) throws Exception {
        ADMIN.token(); // fetched once before the start, so that the requests race each other rather than the token
        // endpoint
        ExecutorService pool = Executors.newFixedThreadPool(targets.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (String target : targets) {
                results.add(pool.submit(() -> {
                    start.await();
                    return request.apply(target);
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> r : results) {
                statuses.add(r.get(120, TimeUnit.SECONDS));
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The user is in the admins group per Keycloak and may make gateway-admin calls. */
    private void assertStillAdmin(String userId, String token) {
        assertTrue(ADMIN.groupsOf(gw.name(), userId).contains(admins), "still in the admins group");
        assertFalse(Members.sources(ADMIN, gw, admins, userId).isEmpty(), "still with a source");
        Http.Result created = Http.post(gw.api() + "/pools", token, GatewayRealm.pool("p-" + System.nanoTime(), null));
        assertEquals(201, created.status(), created::toString);
    }

    /** gwadmin holds the admin role and is in the admins group only through it. */
    private void onlyThroughTheRole(String userId) {
        assertEquals(204, ADMIN.grantRole(gw.name(), userId, "admin").status());
        assertEquals(
                200,
                Http.delete(gw.api() + "/groups/" + admins + "/members/" + userId, ADMIN.token())
                        .status());
        assertEquals(List.of("role:admin"), Members.sources(ADMIN, gw, admins, userId));
    }

    private List<String> groupRoles(String groupId) {
        List<String> names = new ArrayList<>();
        Http.get(kc("groups/" + groupId + "/role-mappings/realm"), ADMIN.token())
                .json()
                .forEach(r -> names.add(r.get("name").asText()));
        return names;
    }

    private List<String> compositeNames(String role) {
        List<String> names = new ArrayList<>();
        Http.get(kc("roles/" + role + "/composites"), ADMIN.token())
                .json()
                .forEach(r -> names.add(r.get("name").asText()));
        return names;
    }

    private String kc(String path) {
        return ADMIN.baseUrl() + "/admin/realms/" + gw.name() + "/" + path;
    }
}
