package org.gatewayaccess.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.gatewayaccess.it.support.Sql;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /migrations/roles-to-groups}: dry run, permanent {@code migration} memberships, idempotence, removeRoles. */
class RolesToGroupsMigrationIT extends RealKeycloakTest {

    private GatewayRealm gw;
    /** A gateway admin: moves (and removes) gateway roles only. */
    private String token;
    /** A Keycloak admin (realm-management manage-users): may migrate any realm role but Keycloak's built-ins. */
    private String kcToken;

    private String researchers;
    private final List<String> holders = new ArrayList<>();

    @BeforeEach
    void realm() {
        gw = GatewayRealm.create(ADMIN, "migrate");
        token = gw.gatewayAdminToken();
        kcToken = gw.keycloakAdminToken();
        ADMIN.createRole(gw.name(), "researcher");
        researchers = ADMIN.createGroup(gw.name(), "Researchers");
        // a migrate mapping makes /Researchers a gateway group
        JsonNode config = Http.get(gw.api() + "/config", token).json();
        ((com.fasterxml.jackson.databind.node.ArrayNode) config.get("roleMappings"))
                .addObject()
                .put("role", "researcher")
                .put("group", "/Researchers")
                .put("mode", "migrate");
        assertEquals(200, Http.put(gw.api() + "/config", kcToken, config).status());
        for (int i = 0; i < 3; i++) {
            String user = ADMIN.createUser(gw.name(), "researcher-" + i);
            assertEquals(204, ADMIN.grantRole(gw.name(), user, "researcher").status());
            holders.add(user);
        }
        // one more holder through a group: the migration takes every current holder
        String lab = ADMIN.createGroup(gw.name(), "Lab");
        ADMIN.grantGroupRole(gw.name(), lab, "researcher");
        String viaGroup = ADMIN.createUser(gw.name(), "lab-researcher");
        assertEquals(204, ADMIN.joinGroup(gw.name(), viaGroup, lab).status());
        holders.add(viaGroup);
    }

    @Test
    void aDryRunListsTheChangesAndWritesNothingThenTheRunIsPermanentAndIdempotent() {
        String body = "{\"mappings\":[{\"role\":\"researcher\",\"group\":\"/Researchers\"}]}";
        JsonNode dry = migrate(kcToken, body, true);
        assertEquals("done", dry.get("status").asText(), dry::toString);
        assertTrue(dry.get("dryRun").asBoolean());
        assertEquals(4, dry.get("changes").get("added").asLong(), dry::toString);
        assertEquals(4, dry.get("details").get("items").size(), dry::toString);
        assertEquals(
                "/Researchers",
                dry.get("details").get("items").get(0).get("group").asText());
        assertEquals(0, memberCount(), "a dry run writes nothing");

        JsonNode run = migrate(kcToken, body, false);
        assertEquals("done", run.get("status").asText(), run::toString);
        assertEquals(4, run.get("changes").get("added").asLong(), run::toString);
        assertEquals(4, run.get("total").asLong());
        assertEquals(run.get("total").asLong(), run.get("processed").asLong());
        assertEquals(4, memberCount());
        for (String user : holders) {
            assertEquals(List.of("migration"), sources(user));
            assertTrue(ADMIN.groupsOf(gw.name(), user).contains(researchers), "a Keycloak member");
        }

        JsonNode second = migrate(kcToken, body, false);
        assertEquals(0, second.get("changes").get("added").asLong(), "a second run adds nothing");
        assertEquals(4, memberCount());

        // permanent: losing the role does not remove a migrated membership (the role is kept by default)
        assertEquals(
                204, ADMIN.revokeRole(gw.name(), holders.get(0), "researcher").status());
        assertEquals(List.of("migration"), sources(holders.get(0)));
    }

    @Test
    void removeRolesDeletesTheDirectGrantsAfterTheUsersAreIn() {
        JsonNode run = migrate(
                kcToken,
                "{\"mappings\":[{\"role\":\"researcher\",\"group\":\"/Researchers\"}],\"removeRoles\":true}",
                false);
        assertEquals("done", run.get("status").asText(), run::toString);
        assertEquals(3, run.get("changes").get("removed").asLong(), "three direct grants: " + run);
        assertEquals(4, memberCount());
        JsonNode roles = Http.get(
                        ADMIN.baseUrl() + "/admin/realms/" + gw.name() + "/users/" + holders.get(0)
                                + "/role-mappings/realm",
                        ADMIN.token())
                .json();
        roles.forEach(r -> assertFalse("researcher".equals(r.get("name").asText()), "role removed: " + roles));
    }

