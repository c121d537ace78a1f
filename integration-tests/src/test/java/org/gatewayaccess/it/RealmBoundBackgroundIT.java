package org.gatewayaccess.it;

import static org.gatewayaccess.it.support.GatewayRealm.PARTNER_IDP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.Jobs;
import org.gatewayaccess.it.support.Members;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.gatewayaccess.it.support.Sql;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Work that runs outside a request (sync, the migration and the sync it starts, link work after the commit) in a
 * realm with organizations: Keycloak reads the realm from the session's context on every user lookup that misses
 * its user cache (it asks the organization provider whether the user is a managed member), so background work
 * whose session had no realm bound failed there with "Session not bound to a realm" (issue 15). Each test empties
 * Keycloak's user cache right before the background work, as a set-based add does in real use, and asserts what a
 * gateway admin then sees: the stale source gone, and a dry run that finds nothing left to do.
 */
class RealmBoundBackgroundIT extends RealKeycloakTest {

    private GatewayRealm gw;
    private String gatewayUsers;
    private String member;

    @BeforeEach
    void realmWithAnOrganization() {
        gw = GatewayRealm.create(ADMIN, "realm-bound");
        Http.Result enabled = Http.put(
                SERVER.baseUrl() + "/admin/realms/" + gw.name(), ADMIN.token(), Map.of("organizationsEnabled", true));
        assertEquals(204, enabled.status(), enabled::toString);
        Http.Result org = Http.post(
                orgs(),
                ADMIN.token(),
                Map.of(
                        "name",
                        "Partner Org",
                        "alias",
                        "partner-org",
                        "domains",
                        List.of(Map.of("name", "partner.example"))));
        assertEquals(201, org.status(), org::toString);
        String location = org.header("Location");
        String orgId = location.substring(location.lastIndexOf('/') + 1);
        member = ADMIN.createUser(gw.name(), "org-member");
        Http.Result joined = Http.post(orgs() + "/" + orgId + "/members", ADMIN.token(), "\"" + member + "\"");
        assertEquals(201, joined.status(), joined::toString);
        gatewayUsers = ADMIN.groupId(gw.name(), "/Gateway Users");
    }

    @Test
    void aSyncRemovesStaleRoleSourcesAndThenFindsNothingToDo() {
        // Role changes made through Keycloak's API are followed in the request now (LiveRoleChangesIT). What no event
        // reports — a row changed in the database, as a restore or a federation mapper leaves it — only a sync sees,
        // and it removes such sources user by user, in the background: two members of Gateway Users (put there in
        // the admin console: source admin) whose only source becomes a role:gateway-user that no role backs.
        String other = ADMIN.createUser(gw.name(), "staff-other");
        assertEquals(204, ADMIN.joinGroup(gw.name(), member, gatewayUsers).status());
        assertEquals(204, ADMIN.joinGroup(gw.name(), other, gatewayUsers).status());
        String realmId = ADMIN.realm(gw.name()).get("id").asText();
        int stale = Sql.update(
                SERVER.db(),
                "UPDATE GA_MEMBERSHIP SET SOURCE = 'role:gateway-user' WHERE REALM_ID = ? AND GROUP_ID = ?"
                        + " AND USER_ID IN (?, ?) AND SOURCE = 'admin'",
                realmId,
                gatewayUsers,
                member,
                other);
        assertEquals(2, stale);
        clearUserCache();

        JsonNode job = Jobs.runSync(gw, false);
        assertEquals("done", job.get("status").asText(), job::toString);
        assertEquals(List.of(), Members.sources(ADMIN, gw, gatewayUsers, member));
        assertEquals(List.of(), Members.sources(ADMIN, gw, gatewayUsers, other));
        assertFalse(
                ADMIN.groupsOf(gw.name(), member).contains(gatewayUsers), "the organization member left Gateway Users");
        assertFalse(ADMIN.groupsOf(gw.name(), other).contains(gatewayUsers));
        assertEquals(Map.of("added", 0L, "removed", 2L, "kept", 0L), changes(job));
        assertConverged();
    }

