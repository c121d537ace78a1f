package org.gatewayaccess.it;

import static org.gatewayaccess.it.support.GatewayRealm.PARTNER_IDP;
import static org.gatewayaccess.it.support.GatewayRealm.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gatewayaccess.it.support.BrowserSession;
import org.gatewayaccess.it.support.ConsoleBrowser;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * The access console in a real headless Chromium: a gateway admin signs in through the
 * realm's login page, creates a pool, sees a linked user appear as its viewer, activates a
 * self-registered user, changes a role, runs a sync; a read-only admin sees the same data
 * with no control that writes; a plain user sees only their own access. Assertions read
 * the text the page shows; screenshots of each step stay in {@code target/screenshots/}.
 */
// CI time (under 50 minutes on 2 cores): a browser test runs where the consoles differ — Keycloak 26.7.0 and 26.5.6,
// both on H2 (it-h2, it-keycloak-26.5) — not again on each database: what the consoles write goes through the
// services every database execution tests (PoolService, ConfigUpdate, the components API).
@DisabledIfSystemProperty(
        named = "it.db",
        matches = "postgres|mariadb",
        disabledReason =
                "a browser test: runs in it-h2 and"
                        + " it-keycloak-26.5 (the consoles do not depend on the database; their writes are tested on every database)")
class AccessConsoleIT extends RealKeycloakTest {

    private static final String CONSOLE_CLIENT = "gateway-access-console";
    /** Every control that changes something; none may be offered to a read-only admin or a plain user. */
    private static final List<String> WRITE_CONTROLS = List.of(
            "Create pool",
            "Activate",
            "Activate latecomer",
            "Set role",
            "Change gateway role",
            "Start sync",
            "Start roles-to-groups migration");

    private GatewayRealm gw;

    @BeforeEach
    void realm() {
        gw = GatewayRealm.create(ADMIN, "console");
    }

    @Test
    void theConsoleIsServedWithoutATokenUnderAStrictPolicyAndNothingElseIsServed() {
        String console = gw.api() + "/console";
        Http.Result redirect = Http.get(console, null);
        assertEquals(301, redirect.status(), redirect::toString);
        assertTrue(redirect.header("Location").endsWith("/gateway-access/console/"), redirect.header("Location"));

        Http.Result page = Http.get(console + "/", null);
        assertEquals(200, page.status(), page::toString);
        assertTrue(page.header("Content-Type").startsWith("text/html"), page.header("Content-Type"));
        assertEquals("no-store", page.header("Cache-Control"));
        String csp = page.header("Content-Security-Policy");
        assertNotNull(csp);
        for (String directive : List.of(
                "default-src 'none'",
                "script-src 'self'",
                "style-src 'self'",
                "connect-src 'self'",
                "frame-ancestors 'none'",
                "form-action 'none'",
                "require-trusted-types-for 'script'")) {
            assertTrue(csp.contains(directive), () -> directive + " in " + csp);
        }
        assertFalse(csp.contains("unsafe"), csp);
        assertEquals("DENY", page.header("X-Frame-Options"));
        assertEquals("nosniff", page.header("X-Content-Type-Options"));
        assertTrue(page.body().contains("<script src=\"console.js\" defer></script>"), page::body);

        Http.Result script = Http.get(console + "/console.js", null);
        assertEquals(200, script.status());
        assertTrue(script.header("Content-Type").startsWith("text/javascript"), script.header("Content-Type"));
        assertEquals("no-cache", script.header("Cache-Control"));
        String etag = script.header("ETag");
        assertNotNull(etag);
        assertEquals(304, revalidate(console + "/console.js", etag), "unchanged: 304, no body");
        assertTrue(
                Http.get(console + "/console.css", null).header("Content-Type").startsWith("text/css"));

        // Only the console's own files: no way out of its folder, onto the class path or into the API without a token.
        for (String path : List.of(
                "/..%2Fpools",
                "/..%2F..%2Fgateway-access%2Fpools",
                "/a/console.js",
                "/Console.js",
                "/console.js.map",
                "/..%2FMETA-INF%2Fkeycloak-themes.json",
                "/%2e%2e%2fMETA-INF%2fkeycloak-themes.json",
                "/missing.js")) {
            Http.Result r = Http.get(console + path, null);
            assertTrue(r.status() == 404 || r.status() == 400, () -> path + ": " + r);
            assertFalse(r.body().contains("themes"), () -> path + ": " + r);
        }
        assertError(404, "not_found", Http.get(console + "/..%2Fpools", null));
    }

