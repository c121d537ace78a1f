package org.gatewayaccess.it;

import static org.gatewayaccess.it.AuthorizationIT.ok;
import static org.gatewayaccess.it.AuthorizationIT.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.Members;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Resources and sharing ({@code /resources}), and the discovery rules for pools and resources. */
class ResourcesAndDiscoveryIT extends RealKeycloakTest {

    private GatewayRealm gw;
    private String plain;
    private String other;

    @BeforeEach
    void realm() {
        gw = GatewayRealm.create(ADMIN, "resources");
        plain = gw.userId("plain");
        other = ADMIN.createUser(gw.name(), "other");
        ADMIN.setPassword(gw.name(), other, GatewayRealm.PASSWORD);
    }

    @Test
    void registeringSeedsTheCallerAsManagerAndTheAdminGroupsAndASecondRegistrationChangesNothing() {
        Http.Result created = Http.put(gw.api() + "/resources/dataset/genomes-2024", gw.plainUserToken(), null);
        assertEquals(201, created.status(), created::toString);
        assertTrue(
                created.header("Location").endsWith("/gateway-access/resources/dataset/genomes-2024"),
                created::toString);
        assertEquals(List.of("view", "edit", "manage"), strings(created.json().get("permissions")));
        assertEquals(plain, created.json().get("createdBy").asText());

        Http.Result again = Http.put(gw.api() + "/resources/dataset/genomes-2024", gw.token("other"), null);
        assertEquals(200, again.status(), again::toString);
        assertEquals(List.of(), strings(again.json().get("permissions")), "registering again gives the caller nothing");

        JsonNode grants = ok(Http.get(gw.api() + "/resources/dataset/genomes-2024/grants", gw.readOnlyAdminToken()));
        List<String> holders = new ArrayList<>();
        grants.forEach(g -> holders.add(g.get("principal").asText().replaceAll(":.*", "") + " "
                + g.path("username").asText(g.path("groupPath").asText()) + " "
                + g.get("permission").asText() + " "
                + g.get("sources").get(0).get("source").asText()));
        assertEquals(
                List.of("group /Admins edit seed", "group /Read Only Admins view seed", "user plain manage seed"),
                holders.stream().sorted().toList());
        assertEquals(
                1,
                Members.adminEvents(ADMIN, gw.name(), "GATEWAY_ACCESS_RESOURCE", "CREATE")
                        .size());

        assertError(400, "reserved_type", Http.put(gw.api() + "/resources/pool/p-1", gw.plainUserToken(), null));
        assertError(
                400, "invalid_type_name", Http.put(gw.api() + "/resources/Data%20Set/x", gw.plainUserToken(), null));
        assertError(400, "invalid_id", Http.put(gw.api() + "/resources/dataset/..%2Fetc", gw.plainUserToken(), null));
        assertError(
                400,
                "invalid_id",
                Http.put(gw.api() + "/resources/dataset/" + "x".repeat(256), gw.plainUserToken(), null));
        assertError(
                400,
                "unknown_field",
                Http.put(gw.api() + "/resources/dataset/y", gw.plainUserToken(), Map.of("owner", "me")));
        assertError(401, null, Http.put(gw.api() + "/resources/dataset/z", null, null));
        assertError(404, "resource_not_found", Http.get(gw.api() + "/resources/dataset/y", gw.plainUserToken()));
    }

