package org.gatewayaccess.it;

import static org.gatewayaccess.it.support.GatewayRealm.PARTNER_IDP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.Jobs;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Gateway groups and their membership sources, on every path a membership changes by:
 * the extension's API, realm roles (direct, through a group, through a composite),
 * identity-provider links, Keycloak's admin API (what the admin console calls), and sync.
 */
class GatewayGroupsIT extends RealKeycloakTest {

    private GatewayRealm gw;
    private String admins;
    private String users;
    private String token;

    @BeforeEach
    void realm() {
        gw = GatewayRealm.create(ADMIN, "groups");
        admins = ADMIN.groupId(gw.name(), "/Admins");
        users = ADMIN.groupId(gw.name(), "/Gateway Users");
        token = gw.gatewayAdminToken();
    }

    @Test
    void listsTheSystemGroupsWithTheirRolesAndMemberCountsAndKeepsThemAcrossARename() {
        JsonNode groups = ok(Http.get(gw.api() + "/groups", gw.readOnlyAdminToken()));
        assertEquals(3, groups.size(), groups::toString);
        JsonNode adminsGroup = byId(groups, admins);
        assertEquals("admins", adminsGroup.get("systemRole").asText());
        assertEquals("/Admins", adminsGroup.get("path").asText());
        assertEquals(1, adminsGroup.get("memberCount").asLong(), "gwadmin, from the realm import");
        assertEquals("users", byId(groups, users).get("systemRole").asText());

        // members put in before the extension could record them are adopted with source admin
        assertEquals(List.of("admin"), sources(member(admins, gw.userId("gwadmin"))));

        Http.Result rename = Http.put(
                ADMIN.baseUrl() + "/admin/realms/" + gw.name() + "/groups/" + admins,
                ADMIN.token(),
                Map.of("name", "Gateway Admins"));
        assertEquals(204, rename.status(), rename::toString);
        JsonNode renamed = byId(ok(Http.get(gw.api() + "/groups", token)), admins);
        assertEquals("/Gateway Admins", renamed.get("path").asText());
        assertEquals("admins", renamed.get("systemRole").asText());
        assertTrue(ok(Http.get(gw.api() + "/config", token))
                .get("gatewayGroups")
                .get("admins")
                .asText()
                .equals("/Gateway Admins"));

        assertError(403, "forbidden", Http.get(gw.api() + "/groups", gw.plainUserToken()));
    }

    @Test
    void atFirstContactHoldersOfTheAdminRoleAreSeededIntoTheAdminsGroup() {
        String name = gw.name() + "-seeded";
        com.fasterxml.jackson.databind.node.ObjectNode realm = Http.JSON.createObjectNode();
        realm.put("realm", name).put("enabled", true);
        realm.putObject("roles").putArray("realm").addObject().put("name", "admin");
        com.fasterxml.jackson.databind.node.ObjectNode boss =
                realm.putArray("users").addObject();
        boss.put("username", "boss").put("enabled", true).putArray("realmRoles").add("admin");
        ADMIN.createRealm(realm);
        try {
            String api = ADMIN.baseUrl() + "/realms/" + name + "/gateway-access";
            String realmAdmins = ADMIN.groupId(name, "/Admins");
            JsonNode members = ok(Http.get(api + "/groups/" + realmAdmins + "/members", ADMIN.token()));
            assertEquals(1, members.size(), members::toString);
            assertEquals("boss", members.get(0).get("username").asText());
            assertEquals(
                    List.of("role:admin", "seed"),
                    sources(members.get(0)).stream().sorted().toList());
            assertTrue(
                    ADMIN.groupsOf(name, members.get(0).get("userId").asText()).contains(realmAdmins));
        } finally {
            ADMIN.deleteRealm(name);
        }
    }