    @Test
    void badBodiesAreRefusedWholeAndOnlyManagersMayMigrate() {
        String url = gw.api() + "/migrations/roles-to-groups";
        assertError(
                400,
                "unknown_role",
                Http.post(url, token, "{\"mappings\":[{\"role\":\"nope\",\"group\":\"/Researchers\"}]}"));
        assertError(
                400,
                "unknown_group",
                Http.post(url, token, "{\"mappings\":[{\"role\":\"researcher\",\"group\":\"/Nope\"}]}"));
        assertError(
                400,
                "not_a_gateway_group",
                Http.post(url, token, "{\"mappings\":[{\"role\":\"researcher\",\"group\":\"/Lab\"}]}"));
        assertError(
                400,
                "invalid_type",
                Http.post(
                        url,
                        token,
                        "{\"mappings\":[{\"role\":\"researcher\",\"group\":\"/Researchers\"}],"
                                + "\"removeRoles\":\"yes\"}"));
        assertError(400, "invalid_type", Http.post(url, token, "{\"mappings\":[]}"));
        assertError(400, "unknown_field", Http.post(url, token, "{\"mapping\":[]}"));
        assertError(400, "invalid_value", Http.post(url + "?dryRun=maybe", token, null));
        assertError(403, "forbidden", Http.post(url, gw.readOnlyAdminToken(), null));
        assertError(
                403,
                "forbidden",
                Http.post(url, token, "{\"mappings\":[{\"role\":\"gateway-user\",\"group\":\"/Admins\"}]}"));
        assertEquals(0, memberCount());
    }

    @Test
    void withoutABodyTheConfiguredMigrateMappingsRun() {
        // the configured mapping moves 'researcher', not a gateway role: a Keycloak admin's run
        assertError(403, "not_a_gateway_role", Http.post(gw.api() + "/migrations/roles-to-groups", token, null));
        JsonNode run = migrate(kcToken, null, false);
        assertEquals("done", run.get("status").asText(), run::toString);
        assertEquals(4, memberCount());
    }

    @Test
    void withoutABodyOrMigrateMappingsTheGatewayRolesGoToTheSystemGroups() {
        JsonNode config = Http.get(gw.api() + "/config", token).json();
        com.fasterxml.jackson.databind.node.ArrayNode mappings =
                (com.fasterxml.jackson.databind.node.ArrayNode) config.get("roleMappings");
        mappings.remove(mappings.size() - 1);
        assertEquals(200, Http.put(gw.api() + "/config", kcToken, config).status());
        String user = ADMIN.createUser(gw.name(), "reader-role");
        assertEquals(204, ADMIN.grantRole(gw.name(), user, "admin-read-only").status());
        JsonNode run = migrate(token, null, false); // the three gateway roles: a gateway admin may
        assertEquals("done", run.get("status").asText(), run::toString);
        String readers = ADMIN.groupId(gw.name(), "/Read Only Admins");
        JsonNode members =
                Http.get(gw.api() + "/groups/" + readers + "/members", token).json();
        List<String> sources = new ArrayList<>();
        for (JsonNode m : members) {
            if (user.equals(m.get("userId").asText())) {
                m.get("sources").forEach(s -> sources.add(s.get("source").asText()));
            }
        }
        assertEquals(
                List.of("migration", "role:admin-read-only"),
                sources.stream().sorted().toList());
    }

    // ---- the delegation boundary (issue 14) ----

    @Test
    void aGatewayAdminCannotTakeKeycloaksDefaultRolesFromEveryoneNorMoveARoleThatIsNotAGatewayRole() {
        String defaultRoles = "default-roles-" + gw.name();
        String victim = holders.get(0); // created through the admin API: Keycloak granted it the default roles
        assertTrue(realmRoles(victim).contains(defaultRoles), "precondition: " + realmRoles(victim));
        long jobs = jobCount();
        JsonNode refused = assertError(
                403,
                "not_a_gateway_role",
                Http.post(
                        url(),
                        token,
                        "{\"mappings\":[{\"role\":\"" + defaultRoles
                                + "\",\"group\":\"/Gateway Users\"}],\"removeRoles\":true}"));
        assertTrue(refused.get("errorMessage").asText().contains("'" + defaultRoles + "'"), refused::toString);
        assertError(
                403,
                "not_a_gateway_role",
                Http.post(url(), token, "{\"mappings\":[{\"role\":\"researcher\",\"group\":\"/Researchers\"}]}"));
        assertEquals(jobs, jobCount(), "no job was started");
        assertTrue(
                realmRoles(victim).contains(defaultRoles),
                "the victim keeps Keycloak's default roles: " + realmRoles(victim));
        assertFalse(
                ADMIN.groupsOf(gw.name(), victim).contains(ADMIN.groupId(gw.name(), "/Gateway Users")),
                "and joined nothing");
        assertEquals(0, memberCount());
    }

