package org.gatewayaccess.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.Live;
import org.gatewayaccess.it.support.Members;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Role changes for which Keycloak fires no per-user event — a realm role given to or taken from a group,
 * added to or removed from a composite, a role deleted, a partial import — made through Keycloak's admin API
 * (what the admin console calls): the {@code role:*} membership sources, and with them the Keycloak group
 * memberships and gateway-admin rights, must follow within one second, without a sync.
 */
class LiveRoleChangesIT extends RealKeycloakTest {

    private GatewayRealm gw;
    private String admins;
    private String users;

    @BeforeEach
    void realm() {
        gw = GatewayRealm.create(ADMIN, "live");
        admins = ADMIN.groupId(gw.name(), "/Admins");
        users = ADMIN.groupId(gw.name(), "/Gateway Users");
    }

    @Test
    void aRealmRoleGivenToOrTakenFromAGroupFollowsForItsMembersAndItsSubgroupsMembers() {
        String lab = ADMIN.createGroup(gw.name(), "Lab");
        String bench = ADMIN.createSubgroup(gw.name(), lab, "Bench");
        String direct = ADMIN.createUser(gw.name(), "lab-member");
        String nested = ADMIN.createUser(gw.name(), "bench-member");
        assertEquals(204, ADMIN.joinGroup(gw.name(), direct, lab).status());
        assertEquals(204, ADMIN.joinGroup(gw.name(), nested, bench).status());
        assertEquals(List.of(), Members.sources(ADMIN, gw, users, direct));

        ADMIN.grantGroupRole(gw.name(), lab, "gateway-user");
        for (String user : List.of(direct, nested)) {
            Live.within1s(
                    "role given to the group: " + user,
                    () -> Members.sources(ADMIN, gw, users, user).equals(List.of("role:gateway-user"))
                            && ADMIN.groupsOf(gw.name(), user).contains(users));
        }

        assertEquals(
                204,
                Http.send(
                                "DELETE",
                                kc("groups/" + lab + "/role-mappings/realm"),
                                ADMIN.token(),
                                List.of(ADMIN.role(gw.name(), "gateway-user")))
                        .status());
        for (String user : List.of(direct, nested)) {
            Live.within1s(
                    "role taken from the group: " + user,
                    () -> Members.sources(ADMIN, gw, users, user).isEmpty()
                            && !ADMIN.groupsOf(gw.name(), user).contains(users));
        }
    }

    @Test
    void aClientRoleOnAGroupCountsOnceItsCompositeCarriesTheRealmRole() {
        String web = gw.clientUuid(GatewayRealm.WEB_CLIENT);
        assertEquals(
                201,
                Http.post(kc("clients/" + web + "/roles"), ADMIN.token(), Map.of("name", "lab-access"))
                        .status());
        JsonNode clientRole = Http.get(kc("clients/" + web + "/roles/lab-access"), ADMIN.token())
                .json();
        String lab = ADMIN.createGroup(gw.name(), "Lab");
        String member = ADMIN.createUser(gw.name(), "lab-member");
        assertEquals(204, ADMIN.joinGroup(gw.name(), member, lab).status());
        assertEquals(
                204,
                Http.post(kc("groups/" + lab + "/role-mappings/clients/" + web), ADMIN.token(), List.of(clientRole))
                        .status());
        assertEquals(
                List.of(), Members.sources(ADMIN, gw, users, member), "the client role carries no gateway role yet");

        // the client role's composite gains gateway-user (clients/{id}/roles/{name}/composites)
        assertEquals(
                204,
                Http.post(
                                kc("clients/" + web + "/roles/lab-access/composites"),
                                ADMIN.token(),
                                List.of(ADMIN.role(gw.name(), "gateway-user")))
                        .status());
        Live.within1s(
                "composite of the group's client role",
                () -> Members.sources(ADMIN, gw, users, member).equals(List.of("role:gateway-user")));

        // the client role taken from the group (groups/{id}/role-mappings/clients/{client})
        assertEquals(
                204,
                Http.send(
                                "DELETE",
                                kc("groups/" + lab + "/role-mappings/clients/" + web),
                                ADMIN.token(),
                                List.of(clientRole))
                        .status());
        Live.within1s(
                "client role taken from the group",
                () -> Members.sources(ADMIN, gw, users, member).isEmpty()
                        && !ADMIN.groupsOf(gw.name(), member).contains(users));
    }