    @Test
    void theMigrationsRoleRemovalsTakeTheRoleSourcesWithThem() {
        assertEquals(204, ADMIN.grantRole(gw.name(), member, "gateway-user").status());
        assertEquals(List.of("role:gateway-user"), Members.sources(ADMIN, gw, gatewayUsers, member));
        clearUserCache();

        Http.Result started = Http.post(
                gw.api() + "/migrations/roles-to-groups",
                ADMIN.token(),
                "{\"mappings\":[{\"role\":\"gateway-user\",\"group\":\"/Gateway Users\"}],\"removeRoles\":true}");
        assertEquals(202, started.status(), started::toString);
        JsonNode migration = Jobs.waitForJob(gw, started.json().get("id").asText(), ADMIN.token());
        assertEquals("done", migration.get("status").asText(), migration::toString);
        // the removals went through Keycloak's model in the migration's background transactions (role events followed
        // them); a sync afterwards, also in the background, must agree
        JsonNode sync = Jobs.runSync(gw, false);
        assertEquals("done", sync.get("status").asText(), sync::toString);

        assertEquals(List.of("migration"), Members.sources(ADMIN, gw, gatewayUsers, member));
        assertTrue(ADMIN.groupsOf(gw.name(), member).contains(gatewayUsers));
        assertConverged();
    }

    @Test
    void linkWorkAfterTheCommitPutsTheOrganizationMemberInAndTakesItOut() {
        String partners = ADMIN.createGroup(gw.name(), "Partners");
        Map<String, Object> config = new java.util.LinkedHashMap<>();
        config.put("identityProviderMappings", List.of(Map.of("identityProvider", PARTNER_IDP, "group", "/Partners")));
        Http.Result put = Http.put(gw.api() + "/config", ADMIN.token(), config);
        assertEquals(200, put.status(), put::toString);
        String pool = gw.createPool("partner-pool", PARTNER_IDP);
        clearUserCache();

        ADMIN.link(gw.name(), member, PARTNER_IDP);
        assertEquals(List.of("identity-provider:" + PARTNER_IDP), Members.sources(ADMIN, gw, partners, member));
        assertTrue(gw.viewerPrincipals(pool).contains("user:" + member));
        clearUserCache();
        ADMIN.unlink(gw.name(), member, PARTNER_IDP);
        assertEquals(List.of(), Members.sources(ADMIN, gw, partners, member));
        assertFalse(gw.viewerPrincipals(pool).contains("user:" + member));
        assertConverged();
    }

    private void assertConverged() {
        clearUserCache();
        JsonNode dry = Jobs.runSync(gw, true);
        assertEquals("done", dry.get("status").asText(), dry::toString);
        assertEquals(
                0,
                dry.get("changes").get("added").asLong()
                        + dry.get("changes").get("removed").asLong(),
                () -> "a dry run after the sync: " + dry);
        assertEquals(Map.of("added", 0L, "removed", 0L, "kept", 0L), changes(dry), "a dry run after the sync: " + dry);
    }

    /** Keycloak's own endpoint: every user of the realm is read from the database again. */
    private void clearUserCache() {
        Http.Result r =
                Http.post(SERVER.baseUrl() + "/admin/realms/" + gw.name() + "/clear-user-cache", ADMIN.token(), null);
        assertEquals(204, r.status(), r::toString);
    }

    private String orgs() {
        return SERVER.baseUrl() + "/admin/realms/" + gw.name() + "/organizations";
    }

    static Map<String, Long> changes(JsonNode job) {
        JsonNode c = job.get("changes");
        return Map.of(
                "added",
                c.path("added").asLong(-1),
                "removed",
                c.path("removed").asLong(-1),
                "kept",
                c.path("kept").asLong(-1));
    }
}