    @Test
    void theRealmGetsALeastPrivilegePublicClientOnceAndADeletedOneStaysDeleted() {
        JsonNode client = consoleClient();
        assertNotNull(client, "the extension created the console's client");
        assertTrue(client.get("publicClient").asBoolean());
        assertTrue(client.get("standardFlowEnabled").asBoolean());
        assertFalse(client.get("implicitFlowEnabled").asBoolean());
        assertFalse(client.get("directAccessGrantsEnabled").asBoolean());
        assertFalse(client.get("serviceAccountsEnabled").asBoolean());
        assertFalse(client.get("fullScopeAllowed").asBoolean());
        assertEquals(
                "S256",
                client.get("attributes").get("pkce.code.challenge.method").asText());
        assertEquals(
                "/realms/" + gw.name() + "/gateway-access/console/*",
                client.get("redirectUris").get(0).asText());
        assertEquals(
                "created",
                ADMIN.realm(gw.name())
                        .get("attributes")
                        .get("gatewayAccess.consoleClient")
                        .asText());

        // An operator switches the console off by deleting the client: the extension's next setup leaves it deleted.
        assertEquals(
                204,
                Http.delete(adminUrl("/clients/" + client.get("id").asText()), ADMIN.token())
                        .status());
        JsonNode config = Http.get(gw.api() + "/config", gw.gatewayAdminToken()).json();
        assertEquals(
                200,
                Http.put(gw.api() + "/config", gw.gatewayAdminToken(), config).status()); // forgets the cached setup
        assertEquals(200, Http.get(gw.api() + "/pools", gw.gatewayAdminToken()).status());
        assertEquals(null, consoleClient());
    }

    @Test
    void anAdminWorksInTheConsoleAReaderOnlyReadsAndAUserSeesTheirOwnAccess() {
        Assumptions.assumeTrue(
                ConsoleBrowser.available(),
                "Chromium is not installed (" + ConsoleBrowser.CHROMIUM + ", " + ConsoleBrowser.CHROMEDRIVER
                        + "): apt-get install chromium chromium-driver; .ci/run does this when it runs as root");
        allowSelfRegistrationPendingApproval();
        String run = System.getProperty("it.name", SERVER.database());
        try (ConsoleBrowser browser = ConsoleBrowser.start(Path.of(System.getProperty("it.work.dir", "target")), run)) {
            asGatewayAdmin(browser);
            asReadOnlyAdmin(browser);
            asPlainUser(browser);
        }
    }