    @Test
    void managersShareAndUnshareAndOthersCannot() {
        assertEquals(
                201,
                Http.put(gw.api() + "/resources/notebook/nb-7", gw.plainUserToken(), null)
                        .status());
        String otherToken = gw.token("other");
        assertError(
                403,
                "forbidden",
                Http.put(
                        gw.api() + "/resources/notebook/nb-7/grants",
                        otherToken,
                        Map.of("principal", "user:" + other, "permission", "manage")));
        assertError(403, "forbidden", Http.get(gw.api() + "/resources/notebook/nb-7/grants", otherToken));

        assertEquals(
                204,
                Http.put(
                                gw.api() + "/resources/notebook/nb-7/grants",
                                gw.plainUserToken(),
                                Map.of("principal", "user:" + other, "permission", "edit"))
                        .status());
        assertEquals(
                List.of("view", "edit"),
                strings(ok(Http.get(gw.api() + "/resources/notebook/nb-7", otherToken))
                        .get("permissions")));
        assertError(403, "forbidden", Http.delete(gw.api() + "/resources/notebook/nb-7", otherToken));
        JsonNode event = Members.adminEvents(ADMIN, gw.name(), "GATEWAY_ACCESS_RESOURCE_GRANT", "CREATE")
                .get(0);
        assertEquals(plain, event.get("authDetails").get("userId").asText(), "attributed to the manager who shared");

        assertError(
                400,
                "invalid_value",
                Http.put(
                        gw.api() + "/resources/notebook/nb-7/grants",
                        gw.plainUserToken(),
                        Map.of("principal", "someone", "permission", "edit")));
        assertError(
                400,
                "invalid_value",
                Http.put(
                        gw.api() + "/resources/notebook/nb-7/grants",
                        gw.plainUserToken(),
                        Map.of("principal", "user:" + other, "permission", "owner")));
        assertError(
                404,
                "user_not_found",
                Http.put(
                        gw.api() + "/resources/notebook/nb-7/grants",
                        gw.plainUserToken(),
                        Map.of("principal", "user:00000000-0000-0000-0000-000000000000", "permission", "view")));
        assertError(
                404,
                "resource_not_found",
                Http.put(
                        gw.api() + "/resources/notebook/nb-8/grants",
                        gw.gatewayAdminToken(),
                        Map.of("principal", "user:" + other, "permission", "view")));

        String unshare = gw.api() + "/resources/notebook/nb-7/grants?principal=user:" + other + "&permission=edit";
        assertEquals(204, Http.delete(unshare, gw.plainUserToken()).status());
        assertError(404, "grant_not_found", Http.delete(unshare, gw.plainUserToken()));
        assertEquals(
                List.of(),
                strings(ok(Http.get(gw.api() + "/resources/notebook/nb-7", otherToken))
                        .get("permissions")));
        // the seed source is not the admin source: the manager's own manage stays
        assertError(
                404,
                "grant_not_found",
                Http.delete(
                        gw.api() + "/resources/notebook/nb-7/grants?principal=user:" + plain + "&permission=manage",
                        gw.gatewayAdminToken()));

        assertEquals(
                204,
                Http.delete(gw.api() + "/resources/notebook/nb-7", gw.plainUserToken())
                        .status());
        assertError(
                404,
                "resource_not_found",
                Http.get(gw.api() + "/resources/notebook/nb-7/grants", gw.gatewayAdminToken()));
        assertEquals(
                0,
                ok(Http.get(gw.api() + "/me", gw.plainUserToken()))
                        .get("resources")
                        .size());
    }

    @Test
    void resourceListsPageByCursorAndFollowDiscovery() {
        for (int i = 1; i <= 5; i++) {
            assertEquals(
                    201,
                    Http.put(gw.api() + "/resources/dataset/d-" + i, gw.gatewayAdminToken(), null)
                            .status());
        }
        for (String id : List.of("d-2", "d-4")) {
            assertEquals(
                    204,
                    Http.put(
                                    gw.api() + "/resources/dataset/" + id + "/grants",
                                    gw.gatewayAdminToken(),
                                    Map.of("principal", "user:" + plain, "permission", "view"))
                            .status());
        }
        // discoverable (the default): every user lists and reads everything; held permissions are separate
        assertEquals(List.of("d-1", "d-2", "d-3", "d-4", "d-5"), ids(gw.plainUserToken(), ""));
        assertEquals(List.of(), ids(gw.plainUserToken(), "?permission=edit"));
        assertEquals(
                200,
                Http.get(gw.api() + "/resources/dataset/d-1", gw.plainUserToken())
                        .status());

        JsonNode first = ok(Http.get(gw.api() + "/resources/dataset?max=2", gw.plainUserToken()));
        assertEquals(List.of("d-1", "d-2"), strings(first.get("ids")));
        JsonNode second = ok(Http.get(
                gw.api() + "/resources/dataset?max=2&cursor="
                        + first.get("next").asText(),
                gw.plainUserToken()));
        assertEquals(List.of("d-3", "d-4"), strings(second.get("ids")));
        JsonNode third = ok(Http.get(
                gw.api() + "/resources/dataset?max=2&cursor="
                        + second.get("next").asText(),
                gw.plainUserToken()));
        assertEquals(List.of("d-5"), strings(third.get("ids")));
        assertTrue(third.get("next").isNull());
        assertEquals(
                List.of("d-3"),
                strings(ok(Http.get(gw.api() + "/resources/dataset?first=2&max=1", gw.plainUserToken()))
                        .get("ids")));
        assertError(400, "invalid_value", Http.get(gw.api() + "/resources/dataset?max=0", gw.plainUserToken()));
        assertError(
                400,
                "invalid_value",
                Http.get(gw.api() + "/resources/dataset?cursor=not*a*cursor", gw.plainUserToken()));
        assertError(
                400, "invalid_value", Http.get(gw.api() + "/resources/dataset?permission=own", gw.plainUserToken()));

        // not discoverable: a filtered list, 403 on a hidden one, 200 on a visible one, 404 on a missing one
        discovery(false, null);
        assertEquals(List.of("d-2", "d-4"), ids(gw.plainUserToken(), ""));
        assertError(403, "forbidden", Http.get(gw.api() + "/resources/dataset/d-1", gw.plainUserToken()));
        assertEquals(
                List.of("view"),
                strings(ok(Http.get(gw.api() + "/resources/dataset/d-2", gw.plainUserToken()))
                        .get("permissions")));
        assertError(404, "resource_not_found", Http.get(gw.api() + "/resources/dataset/d-9", gw.plainUserToken()));
        assertEquals(5, ids(gw.readOnlyAdminToken(), "").size(), "read-only admins see everything");
        assertEquals(5, ids(gw.checkerToken(), "").size(), "access checkers see everything");

        // a member of the discovery group (here through a subgroup) sees everything again
        String explorers = ADMIN.createGroup(gw.name(), "Explorers");
        discovery(false, "/Explorers");
        assertEquals(List.of("d-2", "d-4"), ids(gw.plainUserToken(), ""));
        assertEquals(204, ADMIN.joinGroup(gw.name(), plain, explorers).status());
        assertEquals(5, ids(gw.plainUserToken(), "").size());
        assertEquals(
                200,
                Http.get(gw.api() + "/resources/dataset/d-1", gw.plainUserToken())
                        .status());
    }

