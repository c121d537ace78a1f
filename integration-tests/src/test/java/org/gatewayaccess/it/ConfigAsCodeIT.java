package org.gatewayaccess.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.Live;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.junit.jupiter.api.Test;

/**
 * Configuration as code: the realm attributes {@code gatewayAccess.config} and {@code gatewayAccess.pools} of an
 * existing realm, changed the way keycloak-config-cli and Terraform change them (read the realm, change it, {@code PUT}
 * it back whole), are validated and applied in the realm update's transaction; the declaration owns its pools and
 * never touches those made through the API.
 */
class ConfigAsCodeIT extends RealKeycloakTest {

    private static final String POOLS = "gatewayAccess.pools";
    private static final String CONFIG = "gatewayAccess.config";

    /** The scenario: a second apply changes a description, adds a pool and turns discovery off. */
    @Test
    void aChangedDeclarationOnAnExistingRealmIsApplied() {
        GatewayRealm gw = GatewayRealm.create(ADMIN, "cac-apply");
        assertEquals(
                204,
                apply(
                                gw,
                                "[{\"name\":\"Pool A\",\"description\":\"first\"}]",
                                "{\"discovery\":{\"poolsDiscoverable\":true}}")
                        .status());
        JsonNode a = pool(gw, "Pool A");
        assertEquals("first", a.get("description").asText());
        assertEquals("declaration", a.get("source").asText(), a::toString);

        Http.Result second = apply(
                gw,
                "[{\"name\":\"Pool A\",\"description\":\"second\"},{\"name\":\"Pool B\"}]",
                "{\"discovery\":{\"poolsDiscoverable\":false}}");
        assertEquals(204, second.status(), second::toString);
        JsonNode a2 = pool(gw, "Pool A");
        assertEquals(a.get("id"), a2.get("id"), "updated in place");
        assertEquals(a.get("createdAt"), a2.get("createdAt"));
        assertEquals("second", a2.get("description").asText());
        assertEquals("declaration", pool(gw, "Pool B").get("source").asText());
        assertFalse(config(gw).get("discovery").get("poolsDiscoverable").asBoolean());
        // and the user sees it: with discovery off a plain user no longer sees pools it holds nothing on
        assertEquals(
                0, Http.get(gw.api() + "/pools", gw.plainUserToken()).json().size());

        // the attributes stay exactly as the tool wrote them, so that it sees no difference on its next run
        JsonNode attributes = ADMIN.realm(gw.name()).get("attributes");
        assertEquals(
                "[{\"name\":\"Pool A\",\"description\":\"second\"},{\"name\":\"Pool B\"}]",
                attributes.get(POOLS).asText());
        assertEquals(
                "{\"discovery\":{\"poolsDiscoverable\":false}}",
                attributes.get(CONFIG).asText());
    }

    @Test
    void applyingTheSameDeclarationAgainChangesNothingAndRecordsNoEvent() {
        GatewayRealm gw = GatewayRealm.create(ADMIN, "cac-idem");
        String pools =
                "[{\"name\":\"Same\",\"description\":\"d\",\"identityProvider\":\"" + GatewayRealm.PARTNER_IDP + "\"}]";
        // no mapping: a changed mapping starts a sync job, whose own events would come in the background
        String config = "{\"discovery\":{\"poolsDiscoverable\":false},\"pendingApproval\":{\"enabled\":true,"
                + "\"identityProviders\":[\"" + GatewayRealm.PARTNER_IDP + "\"]}}";
        assertEquals(204, apply(gw, pools, config).status());
        JsonNode poolsBefore =
                Http.get(gw.api() + "/pools", gw.gatewayAdminToken()).json();
        JsonNode configBefore = config(gw);
        int eventsBefore = gatewayEvents(gw).size();
        assertTrue(
                gatewayEvents(gw).stream()
                        .anyMatch(e -> e.get("resourceType").asText().equals("GATEWAY_ACCESS_POOL")
                                && e.get("operationType").asText().equals("CREATE")),
                "the first apply recorded its pool as an admin event");

        for (int i = 0; i < 2; i++) {
            assertEquals(204, apply(gw, pools, config).status());
        }
        assertEquals(
                poolsBefore,
                Http.get(gw.api() + "/pools", gw.gatewayAdminToken()).json(),
                "ids and createdAt unchanged");
        assertEquals(configBefore, config(gw));
        assertEquals(eventsBefore, gatewayEvents(gw).size(), () -> "no new admin event: " + gatewayEvents(gw));
    }