    @Test
    void aCompositeGainingOrLosingTheRoleFollowsForItsHolders() {
        ADMIN.createRole(gw.name(), "researcher");
        String holder = ADMIN.createUser(gw.name(), "researcher-1");
        assertEquals(204, ADMIN.grantRole(gw.name(), holder, "researcher").status());
        assertEquals(List.of(), Members.sources(ADMIN, gw, users, holder));

        assertEquals(
                204,
                Http.post(
                                kc("roles/researcher/composites"),
                                ADMIN.token(),
                                List.of(ADMIN.role(gw.name(), "gateway-user")))
                        .status());
        Live.within1s(
                "composite gained the role (roles/{name}/composites)",
                () -> Members.sources(ADMIN, gw, users, holder).equals(List.of("role:gateway-user"))
                        && ADMIN.groupsOf(gw.name(), holder).contains(users));

        String researcherId = ADMIN.role(gw.name(), "researcher").get("id").asText();
        assertEquals(
                204,
                Http.send(
                                "DELETE",
                                kc("roles-by-id/" + researcherId + "/composites"),
                                ADMIN.token(),
                                List.of(ADMIN.role(gw.name(), "gateway-user")))
                        .status());
        Live.within1s(
                "composite lost the role (roles-by-id/{id}/composites)",
                () -> Members.sources(ADMIN, gw, users, holder).isEmpty()
                        && !ADMIN.groupsOf(gw.name(), holder).contains(users));
    }

    @Test
    void aDeletedRoleTakesTheSourcesItGaveByNameByIdAndAsAClientRole() {
        ADMIN.createRole(gw.name(), "researcher", "gateway-user");
        ADMIN.createRole(gw.name(), "analyst", "gateway-user");
        String byName = ADMIN.createUser(gw.name(), "by-name");
        String byId = ADMIN.createUser(gw.name(), "by-id");
        assertEquals(204, ADMIN.grantRole(gw.name(), byName, "researcher").status());
        assertEquals(204, ADMIN.grantRole(gw.name(), byId, "analyst").status());
        assertEquals(
                List.of("role:gateway-user"),
                Members.sources(ADMIN, gw, users, byName),
                "live through the grant event");

        assertEquals(204, Http.delete(kc("roles/researcher"), ADMIN.token()).status());
        Live.within1s(
                "role deleted by name",
                () -> Members.sources(ADMIN, gw, users, byName).isEmpty()
                        && !ADMIN.groupsOf(gw.name(), byName).contains(users));
        assertEquals(
                List.of("role:gateway-user"),
                Members.sources(ADMIN, gw, users, byId),
                "the other role's holder keeps it");

        assertEquals(
                204,
                Http.delete(
                                kc("roles-by-id/"
                                        + ADMIN.role(gw.name(), "analyst")
                                                .get("id")
                                                .asText()),
                                ADMIN.token())
                        .status());
        Live.within1s(
                "role deleted by id",
                () -> Members.sources(ADMIN, gw, users, byId).isEmpty());

        // a client role that carried gateway-user, given to a group
        String web = gw.clientUuid(GatewayRealm.WEB_CLIENT);
        assertEquals(
                201,
                Http.post(kc("clients/" + web + "/roles"), ADMIN.token(), Map.of("name", "lab-access"))
                        .status());
        assertEquals(
                204,
                Http.post(
                                kc("clients/" + web + "/roles/lab-access/composites"),
                                ADMIN.token(),
                                List.of(ADMIN.role(gw.name(), "gateway-user")))
                        .status());
        String lab = ADMIN.createGroup(gw.name(), "Lab");
        assertEquals(
                204,
                Http.post(
                                kc("groups/" + lab + "/role-mappings/clients/" + web),
                                ADMIN.token(),
                                List.of(Http.get(kc("clients/" + web + "/roles/lab-access"), ADMIN.token())
                                        .json()))
                        .status());
        String member = ADMIN.createUser(gw.name(), "lab-member");
        assertEquals(204, ADMIN.joinGroup(gw.name(), member, lab).status());
        assertEquals(List.of("role:gateway-user"), Members.sources(ADMIN, gw, users, member));
        assertEquals(
                204,
                Http.delete(kc("clients/" + web + "/roles/lab-access"), ADMIN.token())
                        .status());
        Live.within1s(
                "client role deleted",
                () -> Members.sources(ADMIN, gw, users, member).isEmpty());
    }