    @Test
    void aGatewayAdminRemovingAGatewayRoleGoesThroughKeycloaksModel() {
        String usersGroup = ADMIN.groupId(gw.name(), "/Gateway Users");
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String user = ADMIN.createUser(gw.name(), "gateway-user-" + i);
            assertEquals(204, ADMIN.grantRole(gw.name(), user, "gateway-user").status());
            users.add(user);
            assertEquals(
                    List.of("role:gateway-user"),
                    sources(usersGroup, user),
                    "the default sync mapping follows the role");
            assertTrue(realmRoles(user).contains("gateway-user"), "read once: Keycloak's cache holds the grant");
        }
        int directGrants = Http.get(
                        ADMIN.baseUrl() + "/admin/realms/" + gw.name() + "/roles/gateway-user/users?max=1000",
                        ADMIN.token())
                .json()
                .size();

        JsonNode run = migrate(
                token,
                "{\"mappings\":[{\"role\":\"gateway-user\",\"group\":\"/Gateway Users\"}]," + "\"removeRoles\":true}",
                false);
        assertEquals("done", run.get("status").asText(), run::toString);
        assertEquals(
                directGrants,
                run.get("changes").get("removed").asLong(),
                "removed = the grants actually removed: " + run);
        String starter = gw.userId("gwadmin");
        JsonNode events = Http.get(
                        ADMIN.baseUrl() + "/admin/realms/" + gw.name()
                                + "/admin-events?resourceTypes=REALM_ROLE_MAPPING&operationTypes=DELETE&max=1000",
                        ADMIN.token())
                .json();
        for (String user : users) {
            assertFalse(realmRoles(user).contains("gateway-user"), "gone, as Keycloak's admin API shows it at once");
            assertEquals(
                    List.of("migration"),
                    sources(usersGroup, user),
                    "role:gateway-user followed the revocation at once");
            assertTrue(ADMIN.groupsOf(gw.name(), user).contains(usersGroup), "still a member, now by the migration");
            List<JsonNode> mine = new ArrayList<>();
            events.forEach(e -> {
                if (("users/" + user + "/role-mappings/realm")
                        .equals(e.path("resourcePath").asText())) {
                    mine.add(e);
                }
            });
            assertEquals(1, mine.size(), () -> "one REALM_ROLE_MAPPING DELETE admin event for " + user + ": " + events);
            JsonNode event = mine.get(0);
            assertEquals(
                    starter,
                    event.get("authDetails").get("userId").asText(),
                    "naming the migration's starter: " + event);
            JsonNode representation = json(event.get("representation").asText());
            assertEquals("gateway-user", representation.get(0).get("name").asText(), event::toString);
        }
    }

    @Test
    void aTargetGroupThatGivesKeycloakRightsIsRefusedForEveryoneAndNothingChanges() {
        // /Researchers became privileged after it was made a gateway group: someone gave it realm-admin in the console
        grantGroupClientRole(researchers, "realm-management", "realm-admin");
        ADMIN.createRole(gw.name(), "spare");
        long jobs = jobCount();
        JsonNode byKeycloakAdmin = assertError(
                403,
                "privileged_group",
                Http.post(
                        url(),
                        kcToken,
                        "{\"mappings\":[{\"role\":\"researcher\",\"group\":\"/Researchers\"}],\"removeRoles\":true}"));
        String sentence = byKeycloakAdmin.get("errorMessage").asText();
        assertTrue(sentence.contains("/Researchers") && sentence.contains("'realm-management/"), sentence);
        assertError(
                403,
                "privileged_group",
                Http.post(
                        url(),
                        token,
                        "{\"mappings\":[{\"role\":\"gateway-user\",\"group\":\"/Researchers\"}],\"removeRoles\":true}"));
        assertEquals(jobs, jobCount(), "no job was started");
        for (String user : holders) {
            assertFalse(ADMIN.groupsOf(gw.name(), user).contains(researchers), "nobody joined the privileged group");
        }
        assertTrue(realmRoles(holders.get(0)).contains("researcher"), "and nobody lost the role");
    }

    @Test
    void aKeycloakAdminMayMigrateAnyRealmRoleButKeycloaksBuiltIns() {
        String victim = holders.get(0);
        long jobs = jobCount();
        for (String builtIn : List.of("default-roles-" + gw.name(), "offline_access", "uma_authorization")) {
            JsonNode refused = assertError(
                    400,
                    "built_in_role",
                    Http.post(
                            url(),
                            kcToken,
                            "{\"mappings\":[{\"role\":\"" + builtIn
                                    + "\",\"group\":\"/Researchers\"}],\"removeRoles\":true}"));
            assertTrue(refused.get("errorMessage").asText().contains("'" + builtIn + "'"), refused::toString);
        }
        assertEquals(jobs, jobCount(), "no job was started");
        assertTrue(
                realmRoles(victim).contains("default-roles-" + gw.name()),
                "the default roles stay: " + realmRoles(victim));
        assertEquals(0, memberCount());
        // any other realm role, gateway role or not: see removeRolesDeletesTheDirectGrantsAfterTheUsersAreIn
        // ('researcher')
    }

    @Test
    void removingAdminGrantsKeepsTheAdminsInTheAdminsGroup() {
        String admins = ADMIN.groupId(gw.name(), "/Admins");
        String boss = ADMIN.createUser(gw.name(), "boss");
        assertEquals(204, ADMIN.grantRole(gw.name(), boss, "admin").status());
        assertEquals(List.of("role:admin"), sources(admins, boss));
        JsonNode run = migrate(
                token, "{\"mappings\":[{\"role\":\"admin\",\"group\":\"/Admins\"}],\"removeRoles\":true}", false);
        assertEquals("done", run.get("status").asText(), run::toString);
        assertFalse(realmRoles(boss).contains("admin"), "the grant is gone");
        assertEquals(List.of("migration"), sources(admins, boss), "the migration source keeps the admin in");
        ADMIN.setPassword(gw.name(), boss, GatewayRealm.PASSWORD);
        assertEquals(
                202,
                Http.post(gw.api() + "/sync?dryRun=true", gw.token("boss"), null)
                        .status(),
                "still a gateway admin");
    }

    private static JsonNode json(String text) {
        try {
            return Http.JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(text, e);
        }
    }

    private String url() {
        return gw.api() + "/migrations/roles-to-groups";
    }

    private long jobCount() {
        return Sql.count(SERVER.db(), "SELECT COUNT(*) FROM GA_JOB");
    }

    /** The user's realm role mappings as Keycloak's admin API answers them (through Keycloak's user cache). */
    private List<String> realmRoles(String userId) {
        List<String> names = new ArrayList<>();
        Http.get(
                        ADMIN.baseUrl() + "/admin/realms/" + gw.name() + "/users/" + userId + "/role-mappings/realm",
                        ADMIN.token())
                .json()
                .forEach(r -> names.add(r.get("name").asText()));
        return names;
    }

    private void grantGroupClientRole(String groupId, String clientId, String roleName) {
        String realmUrl = ADMIN.baseUrl() + "/admin/realms/" + gw.name();
        String clientUuid = Http.get(realmUrl + "/clients?clientId=" + clientId, ADMIN.token())
                .json()
                .get(0)
                .get("id")
                .asText();
        JsonNode role = Http.get(realmUrl + "/clients/" + clientUuid + "/roles/" + roleName, ADMIN.token())
                .json();
        Http.Result r = Http.post(
                realmUrl + "/groups/" + groupId + "/role-mappings/clients/" + clientUuid, ADMIN.token(), List.of(role));
        assertEquals(204, r.status(), r::toString);
    }

    private List<String> sources(String groupId, String userId) {
        List<String> list = new ArrayList<>();
        for (JsonNode m :
                Http.get(gw.api() + "/groups/" + groupId + "/members", token).json()) {
            if (userId.equals(m.get("userId").asText())) {
                m.get("sources").forEach(src -> list.add(src.get("source").asText()));
            }
        }
        return list.stream().sorted().toList();
    }

    private JsonNode migrate(String token, String body, boolean dryRun) {
        Http.Result started = Http.post(gw.api() + "/migrations/roles-to-groups?dryRun=" + dryRun, token, body);
        assertEquals(202, started.status(), started::toString);
        assertEquals("roles-to-groups", started.json().get("kind").asText());
        String id = started.json().get("id").asText();
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode job = Http.get(gw.api() + "/jobs/" + id, token).json();
            if (!"running".equals(job.get("status").asText())) {
                return job;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("migration job " + id + " still running after 120 s");
    }

    private long memberCount() {
        for (JsonNode g : Http.get(gw.api() + "/groups", token).json()) {
            if (researchers.equals(g.get("id").asText())) {
                return g.get("memberCount").asLong();
            }
        }
        throw new AssertionError("/Researchers is not listed as a gateway group");
    }

    private List<String> sources(String userId) {
        List<String> list = new ArrayList<>();
        for (JsonNode m : Http.get(gw.api() + "/groups/" + researchers + "/members", token)
                .json()) {
            if (userId.equals(m.get("userId").asText())) {
                m.get("sources").forEach(s -> list.add(s.get("source").asText()));
            }
        }
        return list;
    }
}
