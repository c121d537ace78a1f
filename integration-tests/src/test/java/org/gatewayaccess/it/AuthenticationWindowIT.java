package org.gatewayaccess.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.KeycloakServer;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The window of remembered bearer tokens (option {@code authentication-cache-seconds}; the test server runs with
 * {@link KeycloakServer#AUTH_CACHE_SECONDS}): a token verified by an earlier request is not verified in full again
 * within it, yet what can change in an instant is refused at once, and a right taken away without an event counts
 * within the window.
 */
class AuthenticationWindowIT extends RealKeycloakTest {

    private GatewayRealm gw;
    private String plain;
    private String pool;

    @BeforeEach
    void realm() {
        gw = GatewayRealm.create(ADMIN, "authwin");
        plain = gw.userId("plain");
        pool = gw.createPool("seen", null);
        assertEquals(
                204,
                Http.put(gw.api() + "/pools/" + pool + "/viewers/" + plain, gw.gatewayAdminToken(), null)
                        .status());
    }

    @Test
    void aRememberedUserTokenIsRefusedAtOnceWhenTheUserIsDisabledTheTokenRevokedOrTheSessionEnded() {
        String token = gw.plainUserToken();
        assertEquals(true, selfCheck(token), "the first request verifies the token in full and remembers it");
        assertEquals(true, selfCheck(token), "answered within the window");

        setEnabled("users/" + plain, false);
        assertError(401, "unauthorized", check(token, selfBody()));
        setEnabled("users/" + plain, true);
        assertEquals(true, selfCheck(token), "enabled again: the token is still good");

        // the session ends (Keycloak's admin API logs the user out): its tokens are refused at once
        assertEquals(
                204,
                Http.post(
                                ADMIN.baseUrl() + "/admin/realms/" + gw.name() + "/users/" + plain + "/logout",
                                ADMIN.token(),
                                null)
                        .status());
        assertError(401, "unauthorized", check(token, selfBody()));

        // a fresh token, remembered, then revoked at Keycloak's revocation endpoint
        String second = gw.plainUserToken();
        assertEquals(true, selfCheck(second));
        Http.Result revoked = Http.postForm(
                gw.realmUrl() + "/protocol/openid-connect/revoke",
                Map.of("client_id", GatewayRealm.CLI_CLIENT, "token", second, "token_type_hint", "access_token"));
        assertEquals(200, revoked.status(), revoked::toString);
        assertError(401, "unauthorized", check(second, selfBody()));
    }

    @Test
    void aRememberedServiceAccountIsRefusedAtOnceWhenItsClientIsDisabledOrItLosesTheCheckerRole() {
        String token = gw.checkerToken();
        assertEquals(200, check(token, aboutPlain()).status(), "the checker asks about another user");
        assertEquals(200, check(token, aboutPlain()).status(), "answered within the window");

        String client = "clients/" + gw.clientUuid(GatewayRealm.CHECKER_CLIENT);
        setEnabled(client, false);
        assertError(401, "unauthorized", check(token, aboutPlain()));
        setEnabled(client, true);
        assertEquals(200, check(token, aboutPlain()).status(), "enabled again");

        // the service account's user signed out (Keycloak's not-before of the user; an admin action the extension does
        // not
        // follow, and the token has no session): Keycloak's user cache entry changes, so the user is checked again at
        // once
        String account = serviceAccount();
        waitForTheSecondAfterIssue(token);
        assertEquals(
                204,
                Http.post(
                                ADMIN.baseUrl() + "/admin/realms/" + gw.name() + "/users/" + account + "/logout",
                                ADMIN.token(),
                                null)
                        .status());
        assertError(401, "unauthorized", check(token, aboutPlain()));
        token = gw.checkerToken();
        assertEquals(200, check(token, aboutPlain()).status(), "a token issued after the sign-out is good");
        assertEquals(200, check(token, aboutPlain()).status(), "and remembered");

        // the service account's user disabled
        setEnabled("users/" + account, false);
        assertError(401, "unauthorized", check(token, aboutPlain()));
        setEnabled("users/" + account, true);
        assertEquals(200, check(token, aboutPlain()).status(), "enabled again");

        // the role taken from the service account itself: Keycloak reports it, the remembered right goes at once
        assertEquals(
                204,
                ADMIN.revokeRole(gw.name(), account, "gateway-access-checker").status());
        assertError(403, "forbidden", check(token, aboutPlain()));
    }

    @Test
    void aRememberedTokenAskedAtAnotherHostNameIsRefusedAsKeycloakRefusesIt() {
        String token = gw.plainUserToken();
        assertEquals(true, selfCheck(token), "remembered at the host name it was issued at");
        // the server has no fixed host name (hostname-strict=false): the issuer is the URL asked at, 127.0.0.1 here
        String otherHost = gw.api().replace("://127.0.0.1:", "://localhost:");
        assertTrue(!otherHost.equals(gw.api()), otherHost);
        assertError(401, "unauthorized", Http.post(otherHost + "/check", token, selfBody()));
        assertEquals(true, selfCheck(token), "still good where it was issued");
        assertError(401, "unauthorized", Http.post(otherHost + "/check", token, selfBody()));
    }

    @Test
    void aRightTakenAwayWithoutAnEventCountsWithinTheWindow() {
        // the checker role held through a group: removing the group's role mapping raises no event the extension hears
        String group = ADMIN.createGroup(gw.name(), "checkers");
        JsonNode role = ADMIN.role(gw.name(), "gateway-access-checker");
        String mappings = ADMIN.baseUrl() + "/admin/realms/" + gw.name() + "/groups/" + group + "/role-mappings/realm";
        assertEquals(
                204, Http.post(mappings, ADMIN.token(), java.util.List.of(role)).status());
        String account = serviceAccount();
        assertEquals(
                204,
                ADMIN.revokeRole(gw.name(), account, "gateway-access-checker").status());
        assertEquals(204, ADMIN.joinGroup(gw.name(), account, group).status());

        String token = gw.checkerToken();
        assertEquals(200, check(token, aboutPlain()).status(), "a checker through its group");
        assertEquals(
                204,
                Http.send("DELETE", mappings, ADMIN.token(), java.util.List.of(role))
                        .status());
        long removed = System.nanoTime();
        long windowMs = KeycloakServer.AUTH_CACHE_SECONDS * 1000L;
        int status;
        long elapsedMs;
        do {
            status = check(token, aboutPlain()).status();
            elapsedMs = (System.nanoTime() - removed) / 1_000_000;
            if (status == 200) {
                pause();
            }
        } while (status == 200 && elapsedMs < windowMs + 5_000);
        assertEquals(403, status, "refused once the window has passed");
        long took = elapsedMs;
        // the bound: the window, plus a request's time (a token verified just before the removal is remembered that
        // long)
        assertTrue(took <= windowMs + 1_000, () -> "refused only after " + took + " ms (window " + windowMs + " ms)");
        assertError(403, "forbidden", check(gw.checkerToken(), aboutPlain()));
    }

    /** Keycloak's not-before is in whole seconds and refuses tokens issued before it: let the issuing second pass. */
    private static void waitForTheSecondAfterIssue(String token) {
        long firstGoodMillis = (org.gatewayaccess.it.support.ExpiredToken.claims(token)
                                .get("iat")
                                .asLong()
                        + 1)
                * 1000;
        while (System.currentTimeMillis() < firstGoodMillis) {
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50); // polling, as Live does: the end of the window is what is measured
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean selfCheck(String token) {
        Http.Result r = check(token, selfBody());
        assertEquals(200, r.status(), r::toString);
        return r.json().get("allowed").asBoolean();
    }

    private Map<String, Object> selfBody() {
        return Map.of("resourceType", "pool", "resourceId", pool, "permission", "view");
    }

    private Map<String, Object> aboutPlain() {
        return Map.of("userId", plain, "resourceType", "pool", "resourceId", pool, "permission", "view");
    }

    private Http.Result check(String token, Map<String, Object> body) {
        return Http.post(gw.api() + "/check", token, body);
    }

    private void setEnabled(String path, boolean enabled) {
        Http.Result r = Http.put(
                ADMIN.baseUrl() + "/admin/realms/" + gw.name() + "/" + path,
                ADMIN.token(),
                Http.JSON.createObjectNode().put("enabled", enabled));
        assertEquals(204, r.status(), r::toString);
    }

    private String serviceAccount() {
        gw.checkerToken(); // creates the client on first use
        return Http.get(
                        ADMIN.baseUrl() + "/admin/realms/" + gw.name() + "/clients/"
                                + gw.clientUuid(GatewayRealm.CHECKER_CLIENT) + "/service-account-user",
                        ADMIN.token())
                .json()
                .get("id")
                .asText();
    }
}