    private void asGatewayAdmin(ConsoleBrowser browser) {
        browser.open(gw.api() + "/console");
        browser.signInOnLoginPage("gwadmin", PASSWORD);
        browser.waitForText("Signed in as gwadmin (gateway admin)");
        browser.waitForText("No pools yet.");
        browser.screenshot("01-admin-signed-in");

        browser.fill("Name", "GPU cluster");
        browser.fill("Description", "Shared with the partner university");
        browser.fill("Identity provider alias", PARTNER_IDP);
        browser.click("Create pool");
        browser.waitForText("Pool GPU cluster created.");
        browser.waitForText("Nobody may view GPU cluster yet.");
        browser.screenshot("02-pool-created");

        // A link made behind the console's back (admin API) shows up as a viewer with its source.
        ADMIN.link(gw.name(), gw.userId("plain"), PARTNER_IDP);
        browser.waitFor(
                () -> {
                    browser.click("Refresh viewers");
                    return browser.text().contains("identity-provider:" + PARTNER_IDP);
                },
                "plain as a viewer of GPU cluster");
        assertTrue(browser.text().contains("plain"), browser::text);
        browser.screenshot("03-viewer-appears");

        selfRegister("newcomer");
        browser.click("Pending users");
        browser.waitForText("newcomer@example.org");
        assertTrue(browser.text().contains("self-registration"), browser::text);
        browser.screenshot("04-pending-user");
        browser.choose("Gateway role for newcomer", "gateway-user");
        browser.click("Activate newcomer");
        browser.waitForText("newcomer is active now, with the gateway role gateway-user.");
        browser.waitForText("Nobody is waiting for activation.");
        browser.screenshot("05-user-activated");
        assertEquals(
                0,
                Http.get(gw.api() + "/users/pending", gw.gatewayAdminToken())
                        .json()
                        .size());

        browser.click("Gateway roles");
        browser.waitForText("Members of the gateway groups");
        browser.choose("New gateway role for newcomer", "admin-read-only");
        browser.click("Set the gateway role of newcomer");
        browser.waitForText("The gateway role of newcomer is admin-read-only now.");
        assertEquals(
                "admin-read-only",
                Http.get(gw.api() + "/me", gw.token("newcomer"))
                        .json()
                        .get("gatewayRole")
                        .asText());
        // A refusal shows the API's own sentence: the only admin cannot step down.
        String refusal = Http.put(
                        gw.api() + "/users/" + gw.userId("gwadmin") + "/gateway-role",
                        gw.gatewayAdminToken(),
                        Map.of("role", "gateway-user"))
                .json()
                .get("errorMessage")
                .asText();
        browser.choose("New gateway role for gwadmin", "gateway-user");
        browser.click("Set the gateway role of gwadmin");
        assertEquals(refusal, browser.alert());
        browser.screenshot("06-role-changed-and-refusal");

        // a gateway-owned resource registered by a user: its grants with their sources
        assertEquals(
                201,
                Http.put(gw.api() + "/resources/dataset/climate-2026", gw.plainUserToken(), null)
                        .status());
        browser.click("Resources");
        browser.fill("Resource type", "dataset");
        browser.click("List");
        browser.click("Grants on climate-2026");
        browser.waitForText("Grants on dataset climate-2026");
        String grants = browser.text();
        assertTrue(
                grants.contains("plain manage") && grants.contains("group /Admins edit") && grants.contains("seed"),
                grants);
        browser.screenshot("07-resource-grants");

        browser.click("Jobs");
        browser.click("Start sync");
        browser.waitForText("The sync is done:");
        assertEquals(
                browser.property("job-progress", "max"), browser.property("job-progress", "value"), "the bar is full");
        assertTrue(browser.text().contains("Status\ndone") || browser.text().contains("Status done"), browser::text);
        browser.screenshot("08-sync-done");

        assertEquals(List.of(), browser.consoleErrors(), "no script error and nothing refused by the page's policy");
        signOut(browser);
    }

    private void asReadOnlyAdmin(ConsoleBrowser browser) {
        selfRegister("latecomer");
        browser.click("Sign in");
        browser.signInOnLoginPage("reader", PASSWORD);
        browser.waitForText("Signed in as reader (read-only admin)");
        browser.waitForText("GPU cluster");
        assertNoWriteControls(browser);
        assertTrue(browser.visibleButtons("Gateway roles").isEmpty(), "no role view for a read-only admin");
        browser.click("Viewers of GPU cluster");
        browser.waitForText("identity-provider:" + PARTNER_IDP);
        browser.screenshot("09-reader-pools");

        browser.click("Pending users");
        browser.waitForText("latecomer@example.org");
        assertNoWriteControls(browser);
        browser.screenshot("10-reader-pending");
        browser.click("Gateway groups");
        browser.click("Members of Admins");
        browser.waitForText("Members of Admins");
        assertTrue(browser.text().contains("gwadmin"), browser::text);
        browser.click("Jobs");
        browser.waitForText("Job id");
        assertNoWriteControls(browser);
        browser.click("Your access");
        browser.waitForText("/Read Only Admins");
        assertNoWriteControls(browser);
        assertEquals(List.of(), browser.consoleErrors());
        signOut(browser);
    }