    @Test
    void aRoleGrantedDirectlyAddsTheRoleSourceAndRevokingItRemovesIt() {
        String user = ADMIN.createUser(gw.name(), "roleholder");
        assertEquals(204, ADMIN.grantRole(gw.name(), user, "gateway-user").status());
        assertEquals(List.of("role:gateway-user"), sources(member(users, user)));
        assertTrue(ADMIN.groupsOf(gw.name(), user).contains(users), "a Keycloak group member");

        assertEquals(204, ADMIN.revokeRole(gw.name(), user, "gateway-user").status());
        assertNull(member(users, user));
        assertFalse(ADMIN.groupsOf(gw.name(), user).contains(users));
    }

    @Test
    void rolesThroughAGroupOrACompositeCountAndFollowEvenWhereKeycloakFiresNoPerUserEvent() {
        ADMIN.createRole(gw.name(), "researcher", "gateway-user");
        String viaComposite = ADMIN.createUser(gw.name(), "composite-holder");
        assertEquals(204, ADMIN.grantRole(gw.name(), viaComposite, "researcher").status());
        assertEquals(List.of("role:gateway-user"), sources(member(users, viaComposite)));

        String staff = ADMIN.createGroup(gw.name(), "Staff");
        ADMIN.grantGroupRole(gw.name(), staff, "gateway-user");
        String viaGroup = ADMIN.createUser(gw.name(), "staff-member");
        assertEquals(204, ADMIN.joinGroup(gw.name(), viaGroup, staff).status());
        assertEquals(
                List.of("role:gateway-user"), sources(member(users, viaGroup)), "joining a group that grants the role");
        assertEquals(204, ADMIN.leaveGroup(gw.name(), viaGroup, staff).status());
        assertNull(member(users, viaGroup), "leaving it");

        // A role granted to a group its members are already in fires no per-user event; its admin event makes the
        // membership follow in the same request (LiveRoleChangesIT has every such path), so the sync finds nothing
        // left.
        String lab = ADMIN.createGroup(gw.name(), "Lab");
        String labMember = ADMIN.createUser(gw.name(), "lab-member");
        assertEquals(204, ADMIN.joinGroup(gw.name(), labMember, lab).status());
        ADMIN.grantGroupRole(gw.name(), lab, "gateway-user");
        assertEquals(
                List.of("role:gateway-user"),
                sources(member(users, labMember)),
                "live, when the grant's response arrives");
        assertTrue(ADMIN.groupsOf(gw.name(), labMember).contains(users));
        JsonNode dry = Jobs.runSync(gw, true);
        assertEquals("done", dry.get("status").asText(), dry::toString);
        assertEquals(0, dry.get("changes").get("added").asLong(), dry::toString);
        assertEquals(0, dry.get("changes").get("removed").asLong(), dry::toString);
    }

    @Test
    void anAdminAddedMembershipSurvivesRoleRevocationAndDeleteSaysWhichSourcesRemain() throws Exception {
        String user = ADMIN.createUser(gw.name(), "both-sources");
        assertEquals(204, ADMIN.grantRole(gw.name(), user, "gateway-user").status());
        assertEquals(
                204,
                Http.put(gw.api() + "/groups/" + users + "/members/" + user, token, null)
                        .status());
        JsonNode member = member(users, user);
        assertEquals(
                List.of("admin", "role:gateway-user"),
                sources(member).stream().sorted().toList());
        JsonNode adminSource = source(member, "admin");
        assertEquals(gw.userId("gwadmin"), adminSource.get("grantedBy").asText());
        assertTrue(adminSource.get("grantedAt").asText().endsWith("Z"));

        assertEquals(204, ADMIN.revokeRole(gw.name(), user, "gateway-user").status());
        assertEquals(List.of("admin"), sources(member(users, user)), "the admin's membership survives");

        assertEquals(204, ADMIN.grantRole(gw.name(), user, "gateway-user").status());
        Http.Result removed = Http.delete(gw.api() + "/groups/" + users + "/members/" + user, token);
        assertEquals(200, removed.status(), removed::toString);
        assertEquals(
                List.of("role:gateway-user"), strings(removed.json().get("sources")), "the role keeps the user in");
        assertEquals(204, ADMIN.revokeRole(gw.name(), user, "gateway-user").status());
        assertNull(member(users, user));

        Http.Result again = Http.delete(gw.api() + "/groups/" + users + "/members/" + user, token);
        assertEquals(200, again.status());
        assertEquals(0, again.json().get("sources").size(), "no longer a member");

        // every change is an admin event naming its source
        List<String> events = new ArrayList<>();
        for (JsonNode e : ADMIN.adminEvents(gw.name())) {
            if ("GATEWAY_ACCESS_GROUP_MEMBER".equals(e.path("resourceType").asText())
                    && e.path("resourcePath").asText().endsWith("/members/" + user)) {
                events.add(e.get("operationType").asText() + " "
                        + Http.JSON
                                .readTree(e.get("representation").asText())
                                .get("source")
                                .asText());
            }
        }
        assertTrue(
                events.containsAll(List.of(
                        "CREATE role:gateway-user", "CREATE admin", "DELETE role:gateway-user", "DELETE admin")),
                events::toString);
    }