    @Test
    void poolDiscoveryFiltersListsAndAnswers403ExactlyForHiddenPools() {
        String visible = gw.createPool("visible", null);
        String hidden = gw.createPool("hidden", null);
        assertEquals(
                204,
                Http.put(gw.api() + "/pools/" + visible + "/viewers/" + plain, gw.gatewayAdminToken(), null)
                        .status());

        assertEquals(List.of("hidden", "visible"), poolNames(gw.plainUserToken()), "discoverable: everything");
        assertEquals(
                200,
                Http.get(gw.api() + "/pools/" + hidden, gw.plainUserToken()).status());

        discovery(false, null);
        assertEquals(List.of("visible"), poolNames(gw.plainUserToken()));
        assertError(403, "forbidden", Http.get(gw.api() + "/pools/" + hidden, gw.plainUserToken()));
        assertEquals(
                200,
                Http.get(gw.api() + "/pools/" + visible, gw.plainUserToken()).status());
        assertError(404, null, Http.get(gw.api() + "/pools/00000000-0000-0000-0000-000000000000", gw.plainUserToken()));
        assertEquals(List.of("hidden", "visible"), poolNames(gw.readOnlyAdminToken()), "admins always see everything");
        assertEquals(List.of("hidden", "visible"), poolNames(gw.gatewayAdminToken()));

        // a viewer group's members see the pool; the discovery group's members see everything
        String team = ADMIN.createGroup(gw.name(), "Team");
        assertEquals(
                204,
                Http.put(gw.api() + "/pools/" + hidden + "/viewer-groups/" + team, gw.gatewayAdminToken(), null)
                        .status());
        assertEquals(List.of(), poolNames(gw.token("other")), "not a member yet");
        assertEquals(204, ADMIN.joinGroup(gw.name(), other, team).status());
        assertEquals(List.of("hidden"), poolNames(gw.token("other")));
        assertEquals(
                200, Http.get(gw.api() + "/pools/" + hidden, gw.token("other")).status());

        String explorers = ADMIN.createGroup(gw.name(), "Explorers");
        discovery(false, "/Explorers");
        assertEquals(204, ADMIN.joinGroup(gw.name(), plain, explorers).status());
        assertEquals(List.of("hidden", "visible"), poolNames(gw.plainUserToken()));
        assertEquals(
                200,
                Http.get(gw.api() + "/pools/" + hidden, gw.plainUserToken()).status());
    }

    private List<String> ids(String token, String query) {
        return strings(
                ok(Http.get(gw.api() + "/resources/dataset" + query, token)).get("ids"));
    }

    private List<String> poolNames(String token) {
        List<String> names = new ArrayList<>();
        ok(Http.get(gw.api() + "/pools", token))
                .forEach(p -> names.add(p.get("name").asText()));
        return names.stream().sorted().toList();
    }

    private void discovery(boolean discoverable, String discoveryGroup) {
        JsonNode config = ok(Http.get(gw.api() + "/config", gw.gatewayAdminToken()));
        ObjectNode discovery = (ObjectNode) config.get("discovery");
        discovery.put("poolsDiscoverable", discoverable);
        discovery.put("discoveryGroup", discoveryGroup);
        Http.Result r = Http.put(gw.api() + "/config", gw.gatewayAdminToken(), config);
        assertEquals(200, r.status(), r::toString);
    }
}
