package org.gatewayaccess.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gatewayaccess.it.support.BrowserSession;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's demo, step by step, with the demo's own realm files (imported the way
 * {@code --import-realm} imports them; only the host and port are this server's):
 * a newcomer signs in to the demo account console through "Partner University" and
 * the gateway admin then sees them as a viewer of the declared pool.
 */
class DemoRealmIT extends RealKeycloakTest {

    @Test
    void signingInToTheAccountConsoleThroughThePartnerMakesAViewerOfTheDemoPool() throws Exception {
        ADMIN.createRealm(demoRealm("partner-realm.json"));
        ADMIN.createRealm(demoRealm("demo-realm.json"));
        String api = SERVER.baseUrl() + "/realms/demo/gateway-access";
        String token = ADMIN.passwordToken("demo", "gateway-cli", "gwadmin", "gwadmin-demo");
        JsonNode pools = Http.get(api + "/pools", token).json();
        assertEquals(1, pools.size(), pools::toString);
        assertEquals("partner-idp", pools.get(0).get("identityProvider").asText());
        String pool = pools.get(0).get("id").asText();
        assertEquals(0, Http.get(api + "/pools/" + pool + "/viewers", token).json().size());

        // The account console is a public client with PKCE; the browser starts its login as the console would.
        String accountUrl = SERVER.baseUrl() + "/realms/demo/account/";
        String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
        String challenge = Base64.getUrlEncoder().withoutPadding()
            .encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        BrowserSession browser = new BrowserSession();
        BrowserSession.Page demoLogin = browser.open(SERVER.baseUrl() + "/realms/demo/protocol/openid-connect/auth?client_id=account-console"
            + "&response_type=code&scope=openid&code_challenge_method=S256&code_challenge=" + challenge
            + "&redirect_uri=" + URLEncoder.encode(accountUrl, StandardCharsets.UTF_8), accountUrl);
        assertTrue(demoLogin.body().contains("Partner University"), "the demo login page offers the partner");

        BrowserSession.Page partnerLogin = browser.open(BrowserSession.link(demoLogin, "social-partner-idp"), accountUrl);
        BrowserSession.Page back = browser.submit(partnerLogin.form("kc-form-login"),
            Map.of("username", "pat", "password", "pat-demo"), accountUrl);
        assertTrue(back.url().toString().startsWith(accountUrl) && back.url().getQuery().contains("code="),
            () -> "expected to land in the account console, got " + back.url() + "\n" + back.body());

        JsonNode viewers = Http.get(api + "/pools/" + pool + "/viewers", token).json();
        assertEquals(1, viewers.size(), viewers::toString);
        assertEquals("pat", viewers.get(0).get("username").asText());
        assertEquals("identity-provider:partner-idp", viewers.get(0).get("sources").get(0).get("source").asText());

        // README's curl steps administer with gateway-cli: the demo realm gives it the client grant (gateway-access-admin)
        Http.Result created = Http.post(api + "/pools", token, Map.of("name", "Demo write"));
        assertEquals(201, created.status(), created::toString);
        assertEquals(204, Http.delete(api + "/pools/" + created.json().get("id").asText(), token).status());
    }

    private static ObjectNode demoRealm(String file) throws Exception {
        Path path = Path.of(System.getProperty("project.root"), "src/demo/realms", file);
        String json = Files.readString(path).replace("http://localhost:8080", SERVER.baseUrl());
        return (ObjectNode) Http.JSON.readTree(json);
    }
}
