package org.gatewayaccess.it;

import static org.gatewayaccess.it.support.GatewayRealm.PARTNER_IDP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.gatewayaccess.it.support.BrowserSession;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.Members;
import org.gatewayaccess.it.support.Ports;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pending approval, walked over HTTP as a person would: self-registration and brokered
 * first login end on the extension's "waiting for an administrator" page (no tokens, a
 * Keycloak event), an admin activates the user with a gateway role, the user gets an
 * e-mail through a real SMTP server, and the next login succeeds.
 */
class PendingApprovalIT extends RealKeycloakTest {

    private static final String PENDING_PAGE = "id=\"gateway-access-pending\"";

    private GatewayRealm gw;
    private GreenMail smtp;

    @BeforeEach
    void realm() {
        gw = GatewayRealm.create(ADMIN, "pending");
        smtp = new GreenMail(new ServerSetup(Ports.free(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        ObjectNode settings = Http.JSON.createObjectNode();
        settings.put("registrationAllowed", true);
        settings.put("eventsEnabled", true);
        settings.put("internationalizationEnabled", true);
        settings.putArray("supportedLocales").add("en").add("de");
        settings.put("defaultLocale", "en");
        settings.put("loginTheme", "gateway-access");
        settings.put("emailTheme", "gateway-access");
        settings.putObject("smtpServer")
                .put("host", "127.0.0.1")
                .put("port", String.valueOf(smtp.getSmtp().getPort()))
                .put("from", "gateway@example.org");
        Http.Result r = Http.put(ADMIN.baseUrl() + "/admin/realms/" + gw.name(), ADMIN.token(), settings);
        assertEquals(204, r.status(), r::toString);
    }

    @AfterEach
    void stopSmtp() {
        smtp.stop();
    }

    @Test
    void aSelfRegisteredUserWaitsOnTheThemedPageUntilActivatedThenGetsAnEmailAndSignsIn() throws Exception {
        approval(true);
        BrowserSession browser = new BrowserSession();
        BrowserSession.Page form = browser.open(
                gw.realmUrl() + "/protocol/openid-connect/registrations?" + authParams(""), GatewayRealm.WEB_REDIRECT);
        BrowserSession.Page waiting = browser.submit(
                form.form("kc-register-form"),
                Map.of(
                        "username",
                        "newcomer",
                        "email",
                        "newcomer@example.org",
                        "firstName",
                        "New",
                        "lastName",
                        "Comer",
                        "password",
                        GatewayRealm.PASSWORD,
                        "password-confirm",
                        GatewayRealm.PASSWORD),
                GatewayRealm.WEB_REDIRECT);
        assertPendingPage(waiting, "Your account is waiting for an administrator");
        String userId = gw.userId("newcomer");

        JsonNode pending = ok(Http.get(gw.api() + "/users/pending", gw.readOnlyAdminToken()));
        assertEquals(1, pending.size(), pending::toString);
        assertEquals(userId, pending.get(0).get("userId").asText());
        assertEquals("newcomer@example.org", pending.get(0).get("email").asText());
        assertTrue(pending.get(0).get("identityProvider").isNull());
        assertError(403, "forbidden", Http.get(gw.api() + "/users/pending", gw.plainUserToken()));

        // no tokens: not by password either, and a second browser login ends on the page again;
        // in German when chosen (kc_locale on the page, as Keycloak's language menu does)
        assertEquals(400, passwordGrant("newcomer").status());
        BrowserSession second = new BrowserSession();
        BrowserSession.Page login = second.open(
                gw.realmUrl() + "/protocol/openid-connect/auth?" + authParams(""), GatewayRealm.WEB_REDIRECT);
        BrowserSession.Page again = second.submit(
                login.form("kc-form-login"),
                Map.of("username", "newcomer", "password", GatewayRealm.PASSWORD),
                GatewayRealm.WEB_REDIRECT);
        assertPendingPage(again, "Your account is waiting for an administrator");
        assertPendingPage(
                second.open(again.url() + "&kc_locale=de", GatewayRealm.WEB_REDIRECT),
                "Ihr Konto wartet auf eine Freischaltung");
        JsonNode events = Http.get(
                        ADMIN.baseUrl() + "/admin/realms/" + gw.name() + "/events?type=LOGIN_ERROR&user=" + userId,
                        ADMIN.token())
                .json();
        assertTrue(
                events.size() >= 2 && events.get(0).get("error").asText().equals("gateway_access_pending_approval"),
                events::toString);

        String activate = gw.api() + "/users/" + userId + "/activate";
        assertError(
                400,
                "user_pending",
                Http.put(
                        gw.api() + "/users/" + userId + "/gateway-role",
                        gw.gatewayAdminToken(),
                        Map.of("role", "gateway-user")));
        assertError(403, "forbidden", Http.post(activate, gw.plainUserToken(), Map.of("role", "gateway-user")));
        assertError(403, "forbidden", Http.post(activate, gw.readOnlyAdminToken(), Map.of("role", "gateway-user")));
        assertError(400, "unknown_role", Http.post(activate, gw.gatewayAdminToken(), Map.of("role", "root")));
        assertError(403, "forbidden", Http.post(activate, gw.gatewayAdminToken(), Map.of("role", "admin")));
        assertEquals(
                1,
                ok(Http.get(gw.api() + "/users/pending", gw.gatewayAdminToken()))
                        .size(),
                "refusals change nothing");
        assertEquals(0, smtp.getReceivedMessages().length);

        assertEquals(
                204,
                Http.post(activate, gw.gatewayAdminToken(), Map.of("role", "gateway-user"))
                        .status());
        assertError(409, "not_pending", Http.post(activate, gw.gatewayAdminToken(), Map.of("role", "gateway-user")));
        assertEquals(
                0,
                ok(Http.get(gw.api() + "/users/pending", gw.gatewayAdminToken()))
                        .size());
        assertEquals(
                List.of("role:gateway-user"),
                Members.sources(ADMIN, gw, ADMIN.groupId(gw.name(), "/Gateway Users"), userId));
        assertEquals(
                1,
                Members.adminEvents(ADMIN, gw.name(), "GATEWAY_ACCESS_PENDING_USER", "ACTION")
                        .size());

        assertTrue(smtp.waitForIncomingEmail(15_000, 1), "the activation e-mail arrives");
        MimeMessage mail = smtp.getReceivedMessages()[0];
        assertEquals("newcomer@example.org", mail.getAllRecipients()[0].toString());
        // in the language the user picked on the login page (Keycloak stores kc_locale as the user's locale)
        assertEquals("Ihr Konto wurde freigeschaltet", mail.getSubject());
        assertTrue(GreenMailUtil.getBody(mail).contains("gateway-user"), () -> GreenMailUtil.getBody(mail));

        assertEquals(200, passwordGrant("newcomer").status(), "tokens now");
        BrowserSession after = new BrowserSession();
        BrowserSession.Page loginAfter = after.open(
                gw.realmUrl() + "/protocol/openid-connect/auth?" + authParams(""), GatewayRealm.WEB_REDIRECT);
        BrowserSession.Page done = after.submit(
                loginAfter.form("kc-form-login"),
                Map.of("username", "newcomer", "password", GatewayRealm.PASSWORD),
                GatewayRealm.WEB_REDIRECT);
        assertTrue(
                done.url().toString().startsWith(GatewayRealm.WEB_REDIRECT)
                        && done.url().getQuery().contains("code="),
                () -> "expected the redirect with a code, got " + done.url() + "\n" + done.body());
    }

    @Test
    void withListedProvidersOnlyTheirFirstLoginsArePendingAndOffByDefaultNobodyIs() {
        // off by default: a self-registration signs straight in
        assertRegistrationSignsIn("early-bird");

        JsonNode config = ok(Http.get(gw.api() + "/config", gw.gatewayAdminToken()));
        ((ObjectNode) config.get("pendingApproval"))
                .put("enabled", true)
                .putArray("identityProviders")
                .add(PARTNER_IDP);
        assertEquals(
                200,
                Http.put(gw.api() + "/config", gw.gatewayAdminToken(), config).status());
        assertRegistrationSignsIn("self-registered"); // not a listed provider

        BrowserSession browser = new BrowserSession();
        BrowserSession.Page partnerLogin = browser.open(
                gw.realmUrl() + "/protocol/openid-connect/auth?" + authParams("&kc_idp_hint=" + PARTNER_IDP),
                GatewayRealm.WEB_REDIRECT);
        BrowserSession.Page waiting = browser.submit(
                partnerLogin.form("kc-form-login"),
                Map.of("username", GatewayRealm.PARTNER_USER, "password", GatewayRealm.PASSWORD),
                GatewayRealm.WEB_REDIRECT);
        assertPendingPage(waiting, "Your account is waiting for an administrator");
        JsonNode pending = ok(Http.get(gw.api() + "/users/pending", gw.gatewayAdminToken()));
        assertEquals(1, pending.size(), pending::toString);
        assertEquals(GatewayRealm.PARTNER_USER, pending.get(0).get("username").asText());
        assertEquals(PARTNER_IDP, pending.get(0).get("identityProvider").asText());
    }

    private void assertRegistrationSignsIn(String username) {
        BrowserSession browser = new BrowserSession();
        BrowserSession.Page form = browser.open(
                gw.realmUrl() + "/protocol/openid-connect/registrations?" + authParams(""), GatewayRealm.WEB_REDIRECT);
        BrowserSession.Page done = browser.submit(
                form.form("kc-register-form"),
                Map.of(
                        "username",
                        username,
                        "email",
                        username + "@example.org",
                        "firstName",
                        "Early",
                        "lastName",
                        "Bird",
                        "password",
                        GatewayRealm.PASSWORD,
                        "password-confirm",
                        GatewayRealm.PASSWORD),
                GatewayRealm.WEB_REDIRECT);
        assertTrue(
                done.url().toString().startsWith(GatewayRealm.WEB_REDIRECT)
                        && done.url().getQuery().contains("code="),
                () -> "expected the redirect with a code, got " + done.url() + "\n" + done.body());
    }

    private void approval(boolean enabled) {
        JsonNode config = ok(Http.get(gw.api() + "/config", gw.gatewayAdminToken()));
        ((ObjectNode) config.get("pendingApproval")).put("enabled", enabled);
        assertEquals(
                200,
                Http.put(gw.api() + "/config", gw.gatewayAdminToken(), config).status());
    }

    private Http.Result passwordGrant(String username) {
        return Http.postForm(
                gw.realmUrl() + "/protocol/openid-connect/token",
                Map.of(
                        "grant_type",
                        "password",
                        "client_id",
                        GatewayRealm.CLI_CLIENT,
                        "username",
                        username,
                        "password",
                        GatewayRealm.PASSWORD));
    }

    private static String authParams(String extra) {
        return "response_type=code&client_id=" + GatewayRealm.WEB_CLIENT + "&scope=openid&redirect_uri="
                + URLEncoder.encode(GatewayRealm.WEB_REDIRECT, StandardCharsets.UTF_8) + extra;
    }

    private static void assertPendingPage(BrowserSession.Page page, String sentence) {
        assertEquals(200, page.status(), () -> page.url() + "\n" + page.body());
        assertTrue(
                page.body().contains(PENDING_PAGE) && page.body().contains(sentence),
                () -> "expected the pending page saying '" + sentence + "', got " + page.url() + "\n" + page.body());
    }

    private static JsonNode ok(Http.Result r) {
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }
}