    @Test
    void anInvalidDeclarationFailsTheRealmUpdateAndChangesNothing() {
        GatewayRealm gw = GatewayRealm.create(ADMIN, "cac-invalid");
        assertEquals(
                204,
                apply(gw, "[{\"name\":\"Kept\"}]", "{\"discovery\":{\"poolsDiscoverable\":true}}")
                        .status());
        JsonNode poolsBefore =
                Http.get(gw.api() + "/pools", gw.gatewayAdminToken()).json();
        JsonNode configBefore = config(gw);
        JsonNode realmBefore = ADMIN.realm(gw.name());

        // an unknown provider, with a change of the realm's display name and a valid config change in the same update
        ObjectNode update = realmWith(
                gw,
                "[{\"name\":\"Kept\"},{\"name\":\"Bad\",\"identityProvider\":\"no-such-idp\"}]",
                "{\"discovery\":{\"poolsDiscoverable\":false}}");
        update.put("displayName", "should not stick");
        Http.Result r = Http.put(realmUrl(gw), ADMIN.token(), update);
        JsonNode error = assertError(400, "unknown_identity_provider", r);
        assertTrue(
                error.get("errorMessage").asText().contains(POOLS)
                        && error.get("errorMessage").asText().contains("no-such-idp"),
                r::toString);

        // invalid JSON, an unknown field, a duplicate pool, an unknown group: each refused, naming the attribute
        for (String[] bad : List.of(
                new String[] {"[{\"name\":", null},
                new String[] {"[{\"name\":\"x\",\"colour\":\"red\"}]", null},
                new String[] {"[{\"name\":\"x\"},{\"name\":\"x\"}]", null},
                new String[] {"[{\"name\":\"Kept\"}]", "{\"discovery\":{\"discoveryGroup\":\"/No Such Group\"}}"})) {
            Http.Result refused = Http.put(
                    realmUrl(gw),
                    ADMIN.token(),
                    realmWith(gw, bad[0], bad[1] == null ? configBefore.toString() : bad[1]));
            assertEquals(400, refused.status(), refused::toString);
            assertTrue(
                    refused.json().path("errorMessage").asText().contains(bad[1] == null ? POOLS : CONFIG),
                    refused::toString);
        }

        JsonNode realmAfter = ADMIN.realm(gw.name());
        assertEquals(
                realmBefore.get("displayName"),
                realmAfter.get("displayName"),
                "the rest of the realm update rolled back too");
        assertEquals(
                realmBefore.get("attributes").get(POOLS),
                realmAfter.get("attributes").get(POOLS));
        assertEquals(
                realmBefore.get("attributes").get(CONFIG),
                realmAfter.get("attributes").get(CONFIG));
        assertEquals(
                poolsBefore,
                Http.get(gw.api() + "/pools", gw.gatewayAdminToken()).json());
        assertEquals(configBefore, config(gw));
    }

    /**
     * The delegation boundary holds for declarations too: a realm's declaration mapping a provider into a group that carries
     * realm-admin is refused, and the linked user gets no Keycloak rights — the group keeps no new member, and a fresh
     * token of that user is still refused by the admin API.
     */
    @Test
    void aDeclarationCannotMapIntoAGroupThatCarriesKeycloakRights() {
        GatewayRealm gw = GatewayRealm.create(ADMIN, "cac-boundary");
        String adminApi = SERVER.baseUrl() + "/admin/realms/" + gw.name();
        String group = ADMIN.createGroup(gw.name(), "ops-admins");
        String client = gw.clientUuid("realm-management");
        JsonNode realmAdmin = Http.get(adminApi + "/clients/" + client + "/roles/realm-admin", ADMIN.token())
                .json();
        assertEquals(
                204,
                Http.post(
                                adminApi + "/groups/" + group + "/role-mappings/clients/" + client,
                                ADMIN.token(),
                                List.of(realmAdmin))
                        .status());
        String linked = ADMIN.createUser(gw.name(), "linked-ops");
        ADMIN.setPassword(gw.name(), linked, GatewayRealm.PASSWORD);
        ADMIN.link(gw.name(), linked, GatewayRealm.PARTNER_IDP);
        JsonNode attributeBefore = ADMIN.realm(gw.name()).path("attributes").path(CONFIG);

        Http.Result r = apply(
                gw,
                null,
                "{\"identityProviderMappings\":[{\"identityProvider\":\"" + GatewayRealm.PARTNER_IDP
                        + "\",\"group\":\"/ops-admins\"}]}");
        JsonNode error = assertError(400, "privileged_group", r);
        assertTrue(error.get("errorMessage").asText().contains(CONFIG), r::toString);

        assertEquals(
                0,
                Http.get(adminApi + "/groups/" + group + "/members", ADMIN.token())
                        .json()
                        .size());
        assertEquals(
                attributeBefore,
                ADMIN.realm(gw.name()).path("attributes").path(CONFIG),
                "the realm update was rolled back");
        String token = ADMIN.passwordToken(gw.name(), GatewayRealm.CLI_CLIENT, "linked-ops", GatewayRealm.PASSWORD);
        assertEquals(
                403,
                Http.get(adminApi + "/users?max=1", token).status(),
                "a fresh token carries no Keycloak admin rights");
    }

