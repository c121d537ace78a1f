package org.gatewayaccess.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /migrations/roles-to-groups}: dry run, permanent {@code migration} memberships, idempotence, removeRoles. */
class RolesToGroupsMigrationIT extends RealKeycloakTest {

    private GatewayRealm gw;
    private String token;
    private String researchers;
    private final List<String> holders = new ArrayList<>();

    @BeforeEach
    void realm() {
        gw = GatewayRealm.create(ADMIN, "migrate");
        token = gw.gatewayAdminToken();
        ADMIN.createRole(gw.name(), "researcher");
        researchers = ADMIN.createGroup(gw.name(), "Researchers");
        // a migrate mapping makes /Researchers a gateway group
        JsonNode config = Http.get(gw.api() + "/config", token).json();
        ((com.fasterxml.jackson.databind.node.ArrayNode) config.get("roleMappings")).addObject()
            .put("role", "researcher").put("group", "/Researchers").put("mode", "migrate");
        // a new mapping target is a Keycloak admin's decision (README, Security model)
        assertEquals(200, Http.put(gw.api() + "/config", ADMIN.token(), config).status());
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
        JsonNode dry = migrate(body, true);
        assertEquals("done", dry.get("status").asText(), dry::toString);
        assertTrue(dry.get("dryRun").asBoolean());
        assertEquals(4, dry.get("changes").get("added").asLong(), dry::toString);
        assertEquals(4, dry.get("details").get("items").size(), dry::toString);
        assertEquals("/Researchers", dry.get("details").get("items").get(0).get("group").asText());
        assertEquals(0, memberCount(), "a dry run writes nothing");

        JsonNode run = migrate(body, false);
        assertEquals("done", run.get("status").asText(), run::toString);
        assertEquals(4, run.get("changes").get("added").asLong(), run::toString);
        assertEquals(4, run.get("total").asLong());
        assertEquals(run.get("total").asLong(), run.get("processed").asLong());
        assertEquals(4, memberCount());
        for (String user : holders) {
            assertEquals(List.of("migration"), sources(user));
            assertTrue(ADMIN.groupsOf(gw.name(), user).contains(researchers), "a Keycloak member");
        }

        JsonNode second = migrate(body, false);
        assertEquals(0, second.get("changes").get("added").asLong(), "a second run adds nothing");
        assertEquals(4, memberCount());

        // permanent: losing the role does not remove a migrated membership (the role is kept by default)
        assertEquals(204, ADMIN.revokeRole(gw.name(), holders.get(0), "researcher").status());
        assertEquals(List.of("migration"), sources(holders.get(0)));
    }

    @Test
    void removeRolesDeletesTheDirectGrantsAfterTheUsersAreIn() {
        JsonNode run = migrate("{\"mappings\":[{\"role\":\"researcher\",\"group\":\"/Researchers\"}],\"removeRoles\":true}", false);
        assertEquals("done", run.get("status").asText(), run::toString);
        assertEquals(3, run.get("changes").get("removed").asLong(), "three direct grants: " + run);
        assertEquals(4, memberCount());
        JsonNode roles = Http.get(ADMIN.baseUrl() + "/admin/realms/" + gw.name() + "/users/" + holders.get(0)
            + "/role-mappings/realm", ADMIN.token()).json();
        roles.forEach(r -> assertFalse("researcher".equals(r.get("name").asText()), "role removed: " + roles));
    }

    @Test
    void badBodiesAreRefusedWholeAndOnlyManagersMayMigrate() {
        String url = gw.api() + "/migrations/roles-to-groups";
        assertError(400, "unknown_role", Http.post(url, token, "{\"mappings\":[{\"role\":\"nope\",\"group\":\"/Researchers\"}]}"));
        assertError(400, "unknown_group", Http.post(url, token, "{\"mappings\":[{\"role\":\"researcher\",\"group\":\"/Nope\"}]}"));
        assertError(400, "not_a_gateway_group", Http.post(url, token, "{\"mappings\":[{\"role\":\"researcher\",\"group\":\"/Lab\"}]}"));
        assertError(400, "invalid_type", Http.post(url, token, "{\"mappings\":[{\"role\":\"researcher\",\"group\":\"/Researchers\"}],"
            + "\"removeRoles\":\"yes\"}"));
        assertError(400, "invalid_type", Http.post(url, token, "{\"mappings\":[]}"));
        assertError(400, "unknown_field", Http.post(url, token, "{\"mapping\":[]}"));
        assertError(400, "invalid_value", Http.post(url + "?dryRun=maybe", token, null));
        assertError(403, "forbidden", Http.post(url, gw.readOnlyAdminToken(), null));
        assertError(403, "forbidden", Http.post(url, token, "{\"mappings\":[{\"role\":\"researcher\",\"group\":\"/Admins\"}]}"));
        assertEquals(0, memberCount());
    }

    @Test
    void withoutABodyTheConfiguredMigrateMappingsRun() {
        JsonNode run = migrate(null, false);
        assertEquals("done", run.get("status").asText(), run::toString);
        assertEquals(4, memberCount());
    }

    @Test
    void withoutABodyOrMigrateMappingsTheGatewayRolesGoToTheSystemGroups() {
        JsonNode config = Http.get(gw.api() + "/config", token).json();
        com.fasterxml.jackson.databind.node.ArrayNode mappings = (com.fasterxml.jackson.databind.node.ArrayNode) config.get("roleMappings");
        mappings.remove(mappings.size() - 1);
        assertEquals(200, Http.put(gw.api() + "/config", token, config).status());
        String user = ADMIN.createUser(gw.name(), "reader-role");
        assertEquals(204, ADMIN.grantRole(gw.name(), user, "admin-read-only").status());
        JsonNode run = migrate(null, false);
        assertEquals("done", run.get("status").asText(), run::toString);
        String readers = ADMIN.groupId(gw.name(), "/Read Only Admins");
        JsonNode members = Http.get(gw.api() + "/groups/" + readers + "/members", token).json();
        List<String> sources = new ArrayList<>();
        for (JsonNode m : members) {
            if (user.equals(m.get("userId").asText())) {
                m.get("sources").forEach(s -> sources.add(s.get("source").asText()));
            }
        }
        assertEquals(List.of("migration", "role:admin-read-only"), sources.stream().sorted().toList());
    }

    private JsonNode migrate(String body, boolean dryRun) {
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
        for (JsonNode m : Http.get(gw.api() + "/groups/" + researchers + "/members", token).json()) {
            if (userId.equals(m.get("userId").asText())) {
                m.get("sources").forEach(s -> list.add(s.get("source").asText()));
            }
        }
        return list;
    }
}
