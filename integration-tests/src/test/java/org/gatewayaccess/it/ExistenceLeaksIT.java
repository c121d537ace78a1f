package org.gatewayaccess.it;

import static org.gatewayaccess.it.AuthorizationIT.ok;
import static org.gatewayaccess.it.AuthorizationIT.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.Members;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * No existence leaks (issue 16, item 4): registering a resource that exists tells a caller who does not manage it
 * exactly what reading it would, never who registered it; sharing with a principal that does not exist answers as for
 * one of another realm. The oracles that remain are listed in docs/api.md, "Existence".
 */
class ExistenceLeaksIT extends RealKeycloakTest {

    private GatewayRealm gw;
    private String other;

    @BeforeEach
    void realm() {
        gw = GatewayRealm.create(ADMIN, "leaks");
        other = ADMIN.createUser(gw.name(), "other");
        ADMIN.setPassword(gw.name(), other, GatewayRealm.PASSWORD);
    }

    @Test
    void registeringAHiddenResourceAgainAnswersWhatReadingItWould() {
        discoverable(false);
        String path = gw.api() + "/resources/dataset/secret-plans";
        assertEquals(201, Http.put(path, gw.plainUserToken(), null).status());
        int events = resourceEvents();

        String otherToken = gw.token("other");
        Http.Result read = Http.get(path, otherToken);
        Http.Result register = Http.put(path, otherToken, null);
        assertError(403, "forbidden", read);
        assertEquals(read.status(), register.status(), register::toString);
        assertEquals(read.json(), register.json(), "the same answer as GET");
        assertFalse(register.body().contains(gw.userId("plain")), "never who registered it: " + register);
        assertEquals(events, resourceEvents(), "nothing recorded");
        assertEquals(List.of(), ids(otherToken), "nothing shared with the caller");
    }

    @Test
    void registeringAVisibleResourceAgainAnswersWhatReadingItWouldWithoutItsCreator() {
        String path = gw.api() + "/resources/dataset/public-data";
        Http.Result created = Http.put(path, gw.plainUserToken(), null);
        assertEquals(201, created.status(), created::toString);
        assertEquals(gw.userId("plain"), created.json().get("createdBy").asText(), "the registering user is told");

        String otherToken = gw.token("other");
        Http.Result register = Http.put(path, otherToken, null);
        assertEquals(200, register.status(), register::toString);
        assertEquals(ok(Http.get(path, otherToken)), register.json(), "the same answer as GET");
        assertFalse(register.json().has("createdBy"), register::toString);
        assertEquals(List.of(), strings(register.json().get("permissions")));

        // its manager and the admins still see who registered it
        assertEquals(
                gw.userId("plain"),
                ok(Http.put(path, gw.plainUserToken(), null)).get("createdBy").asText());
        assertEquals(
                gw.userId("plain"),
                ok(Http.get(path, gw.readOnlyAdminToken())).get("createdBy").asText());
    }

    @Test
    void sharingWithAPrincipalThatDoesNotExistAnswersAsForOneOfAnotherRealm() {
        String path = gw.api() + "/resources/notebook/nb-1/grants";
        assertEquals(
                201,
                Http.put(gw.api() + "/resources/notebook/nb-1", gw.plainUserToken(), null)
                        .status());
        String elsewhereUser = ADMIN.createUser(gw.partnerName(), "elsewhere");
        String elsewhereGroup = ADMIN.createGroup(gw.partnerName(), "Elsewhere");
        String nowhere = UUID.randomUUID().toString();

        for (String type : List.of("user", "group")) {
            Http.Result missing = Http.put(
                    path, gw.plainUserToken(), Map.of("principal", type + ":" + nowhere, "permission", "view"));
            Http.Result foreign = Http.put(
                    path,
                    gw.plainUserToken(),
                    Map.of(
                            "principal",
                            type + ":" + ("user".equals(type) ? elsewhereUser : elsewhereGroup),
                            "permission",
                            "view"));
            assertError(404, type + "_not_found", missing);
            assertEquals(missing.status(), foreign.status(), foreign::toString);
            assertEquals(
                    missing.json(), foreign.json(), "one answer for " + type + "s of no realm and of another realm");
        }
        assertEquals(3, ok(Http.get(path, gw.plainUserToken())).size(), "only the registration's grants");
        assertEquals(
                0,
                Members.adminEvents(ADMIN, gw.name(), "GATEWAY_ACCESS_RESOURCE_GRANT", "CREATE")
                        .size());
    }

    private int resourceEvents() {
        return Members.adminEvents(ADMIN, gw.name(), "GATEWAY_ACCESS_RESOURCE", "CREATE")
                .size();
    }

    private List<String> ids(String token) {
        return strings(ok(Http.get(gw.api() + "/resources/dataset", token)).get("ids"));
    }

    private void discoverable(boolean discoverable) {
        JsonNode config = ok(Http.get(gw.api() + "/config", gw.gatewayAdminToken()));
        ((ObjectNode) config.get("discovery")).put("poolsDiscoverable", discoverable);
        Http.Result r = Http.put(gw.api() + "/config", gw.gatewayAdminToken(), config);
        assertEquals(200, r.status(), r::toString);
    }
}