    @Test
    void aDeclaredPoolWhoseProviderChangedSwapsItsViewers() {
        GatewayRealm gw = GatewayRealm.create(ADMIN, "cac-swap");
        String partnerUser = ADMIN.createUser(gw.name(), "linked-partner");
        ADMIN.link(gw.name(), partnerUser, GatewayRealm.PARTNER_IDP);
        String otherUser = ADMIN.createUser(gw.name(), "linked-other");
        ADMIN.link(gw.name(), otherUser, GatewayRealm.OTHER_IDP);

        assertEquals(
                204,
                apply(gw, "[{\"name\":\"GPU\",\"identityProvider\":\"" + GatewayRealm.PARTNER_IDP + "\"}]", null)
                        .status());
        String id = pool(gw, "GPU").get("id").asText();
        Live.within1s(
                "the partner's user views the declared pool",
                () -> gw.viewerPrincipals(id).equals(List.of("user:" + partnerUser)));

        assertEquals(
                204,
                apply(gw, "[{\"name\":\"GPU\",\"identityProvider\":\"" + GatewayRealm.OTHER_IDP + "\"}]", null)
                        .status());
        assertEquals(id, pool(gw, "GPU").get("id").asText());
        Live.within1s(
                "the viewers swapped to the other provider's user",
                () -> gw.viewerPrincipals(id).equals(List.of("user:" + otherUser)));
    }

    @Test
    void poolsMadeThroughTheApiSurviveEveryApplyAndDeclaredPoolsAreTheDeclarationsOnly() {
        GatewayRealm gw = GatewayRealm.create(ADMIN, "cac-owners");
        String mine = gw.createPool("made-by-hand", null);
        assertEquals(
                "admin",
                Http.get(gw.api() + "/pools/" + mine, gw.gatewayAdminToken())
                        .json()
                        .get("source")
                        .asText());

        assertEquals(204, apply(gw, "[{\"name\":\"declared\"}]", null).status());
        String declared = pool(gw, "declared").get("id").asText();
        // the declaration's pools are changed by changing the declaration: the API refuses, and says where to go
        Map<String, Object> body = GatewayRealm.pool("declared", null);
        assertError(409, "declared_pool", Http.put(gw.api() + "/pools/" + declared, gw.gatewayAdminToken(), body));
        assertError(409, "declared_pool", Http.delete(gw.api() + "/pools/" + declared, gw.keycloakAdminToken()));
        // a declaration cannot take over a pool made through the API
        Http.Result takeover =
                apply(gw, "[{\"name\":\"declared\"},{\"name\":\"made-by-hand\",\"description\":\"mine now\"}]", null);
        assertError(400, "pool_name_taken", takeover);

        // a pool dropped from the declaration goes (an empty declaration drops all); the API's pool stays
        assertEquals(204, apply(gw, "[]", null).status());
        assertEquals(
                404,
                Http.get(gw.api() + "/pools/" + declared, gw.gatewayAdminToken())
                        .status());
        assertEquals(List.of("made-by-hand"), poolNames(gw));
        // removing the attribute altogether stops declaring: the pools stay, and are admins' from then on
        assertEquals(204, apply(gw, "[{\"name\":\"declared\"}]", null).status());
        String redeclared = pool(gw, "declared").get("id").asText();
        ObjectNode withoutAttribute = realmWith(gw, null, null);
        ((ObjectNode) withoutAttribute.get("attributes")).remove(POOLS);
        assertEquals(
                204, Http.put(realmUrl(gw), ADMIN.token(), withoutAttribute).status());
        assertEquals(List.of("declared", "made-by-hand"), poolNames(gw));
        assertEquals("admin", pool(gw, "declared").get("source").asText());
        assertEquals(
                204,
                Http.delete(gw.api() + "/pools/" + redeclared, gw.keycloakAdminToken())
                        .status());
        assertEquals(List.of("made-by-hand"), poolNames(gw));
        JsonNode hand =
                Http.get(gw.api() + "/pools/" + mine, gw.gatewayAdminToken()).json();
        assertEquals("made-by-hand", hand.get("name").asText());
        assertTrue(hand.get("description").isNull(), hand::toString);
    }