    private void asPlainUser(ConsoleBrowser browser) {
        browser.click("Sign in");
        browser.signInOnLoginPage("plain", PASSWORD);
        browser.waitForText("Signed in as plain");
        browser.waitForText("Your access");
        browser.waitForText("GPU cluster");
        String text = browser.text();
        assertTrue(text.contains("GPU cluster view"), text);
        for (String adminView : List.of("Pools", "Gateway groups", "Pending users", "Jobs", "Resources")) {
            assertTrue(
                    browser.visibleButtons(adminView).isEmpty(),
                    () -> adminView + " offered to a plain user:\n" + text);
        }
        assertFalse(text.contains("gateway admin") || text.contains("read-only admin"), text);
        assertNoWriteControls(browser);
        browser.screenshot("11-plain-user-own-access");
        assertEquals(List.of(), browser.consoleErrors());
        signOut(browser);
    }

    private static void signOut(ConsoleBrowser browser) {
        browser.click("Sign out");
        browser.waitForText("You are signed out.");
    }

    private static void assertNoWriteControls(ConsoleBrowser browser) {
        for (String control : WRITE_CONTROLS) {
            assertTrue(
                    browser.visibleButtons(control).isEmpty(), () -> "'" + control + "' offered:\n" + browser.text());
        }
    }

    /** Self-registration on, and self-registered users wait for an admin (pending approval). */
    private void allowSelfRegistrationPendingApproval() {
        ObjectNode settings = Http.JSON.createObjectNode().put("registrationAllowed", true);
        assertEquals(
                204,
                Http.put(ADMIN.baseUrl() + "/admin/realms/" + gw.name(), ADMIN.token(), settings)
                        .status());
        JsonNode config = Http.get(gw.api() + "/config", gw.gatewayAdminToken()).json();
        ((ObjectNode) config.get("pendingApproval")).put("enabled", true);
        assertEquals(
                200,
                Http.put(gw.api() + "/config", gw.gatewayAdminToken(), config).status());
    }

    /** A person registering on the realm's own registration page, ending on the "waiting for an administrator" page. */
    private void selfRegister(String username) {
        BrowserSession person = new BrowserSession();
        String auth =
                gw.realmUrl() + "/protocol/openid-connect/registrations?response_type=code&scope=openid&client_id="
                        + GatewayRealm.WEB_CLIENT + "&redirect_uri="
                        + URLEncoder.encode(GatewayRealm.WEB_REDIRECT, StandardCharsets.UTF_8);
        BrowserSession.Page form = person.open(auth, GatewayRealm.WEB_REDIRECT);
        BrowserSession.Page waiting = person.submit(
                form.form("kc-register-form"),
                Map.of(
                        "username",
                        username,
                        "email",
                        username + "@example.org",
                        "firstName",
                        username,
                        "lastName",
                        "Test",
                        "password",
                        PASSWORD,
                        "password-confirm",
                        PASSWORD),
                GatewayRealm.WEB_REDIRECT);
        assertTrue(
                waiting.body().contains("id=\"gateway-access-pending\""),
                () -> "pending page for " + username + ":\n" + waiting.body());
    }

    /** The status of a conditional GET, as a browser revalidates a cached file. */
    private static int revalidate(String url, String etag) {
        try {
            return HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .header("If-None-Match", etag)
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode consoleClient() {
        JsonNode found = Http.get(adminUrl("/clients?clientId=" + CONSOLE_CLIENT), ADMIN.token())
                .json();
        return found.isEmpty() ? null : found.get(0);
    }

    private String adminUrl(String path) {
        return ADMIN.baseUrl() + "/admin/realms/" + gw.name() + path;
    }
}
