package org.gatewayaccess.it;

import static org.gatewayaccess.it.support.GatewayRealm.PARTNER_IDP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.gatewayaccess.it.support.BrowserSession;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.junit.jupiter.api.Test;

/**
 * A person signs in to the gateway through the partner realm (a real OIDC broker flow
 * between two realms of the same Keycloak, pages walked over HTTP) and becomes a viewer
 * of the pool tied to the partner provider.
 */
class BrokeredLoginIT extends RealKeycloakTest {

    @Test
    void aBrokeredFirstLoginMakesTheNewUserAViewerOfThePartnersPools() {
        GatewayRealm gw = GatewayRealm.create(ADMIN, "broker");
        String token = gw.gatewayAdminToken();
        String pool = Http.post(gw.api() + "/pools", token, GatewayRealm.pool("partner pool", PARTNER_IDP))
                .json()
                .get("id")
                .asText();
        assertEquals(
                0,
                Http.get(gw.api() + "/pools/" + pool + "/viewers", token).json().size());

        BrowserSession browser = new BrowserSession();
        String authorize =
                SERVER.baseUrl() + "/realms/" + gw.name() + "/protocol/openid-connect/auth?response_type=code"
                        + "&client_id=" + GatewayRealm.WEB_CLIENT + "&scope=openid&kc_idp_hint=" + PARTNER_IDP
                        + "&redirect_uri=" + URLEncoder.encode(GatewayRealm.WEB_REDIRECT, StandardCharsets.UTF_8);
        BrowserSession.Page partnerLogin = browser.open(authorize, GatewayRealm.WEB_REDIRECT);
        assertTrue(
                partnerLogin.url().getPath().startsWith("/realms/" + gw.partnerName() + "/"),
                () -> "expected the partner realm's login page, got " + partnerLogin.url() + "\n"
                        + partnerLogin.body());

        BrowserSession.Page done = browser.submit(
                partnerLogin.form("kc-form-login"),
                Map.of("username", GatewayRealm.PARTNER_USER, "password", GatewayRealm.PASSWORD),
                GatewayRealm.WEB_REDIRECT);
        assertTrue(
                done.url().toString().startsWith(GatewayRealm.WEB_REDIRECT)
                        && done.url().getQuery().contains("code="),
                () -> "expected the redirect back to the gateway with a code, got " + done.url() + "\n" + done.body());

        String userId = gw.userId(GatewayRealm.PARTNER_USER);
        JsonNode links = ADMIN.links(gw.name(), userId);
        assertEquals(PARTNER_IDP, links.get(0).get("identityProvider").asText());
        JsonNode viewers =
                Http.get(gw.api() + "/pools/" + pool + "/viewers", token).json();
        assertEquals(1, viewers.size(), viewers::toString);
        assertEquals("user:" + userId, viewers.get(0).get("principal").asText());
        assertEquals(
                "identity-provider:" + PARTNER_IDP,
                viewers.get(0).get("sources").get(0).get("source").asText());
    }
}