    @Test
    void membersAddedOrRemovedInTheAdminConsoleAreRecordedAndSyncPutsAnEntitledUserBack() {
        String user = ADMIN.createUser(gw.name(), "console-user");
        // as the admin console does it, signed in as a Keycloak admin of this realm
        Http.Result join = Http.put(
                ADMIN.baseUrl() + "/admin/realms/" + gw.name() + "/users/" + user + "/groups/" + users,
                gw.keycloakAdminToken(),
                null);
        assertEquals(204, join.status(), join::toString);
        JsonNode member = member(users, user);
        assertEquals(List.of("admin"), sources(member));
        assertEquals(
                gw.userId("kcadmin"),
                source(member, "admin").get("grantedBy").asText(),
                "the Keycloak admin who added the member");

        assertEquals(204, ADMIN.grantRole(gw.name(), user, "gateway-user").status());
        assertEquals(204, ADMIN.leaveGroup(gw.name(), user, users).status());
        assertNull(member(users, user), "a removal in the console drops every source");

        JsonNode job = Jobs.runSync(gw, false);
        assertEquals(1, job.get("changes").get("added").asLong(), job::toString);
        assertEquals(List.of("role:gateway-user"), sources(member(users, user)), "the role still entitles the user");
    }

    @Test
    void theLastAdminCannotBeRemovedByTheApiTheAdminConsoleOrARoleRevocation() {
        String gwadmin = gw.userId("gwadmin");
        Http.Result refused = Http.delete(gw.api() + "/groups/" + admins + "/members/" + gwadmin, ADMIN.token());
        assertError(409, "last_admin", refused);
        assertError(409, "last_admin", ADMIN.leaveGroup(gw.name(), gwadmin, admins));
        assertEquals(List.of("admin"), sources(member(admins, gwadmin)), "nothing changed");
        assertTrue(ADMIN.groupsOf(gw.name(), gwadmin).contains(admins));

        // only through the role: revoking it is refused while this is the last admin
        assertEquals(204, ADMIN.grantRole(gw.name(), gwadmin, "admin").status());
        assertEquals(
                200,
                Http.delete(gw.api() + "/groups/" + admins + "/members/" + gwadmin, ADMIN.token())
                        .status());
        assertEquals(List.of("role:admin"), sources(member(admins, gwadmin)));
        assertError(409, "last_admin", ADMIN.revokeRole(gw.name(), gwadmin, "admin"));
        assertEquals(List.of("role:admin"), sources(member(admins, gwadmin)));

        // with a second admin, the first may go
        String second = ADMIN.createUser(gw.name(), "second-admin");
        assertEquals(
                204,
                Http.put(gw.api() + "/groups/" + admins + "/members/" + second, ADMIN.token(), null)
                        .status());
        assertEquals(204, ADMIN.revokeRole(gw.name(), gwadmin, "admin").status());
        assertNull(member(admins, gwadmin));
    }

