package org.gatewayaccess.it;

import static org.gatewayaccess.it.support.GatewayRealm.OTHER_IDP;
import static org.gatewayaccess.it.support.GatewayRealm.PARTNER_IDP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.gatewayaccess.it.support.BrowserSession;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every way a link appears or disappears in Keycloak, other than those covered by
 * {@link BrokeredLoginIT}, {@link IdentityLinkGrantIT}, {@link RealmImportIT} and
 * {@link DeletionCleanupIT}, each followed to the pool viewer grant.
 */
class LinkPathsIT extends RealKeycloakTest {

    private GatewayRealm gw;
    private String pool;

    @BeforeEach
    void realm() {
        gw = GatewayRealm.create(ADMIN, "paths");
        pool = gw.createPool("partner pool", PARTNER_IDP);
    }

    @Test
    void aFirstBrokerLoginThatLinksAnExistingAccountGrants() {
        // The gateway already has a user with the partner user's e-mail: Keycloak asks to link, then re-authenticates.
        String existing = ADMIN.createUser(gw.name(), "pat-local");
        Http.Result r = Http.put(
                SERVER.baseUrl() + "/admin/realms/" + gw.name() + "/users/" + existing,
                ADMIN.token(),
                Map.of("email", GatewayRealm.PARTNER_USER + "@example.org"));
        assertEquals(204, r.status(), r::toString);
        setPassword(existing);

        BrowserSession browser = new BrowserSession();
        BrowserSession.Page partnerLogin =
                browser.open(authorize("&kc_idp_hint=" + PARTNER_IDP), GatewayRealm.WEB_REDIRECT);
        BrowserSession.Page confirm = browser.submit(
                partnerLogin.form("kc-form-login"),
                Map.of("username", GatewayRealm.PARTNER_USER, "password", GatewayRealm.PASSWORD),
                GatewayRealm.WEB_REDIRECT);
        BrowserSession.Page reauth = browser.submit(
                confirm.form("linkAccount"), Map.of("submitAction", "linkAccount"), GatewayRealm.WEB_REDIRECT);
        BrowserSession.Page done = browser.submit(
                reauth.form("password"), Map.of("password", GatewayRealm.PASSWORD), GatewayRealm.WEB_REDIRECT);
        assertTrue(done.url().toString().startsWith(GatewayRealm.WEB_REDIRECT), () -> done.url() + "\n" + done.body());

        assertEquals(List.of("user:" + existing), gw.viewerPrincipals(pool));
    }

    @Test
    void linkingFromTheAccountConsoleGrantsAndUnlinkingThereRevokes() {
        String user = ADMIN.createUser(gw.name(), "console-user");
        setPassword(user);
        BrowserSession browser = new BrowserSession();
        BrowserSession.Page login = browser.open(authorize(""), GatewayRealm.WEB_REDIRECT);
        BrowserSession.Page signedIn = browser.submit(
                login.form("kc-form-login"),
                Map.of("username", "console-user", "password", GatewayRealm.PASSWORD),
                GatewayRealm.WEB_REDIRECT);
        assertTrue(
                signedIn.url().toString().startsWith(GatewayRealm.WEB_REDIRECT),
                () -> signedIn.url() + "\n" + signedIn.body());

        // What the account console's "Link account" does: an application-initiated action for the provider.
        BrowserSession.Page confirm =
                browser.open(authorize("&kc_action=idp_link:" + PARTNER_IDP), GatewayRealm.WEB_REDIRECT);
        assertTrue(confirm.body().contains("Do you want to link your account with " + PARTNER_IDP), confirm::body);
        BrowserSession.Page partnerLogin =
                browser.submit(confirm.form("kc-continue"), Map.of("continue", ""), GatewayRealm.WEB_REDIRECT);
        BrowserSession.Page linked = browser.submit(
                partnerLogin.form("kc-form-login"),
                Map.of("username", GatewayRealm.PARTNER_USER, "password", GatewayRealm.PASSWORD),
                GatewayRealm.WEB_REDIRECT);
        assertTrue(
                linked.url().toString().startsWith(GatewayRealm.WEB_REDIRECT),
                () -> linked.url() + "\n" + linked.body());
        assertEquals(
                PARTNER_IDP,
                ADMIN.links(gw.name(), user).get(0).get("identityProvider").asText());
        assertEquals(List.of("user:" + user), gw.viewerPrincipals(pool));

        // What the account console's "Unlink account" does: the account REST API, with the user's own token.
        Http.Result unlink =
                Http.delete(gw.realmUrl() + "/account/linked-accounts/" + PARTNER_IDP, gw.token("console-user"));
        assertEquals(204, unlink.status(), unlink::toString);
        assertEquals(0, ADMIN.links(gw.name(), user).size());
        assertEquals(List.of(), gw.viewerPrincipals(pool));
    }