    @Test
    void aPartialImportThatReplacesARoleOrAGroupFollows() {
        ADMIN.createRole(gw.name(), "researcher", "gateway-user");
        String holder = ADMIN.createUser(gw.name(), "researcher-1");
        assertEquals(204, ADMIN.grantRole(gw.name(), holder, "researcher").status());
        String lab = ADMIN.createGroup(gw.name(), "Lab");
        ADMIN.grantGroupRole(gw.name(), lab, "gateway-user");
        String member = ADMIN.createUser(gw.name(), "lab-member");
        assertEquals(204, ADMIN.joinGroup(gw.name(), member, lab).status());
        assertEquals(List.of("role:gateway-user"), Members.sources(ADMIN, gw, users, holder));
        assertEquals(List.of("role:gateway-user"), Members.sources(ADMIN, gw, users, member));

        // OVERWRITE replaces the role (Keycloak deletes it with its user mappings, then creates it anew without the
        // composite)
        // and the group (deleted with its memberships and roles, created anew empty)
        Http.Result imported = Http.post(
                kc("partialImport"),
                ADMIN.token(),
                Map.of(
                        "ifResourceExists",
                        "OVERWRITE",
                        "roles",
                        Map.of("realm", List.of(Map.of("name", "researcher"))),
                        "groups",
                        List.of(Map.of("name", "Lab", "path", "/Lab"))));
        assertEquals(200, imported.status(), imported::toString);
        Live.within1s(
                "role replaced by a partial import",
                () -> Members.sources(ADMIN, gw, users, holder).isEmpty()
                        && !ADMIN.groupsOf(gw.name(), holder).contains(users));
        Live.within1s(
                "group replaced by a partial import",
                () -> Members.sources(ADMIN, gw, users, member).isEmpty()
                        && !ADMIN.groupsOf(gw.name(), member).contains(users));
    }

    @Test
    void aUserWhoseAdminRoleCameThroughAGroupIsRefusedGatewayAdminCallsOnceItIsTakenFromTheGroup() {
        String ops = ADMIN.createGroup(gw.name(), "Ops");
        String opsAdmin = ADMIN.createUser(gw.name(), "ops-admin");
        ADMIN.setPassword(gw.name(), opsAdmin, GatewayRealm.PASSWORD);
        assertEquals(204, ADMIN.joinGroup(gw.name(), opsAdmin, ops).status());
        String token = gw.token("ops-admin");
        assertEquals(
                403,
                Http.post(gw.api() + "/pools", token, GatewayRealm.pool("before", null))
                        .status());

        ADMIN.grantGroupRole(gw.name(), ops, "admin");
        Live.within1s(
                "admin through the group",
                () -> Members.sources(ADMIN, gw, admins, opsAdmin).equals(List.of("role:admin"))
                        && Http.post(gw.api() + "/pools", token, GatewayRealm.pool("p-" + System.nanoTime(), null))
                                        .status()
                                == 201);

        assertEquals(
                204,
                Http.send(
                                "DELETE",
                                kc("groups/" + ops + "/role-mappings/realm"),
                                ADMIN.token(),
                                List.of(ADMIN.role(gw.name(), "admin")))
                        .status());
        Live.within1s(
                "the same token is refused once the group lost admin",
                () -> Http.post(gw.api() + "/pools", token, GatewayRealm.pool("p-" + System.nanoTime(), null))
                                .status()
                        == 403);
        assertTrue(Members.sources(ADMIN, gw, admins, opsAdmin).isEmpty());
        assertFalse(ADMIN.groupsOf(gw.name(), opsAdmin).contains(admins));
        assertEquals(
                List.of("admin"),
                Members.sources(ADMIN, gw, admins, gw.userId("gwadmin")),
                "the other admin is untouched");
    }

    private String kc(String path) {
        return ADMIN.baseUrl() + "/admin/realms/" + gw.name() + "/" + path;
    }
}