    @Test
    void concurrentRemovalsOfTheLastTwoAdminsLeaveOne() throws Exception {
        List<String> adminIds = new ArrayList<>(List.of(gw.userId("gwadmin")));
        for (int i = 0; i < 3; i++) {
            String extra = ADMIN.createUser(gw.name(), "admin-" + i);
            assertEquals(
                    204,
                    Http.put(gw.api() + "/groups/" + admins + "/members/" + extra, ADMIN.token(), null)
                            .status());
            adminIds.add(extra);
        }
        String kcToken = ADMIN.token();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(adminIds.size());
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < adminIds.size(); i++) {
                String id = adminIds.get(i);
                boolean console = i % 2 == 1; // half through the extension's API, half as the admin console does it
                results.add(pool.submit(() -> {
                    start.await();
                    return console
                            ? Http.delete(
                                            ADMIN.baseUrl() + "/admin/realms/" + gw.name() + "/users/" + id + "/groups/"
                                                    + admins,
                                            kcToken)
                                    .status()
                            : Http.delete(gw.api() + "/groups/" + admins + "/members/" + id, kcToken)
                                    .status();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (java.util.concurrent.Future<Integer> r : results) {
                statuses.add(r.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            long refused = statuses.stream().filter(st -> st == 409).count();
            assertEquals(1, refused, "exactly one removal refused: " + statuses);
            assertEquals(
                    1,
                    byId(ok(Http.get(gw.api() + "/groups", kcToken)), admins)
                            .get("memberCount")
                            .asLong(),
                    statuses::toString);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void onlyAKeycloakAdminMayAddToTheAdminsGroupByDefault() {
        String user = ADMIN.createUser(gw.name(), "would-be-admin");
        assertError(403, "forbidden", Http.put(gw.api() + "/groups/" + admins + "/members/" + user, token, null));
        assertNull(member(admins, user));
        assertError(
                403,
                "forbidden",
                Http.put(gw.api() + "/groups/" + users + "/members/" + user, gw.readOnlyAdminToken(), null));
        assertEquals(
                204,
                Http.put(gw.api() + "/groups/" + admins + "/members/" + user, gw.keycloakAdminToken(), null)
                        .status());
    }

    @Test
    void identityProviderMappingsFollowLinkAndUnlink() {
        String partners = ADMIN.createGroup(gw.name(), "Partners");
        JsonNode config = ok(Http.get(gw.api() + "/config", token));
        ((com.fasterxml.jackson.databind.node.ArrayNode) config.get("identityProviderMappings"))
                .addObject()
                .put("identityProvider", PARTNER_IDP)
                .put("group", "/Partners");
        // a new mapping target is a Keycloak admin's decision (docs/security-model.md); the rest is the gateway admin's
        JsonNode saved = ok(Http.put(gw.api() + "/config", ADMIN.token(), config));
        assertEquals(
                "/Partners",
                saved.get("identityProviderMappings").get(0).get("group").asText());
        assertTrue(
                ids(ok(Http.get(gw.api() + "/groups", token))).contains(partners), "a mapped group is a gateway group");

        String user = ADMIN.createUser(gw.name(), "partner-linked");
        ADMIN.link(gw.name(), user, PARTNER_IDP);
        assertEquals(List.of("identity-provider:" + PARTNER_IDP), sources(member(partners, user)));
        ADMIN.unlink(gw.name(), user, PARTNER_IDP);
        assertNull(member(partners, user));
        assertFalse(ADMIN.groupsOf(gw.name(), user).contains(partners));

        // deleting the provider (its links go in bulk, no unlink event) takes the memberships it alone kept
        ADMIN.link(gw.name(), user, PARTNER_IDP);
        String both = ADMIN.createUser(gw.name(), "partner-and-admin-added");
        ADMIN.link(gw.name(), both, PARTNER_IDP);
        assertEquals(
                204,
                Http.put(gw.api() + "/groups/" + partners + "/members/" + both, token, null)
                        .status());
        ADMIN.deleteIdentityProvider(gw.name(), PARTNER_IDP);
        assertFalse(ADMIN.groupsOf(gw.name(), user).contains(partners), "no source left");
        assertEquals(List.of("admin"), sources(member(partners, both)), "the admin's source keeps this one in");
    }

    @Test
    void aMappingWhoseGroupGrantsTheRoleIsRefusedAsACycleAndBadConfigChangesNothing() {
        String staff = ADMIN.createGroup(gw.name(), "Staff");
        ADMIN.grantGroupRole(gw.name(), staff, "gateway-user");
        JsonNode before = ok(Http.get(gw.api() + "/config", token));
        String cycle = "{\"roleMappings\":[{\"role\":\"gateway-user\",\"group\":\"/Staff\",\"mode\":\"sync\"}]}";
        assertError(400, "cycle", Http.put(gw.api() + "/config", token, cycle));
        assertError(
                400,
                "unknown_role",
                Http.put(
                        gw.api() + "/config",
                        token,
                        "{\"roleMappings\":[{\"role\":\"no-such-role\",\"group\":\"/Staff\"}]}"));
        assertError(
                400,
                "unknown_group",
                Http.put(
                        gw.api() + "/config",
                        token,
                        "{\"roleMappings\":[{\"role\":\"gateway-user\",\"group\":\"/Nope\"}]}"));
        assertError(
                400,
                "unknown_identity_provider",
                Http.put(
                        gw.api() + "/config",
                        token,
                        "{\"identityProviderMappings\":[{\"identityProvider\":\"nope\",\"group\":\"/Staff\"}]}"));
        assertError(400, "invalid_type", Http.put(gw.api() + "/config", token, "{\"roleMappings\":5}"));
        assertError(
                400,
                "invalid_value",
                Http.put(
                        gw.api() + "/config",
                        token,
                        "{\"roleMappings\":[{\"role\":\"gateway-user\",\"group\":\"/Staff\",\"mode\":\"always\"}]}"));
        assertError(400, "unknown_field", Http.put(gw.api() + "/config", token, "{\"roleMapings\":[]}"));
        assertError(400, "malformed_json", Http.put(gw.api() + "/config", token, "{"));
        assertEquals(before, ok(Http.get(gw.api() + "/config", token)), "nothing changed");
        // a gateway admin may not change what makes someone an admin
        assertError(
                403,
                "forbidden",
                Http.put(
                        gw.api() + "/config",
                        token,
                        "{\"roleMappings\":[{\"role\":\"gateway-user\",\"group\":\"/Admins\"}]}"));
    }

    private JsonNode member(String groupId, String userId) {
        JsonNode members = ok(Http.get(gw.api() + "/groups/" + groupId + "/members", ADMIN.token()));
        for (JsonNode m : members) {
            if (userId.equals(m.get("userId").asText())) {
                return m;
            }
        }
        return null;
    }

    private static List<String> sources(JsonNode member) {
        assertTrue(member != null, "is a member");
        List<String> list = new ArrayList<>();
        member.get("sources").forEach(s -> list.add(s.get("source").asText()));
        return list;
    }

    private static JsonNode source(JsonNode member, String name) {
        for (JsonNode s : member.get("sources")) {
            if (name.equals(s.get("source").asText())) {
                return s;
            }
        }
        throw new AssertionError("no source " + name + " in " + member);
    }

    private static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }

    private static List<String> ids(JsonNode groups) {
        List<String> list = new ArrayList<>();
        groups.forEach(g -> list.add(g.get("id").asText()));
        return list;
    }

    private static JsonNode byId(JsonNode groups, String id) {
        for (JsonNode g : groups) {
            if (id.equals(g.get("id").asText())) {
                return g;
            }
        }
        throw new AssertionError("no group " + id + " in " + groups);
    }

    private static JsonNode ok(Http.Result r) {
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }
}