    @Test
    void aPartialImportOfUsersWithLinksGrants() {
        Http.Result r = Http.post(
                SERVER.baseUrl() + "/admin/realms/" + gw.name() + "/partialImport",
                ADMIN.token(),
                Map.of(
                        "ifResourceExists",
                        "SKIP",
                        "users",
                        List.of(Map.of(
                                "username",
                                "partial",
                                "enabled",
                                true,
                                "federatedIdentities",
                                List.of(Map.of(
                                        "identityProvider",
                                        PARTNER_IDP,
                                        "userId",
                                        "ext-partial",
                                        "userName",
                                        "partial"))))));
        assertEquals(200, r.status(), r::toString);
        assertEquals(List.of("user:" + gw.userId("partial")), gw.viewerPrincipals(pool));
    }

    @Test
    void aLinkToAProviderWithoutPoolsChangesNothing() {
        String user = ADMIN.createUser(gw.name(), "other-linked");
        ADMIN.link(gw.name(), user, OTHER_IDP);
        assertEquals(List.of(), gw.viewerPrincipals(pool));
        assertEquals(1, ADMIN.links(gw.name(), user).size());
    }

    @Test
    void severalUsersAreGrantedAndOneUsersUnlinkLeavesTheOthers() {
        String a = ADMIN.createUser(gw.name(), "user-a");
        String b = ADMIN.createUser(gw.name(), "user-b");
        String c = ADMIN.createUser(gw.name(), "user-c");
        double grantsBefore = SERVER.metric("gateway_access_grants_total");
        for (String user : List.of(a, b, c)) {
            ADMIN.link(gw.name(), user, PARTNER_IDP);
        }
        assertEquals(
                List.of("user:" + a, "user:" + b, "user:" + c).stream().sorted().toList(),
                gw.viewerPrincipals(pool).stream().sorted().toList());

        ADMIN.unlink(gw.name(), a, PARTNER_IDP);
        assertEquals(
                grantsBefore + 4, SERVER.metric("gateway_access_grants_total"), "3 added and 1 removed, on /metrics");
        assertEquals(
                List.of("user:" + b, "user:" + c).stream().sorted().toList(),
                gw.viewerPrincipals(pool).stream().sorted().toList());
    }

    @Test
    void automaticGrantsAndRevokesAreAdminEvents() {
        String user = ADMIN.createUser(gw.name(), "audited-link");
        ADMIN.link(gw.name(), user, PARTNER_IDP);
        ADMIN.unlink(gw.name(), user, PARTNER_IDP);
        JsonNode events = ADMIN.adminEvents(gw.name());
        String path = "gateway-access/pools/" + pool + "/viewers/" + user;
        for (String operation : List.of("CREATE", "DELETE")) {
            assertTrue(
                    StreamSupport.stream(events.spliterator(), false)
                            .anyMatch(e -> operation.equals(
                                            e.path("operationType").asText())
                                    && "GATEWAY_ACCESS_POOL_VIEWER"
                                            .equals(e.path("resourceType").asText())
                                    && path.equals(e.path("resourcePath").asText())
                                    && e.path("representation").asText().contains("identity-provider:" + PARTNER_IDP)),
                    () -> operation + " " + path + " in " + events);
        }
        assertFalse(
                StreamSupport.stream(events.spliterator(), false)
                        .anyMatch(e -> e.path("authDetails").path("userId").isMissingNode()),
                "every event names who caused it");
    }

    private String authorize(String extra) {
        return gw.realmUrl() + "/protocol/openid-connect/auth?response_type=code&client_id=" + GatewayRealm.WEB_CLIENT
                + "&scope=openid&redirect_uri=" + URLEncoder.encode(GatewayRealm.WEB_REDIRECT, StandardCharsets.UTF_8)
                + extra;
    }

    private void setPassword(String userId) {
        Http.Result r = Http.put(
                SERVER.baseUrl() + "/admin/realms/" + gw.name() + "/users/" + userId + "/reset-password",
                ADMIN.token(),
                Map.of("type", "password", "value", GatewayRealm.PASSWORD, "temporary", false));
        assertEquals(204, r.status(), r::toString);
    }
}