    /**
     * A partial import carries no realm attributes, so it neither changes nor applies a declaration; but overwriting an
     * identity provider deletes it first, which unties its pools: the declared pool is tied to it again afterwards.
     */
    @Test
    void aPartialImportOverwritingTheProviderLeavesTheDeclaredPoolTiedToIt() {
        GatewayRealm gw = GatewayRealm.create(ADMIN, "cac-partial");
        String declaration = "[{\"name\":\"Partner pool\",\"identityProvider\":\"" + GatewayRealm.PARTNER_IDP + "\"}]";
        assertEquals(204, apply(gw, declaration, null).status());
        JsonNode before = pool(gw, "Partner pool");

        JsonNode provider = Http.get(
                        realmUrl(gw) + "/identity-provider/instances/" + GatewayRealm.PARTNER_IDP, ADMIN.token())
                .json();
        ObjectNode partial = Http.JSON.createObjectNode();
        partial.put("ifResourceExists", "OVERWRITE");
        partial.putArray("identityProviders").add(provider);
        partial.putObject("attributes")
                .put(POOLS, "[{\"name\":\"from a partial import\"}]"); // not part of a partial import
        Http.Result r = Http.post(realmUrl(gw) + "/partialImport", ADMIN.token(), partial);
        assertEquals(200, r.status(), r::toString);
        assertEquals(1, r.json().get("overwritten").asInt(), r::toString);

        assertEquals(before, pool(gw, "Partner pool"), "same id, still tied to the provider");
        assertEquals(List.of("Partner pool"), poolNames(gw));
        assertEquals(
                declaration, ADMIN.realm(gw.name()).get("attributes").get(POOLS).asText());
    }

    /** The realm as keycloak-config-cli sends it: read whole, the two attributes set (null: left as they are), PUT back whole. */
    private static Http.Result apply(GatewayRealm gw, String pools, String config) {
        return Http.put(realmUrl(gw), ADMIN.token(), realmWith(gw, pools, config));
    }

    private static ObjectNode realmWith(GatewayRealm gw, String pools, String config) {
        ObjectNode realm = (ObjectNode) ADMIN.realm(gw.name());
        ObjectNode attributes =
                realm.has("attributes") ? (ObjectNode) realm.get("attributes") : realm.putObject("attributes");
        if (pools != null) {
            attributes.put(POOLS, pools);
        }
        if (config != null) {
            attributes.put(CONFIG, config);
        }
        return realm;
    }

    private static String realmUrl(GatewayRealm gw) {
        return SERVER.baseUrl() + "/admin/realms/" + gw.name();
    }

    private static JsonNode pool(GatewayRealm gw, String name) {
        for (JsonNode p : Http.get(gw.api() + "/pools", gw.gatewayAdminToken()).json()) {
            if (p.get("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no pool " + name + " in " + poolNames(gw));
    }

    private static List<String> poolNames(GatewayRealm gw) {
        List<String> names = new ArrayList<>();
        Http.get(gw.api() + "/pools", gw.gatewayAdminToken())
                .json()
                .forEach(p -> names.add(p.get("name").asText()));
        return names.stream().sorted().toList();
    }

    private static JsonNode config(GatewayRealm gw) {
        return Http.get(gw.api() + "/config", gw.keycloakAdminToken()).json();
    }

    private static List<JsonNode> gatewayEvents(GatewayRealm gw) {
        List<JsonNode> events = new ArrayList<>();
        ADMIN.adminEvents(gw.name()).forEach(e -> {
            if (e.path("resourceType").asText().startsWith("GATEWAY_ACCESS_")) {
                events.add(e);
            }
        });
        return events;
    }
}
