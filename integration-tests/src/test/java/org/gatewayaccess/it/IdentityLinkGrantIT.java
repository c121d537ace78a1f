package org.gatewayaccess.it;

import static org.gatewayaccess.it.support.GatewayRealm.OTHER_IDP;
import static org.gatewayaccess.it.support.GatewayRealm.PARTNER_IDP;
import static org.gatewayaccess.it.support.GatewayRealm.pool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.StreamSupport;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Identity-provider links (through Keycloak's admin API) drive pool viewer grants, source by source. */
class IdentityLinkGrantIT extends RealKeycloakTest {

    private static GatewayRealm gw;
    private static String token;

    /** A realm per test: links made by one test would otherwise be granted on the pools of the next. */
    @BeforeEach
    void realm() {
        gw = GatewayRealm.create(ADMIN, "links");
        token = gw.gatewayAdminToken();
    }

    @Test
    void linkingGrantsViewOnEveryPoolOfThatProviderAndUnlinkingRevokesIt() {
        String a = createPool("link-a", PARTNER_IDP);
        String b = createPool("link-b", PARTNER_IDP);
        String unrelated = createPool("link-other", OTHER_IDP);
        String user = ADMIN.createUser(gw.name(), "linker");

        ADMIN.link(gw.name(), user, PARTNER_IDP);
        for (String pool : List.of(a, b)) {
            JsonNode viewer = onlyViewer(pool);
            assertEquals("user:" + user, viewer.get("principal").asText());
            assertEquals("linker", viewer.get("username").asText());
            assertEquals(List.of("identity-provider:" + PARTNER_IDP), sources(viewer));
        }
        assertEquals(0, viewers(unrelated).size());

        ADMIN.unlink(gw.name(), user, PARTNER_IDP);
        assertEquals(0, viewers(a).size());
        assertEquals(0, viewers(b).size());
    }

    @Test
    void anAdminGrantSurvivesTheUnlinkAndOnlyTheProviderSourceGoes() {
        String pool = createPool("both-sources", PARTNER_IDP);
        String user = ADMIN.createUser(gw.name(), "both");
        ADMIN.link(gw.name(), user, PARTNER_IDP);
        assertEquals(
                204,
                Http.put(gw.api() + "/pools/" + pool + "/viewers/" + user, token, null)
                        .status());
        assertEquals(
                List.of("admin", "identity-provider:" + PARTNER_IDP),
                sources(onlyViewer(pool)).stream().sorted().toList());
        JsonNode adminSource = StreamSupport.stream(
                        onlyViewer(pool).get("sources").spliterator(), false)
                .filter(s -> "admin".equals(s.get("source").asText()))
                .findFirst()
                .orElseThrow();
        assertEquals(gw.userId("gwadmin"), adminSource.get("grantedBy").asText());

        ADMIN.unlink(gw.name(), user, PARTNER_IDP);
        assertEquals(List.of("admin"), sources(onlyViewer(pool)));

        ADMIN.link(gw.name(), user, PARTNER_IDP);
        assertEquals(
                204,
                Http.delete(gw.api() + "/pools/" + pool + "/viewers/" + user, token)
                        .status());
        assertEquals(
                List.of("identity-provider:" + PARTNER_IDP),
                sources(onlyViewer(pool)),
                "removing the admin grant keeps the link's");
    }

    @Test
    void creatingAPoolGrantsUsersAlreadyLinkedAndChangingItsProviderSwapsTheGrants() {
        String partnerUser = ADMIN.createUser(gw.name(), "early-partner");
        String otherUser = ADMIN.createUser(gw.name(), "early-other");
        ADMIN.link(gw.name(), partnerUser, PARTNER_IDP);
        ADMIN.link(gw.name(), otherUser, OTHER_IDP);

        String pool = createPool("attach", PARTNER_IDP);
        assertTrue(principals(pool).contains("user:" + partnerUser));
        assertTrue(!principals(pool).contains("user:" + otherUser));

        assertEquals(
                200,
                Http.put(gw.api() + "/pools/" + pool, token, pool("attach", OTHER_IDP))
                        .status());
        assertTrue(principals(pool).contains("user:" + otherUser));
        assertTrue(!principals(pool).contains("user:" + partnerUser), "the old provider's grants are revoked");

        assertEquals(
                200,
                Http.put(gw.api() + "/pools/" + pool, token, pool("attach", null))
                        .status());
        assertTrue(!principals(pool).contains("user:" + otherUser), "removing the provider revokes its grants");
    }

    @Test
    void deletingAPoolRemovesItsGrants() {
        String user = ADMIN.createUser(gw.name(), "pool-deleted");
        ADMIN.link(gw.name(), user, PARTNER_IDP);
        String pool = createPool("to-delete", PARTNER_IDP);
        assertEquals(
                1,
                principals(pool).stream().filter(p -> p.equals("user:" + user)).count());
        assertEquals(204, Http.delete(gw.api() + "/pools/" + pool, token).status());
        // A new pool of the same provider must not inherit anything but the current link.
        String again = createPool("to-delete", PARTNER_IDP);
        assertEquals(
                List.of("identity-provider:" + PARTNER_IDP),
                sources(StreamSupport.stream(viewers(again).spliterator(), false)
                        .filter(v -> v.get("principal").asText().equals("user:" + user))
                        .findFirst()
                        .orElseThrow()));
    }

    private static String createPool(String name, String idp) {
        Http.Result r = Http.post(gw.api() + "/pools", token, pool(name, idp));
        assertEquals(201, r.status(), r::toString);
        return r.json().get("id").asText();
    }

    static JsonNode viewers(String pool) {
        Http.Result r = Http.get(gw.api() + "/pools/" + pool + "/viewers", token);
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    private static JsonNode onlyViewer(String pool) {
        JsonNode viewers = viewers(pool);
        assertEquals(1, viewers.size(), viewers::toString);
        return viewers.get(0);
    }

    private static List<String> principals(String pool) {
        return StreamSupport.stream(viewers(pool).spliterator(), false)
                .map(v -> v.get("principal").asText())
                .toList();
    }

    static List<String> sources(JsonNode viewer) {
        return StreamSupport.stream(viewer.get("sources").spliterator(), false)
                .map(s -> s.get("source").asText())
                .toList();
    }
}
