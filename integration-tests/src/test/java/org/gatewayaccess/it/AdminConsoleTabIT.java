package org.gatewayaccess.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gatewayaccess.it.support.ConsoleBrowser;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The "Gateway Access" tab of Keycloak's admin console (Realm settings, feature
 * {@code declarative-ui}, which the test server enables like the demo). The admin console reads
 * and saves a tab through the admin API's components endpoint, exactly as done here.
 */
class AdminConsoleTabIT extends RealKeycloakTest {

    private static final String TAB_TYPE = "org.keycloak.services.ui.extend.UiTabProvider";
    private static final String TAB_ID = "Gateway Access";

    @Test
    void keycloakOffersTheTabUnderRealmSettings() {
        JsonNode types = Http.get(SERVER.baseUrl() + "/admin/serverinfo", ADMIN.token()).json().path("componentTypes").path(TAB_TYPE);
        JsonNode tab = null;
        for (JsonNode t : types) {
            if (TAB_ID.equals(t.path("id").asText())) {
                tab = t;
            }
        }
        assertTrue(tab != null, () -> "tab types: " + types);
        assertEquals("/:realm/realm-settings/:tab?", tab.path("metadata").path("path").asText());
        assertEquals("gateway-access", tab.path("metadata").path("params").path("tab").asText());
        assertEquals("configuration", tab.path("properties").path(0).path("name").asText());
        assertEquals("Text", tab.path("properties").path(0).path("type").asText(), "a text area");
    }

    @Test
    void theTabShowsTheDocumentInForceAndSavesOnlyValidDocumentsAsPutConfigWould() throws Exception {
        String realm = newRealm();
        JsonNode config = getConfig(realm);
        JsonNode tab = tab(realm);
        assertEquals(config, Http.JSON.readTree(tab.path("config").path("configuration").path(0).asText()),
            "a new realm's tab shows the document GET /config shows");

        // an unknown role is refused with the same sentence PUT /config gives, and nothing changes
        ObjectNode bad = config.deepCopy();
        bad.withArray("roleMappings").addObject().put("role", "no-such-role").put("group", "/Gateway Users").put("mode", "sync");
        Http.Result refused = saveTab(realm, tab, bad.toString());
        assertEquals(400, refused.status(), refused::toString);
        Http.Result api = Http.put(api(realm) + "/config", ADMIN.token(), bad);
        assertEquals(400, api.status(), api::toString);
        assertTrue(refused.json().path("errorMessage").asText().contains("no-such-role"), refused::toString);
        assertEquals(api.json().path("errorMessage").asText(), refused.json().path("errorMessage").asText());
        assertEquals(config, getConfig(realm));
        assertEquals(tab.path("config"), tab(realm).path("config"));

        // not JSON, and empty: 400 with a sentence, not a 500
        for (String text : List.of("{not json", "", "[]")) {
            Http.Result r = saveTab(realm, tab, text);
            assertEquals(400, r.status(), () -> text + " → " + r);
            assertTrue(!r.json().path("errorMessage").asText().isBlank(), r::toString);
        }

        // a valid change, written sparsely: in force at once, and the tab shows the whole stored document
        Http.Result saved = saveTab(realm, tab, "{\"discovery\":{\"poolsDiscoverable\":false}}");
        assertEquals(204, saved.status(), saved::toString);
        JsonNode after = getConfig(realm);
        assertEquals(false, after.path("discovery").path("poolsDiscoverable").asBoolean(), after::toString);
        assertEquals(config.path("roleMappings"), after.path("roleMappings"), "left-out fields take their defaults");
        assertEquals(after, Http.JSON.readTree(tab(realm).path("config").path("configuration").path(0).asText()));
        assertEquals(after, Http.JSON.readTree(ADMIN.realm(realm).path("attributes").path("gatewayAccess.config").asText()),
            "the realm attribute an export carries follows the tab");
        assertTrue(adminEventsOf(realm).contains("UPDATE components/" + tab.path("id").asText()),
            "Keycloak records the save as its own admin event");
    }

    @Test
    void changesMadeElsewhereShowInTheTab() throws Exception {
        String realm = newRealm();
        ObjectNode config = getConfig(realm).deepCopy();
        config.with("pendingApproval").put("enabled", true);
        assertEquals(200, Http.put(api(realm) + "/config", ADMIN.token(), config).status());
        assertEquals(getConfig(realm), Http.JSON.readTree(tab(realm).path("config").path("configuration").path(0).asText()),
            "PUT /config is shown in the tab");

        // a group renamed in the admin console: the tab shows its new path (refreshed after the commit)
        String usersGroup = ADMIN.groupId(realm, "/Gateway Users");
        ObjectNode rename = Http.JSON.createObjectNode().put("name", "Members");
        assertEquals(204, Http.put(SERVER.baseUrl() + "/admin/realms/" + realm + "/groups/" + usersGroup, ADMIN.token(), rename).status());
        String shown = "";
        for (int i = 0; i < 50 && !shown.contains("/Members"); i++) {
            Thread.sleep(100);
            shown = tab(realm).path("config").path("configuration").path(0).asText();
        }
        assertTrue(shown.contains("\"/Members\"") && !shown.contains("/Gateway Users"), shown);
        assertEquals(getConfig(realm), Http.JSON.readTree(shown));
    }

    /** The same in Keycloak's own admin console, in headless Chromium, with screenshots kept in target/screenshots. */
    @Test
    void aKeycloakAdminEditsTheConfigurationInTheAdminConsole() throws Exception {
        Assumptions.assumeTrue(ConsoleBrowser.available(), "Chromium is not installed (" + ConsoleBrowser.CHROMIUM + ", "
            + ConsoleBrowser.CHROMEDRIVER + "): apt-get install chromium chromium-driver; .ci/run does this when it runs as root");
        String realm = newRealm();
        String run = System.getProperty("it.name", SERVER.database());
        try (ConsoleBrowser browser = ConsoleBrowser.start(Path.of(System.getProperty("it.work.dir", "target")), run)) {
            browser.open(SERVER.baseUrl() + "/admin/master/console/#/" + realm + "/realm-settings/gateway-access");
            browser.signInOnLoginPage(org.gatewayaccess.it.support.KeycloakServer.ADMIN_USER, org.gatewayaccess.it.support.KeycloakServer.ADMIN_PASSWORD);
            // the text area of the tab's only field has the field's name as id
            browser.waitFor(() -> browser.value("configuration").contains("\"roleMappings\""), "the tab's form with the document");
            assertEquals(getConfig(realm), Http.JSON.readTree(browser.value("configuration")), "the form shows the document in force");
            browser.screenshot("admin-console-tab-01-shown");

            ObjectNode bad = getConfig(realm).deepCopy();
            bad.withArray("roleMappings").addObject().put("role", "no-such-role").put("group", "/Gateway Users").put("mode", "sync");
            browser.replaceText("configuration", bad.toString());
            browser.click("Save");
            // the admin console's toast (no role=alert there; it fades after a few seconds)
            browser.waitForText("realm role 'no-such-role' does not exist");
            browser.screenshot("admin-console-tab-02-refused");
            assertEquals(true, getConfig(realm).path("discovery").path("poolsDiscoverable").asBoolean());

            ObjectNode good = getConfig(realm).deepCopy();
            good.with("discovery").put("poolsDiscoverable", false);
            browser.replaceText("configuration", good.toString());
            browser.click("Save");
            browser.waitForText("Saved successfully");
            browser.waitFor(() -> !getConfig(realm).path("discovery").path("poolsDiscoverable").asBoolean(), "the saved document in force");
            assertEquals(good, getConfig(realm));
            browser.screenshot("admin-console-tab-03-saved");
            assertEquals(List.of(), browser.consoleErrors().stream().filter(e -> !e.contains("400")).toList());
        }
    }

    private static String newRealm() {
        String realm = "tab-" + System.nanoTime();
        ObjectNode json = Http.JSON.createObjectNode().put("realm", realm).put("enabled", true).put("adminEventsEnabled", true);
        ADMIN.createRealm(json);
        return realm;
    }

    private static JsonNode tab(String realm) {
        JsonNode tabs = Http.get(SERVER.baseUrl() + "/admin/realms/" + realm + "/components?type=" + TAB_TYPE, ADMIN.token()).json();
        for (JsonNode t : tabs) {
            if (TAB_ID.equals(t.path("providerId").asText())) {
                return t;
            }
        }
        throw new AssertionError("no Gateway Access tab component in " + tabs);
    }

    /** What the admin console's Save does: the component with the form's fields (plus the route's params). */
    private static Http.Result saveTab(String realm, JsonNode tab, String configuration) {
        ObjectNode component = tab.deepCopy();
        ObjectNode cfg = component.putObject("config");
        cfg.putArray("configuration").add(configuration);
        cfg.putArray("tab").add("gateway-access");
        return Http.put(SERVER.baseUrl() + "/admin/realms/" + realm + "/components/" + tab.path("id").asText(), ADMIN.token(), component);
    }

    private static JsonNode getConfig(String realm) {
        Http.Result r = Http.get(api(realm) + "/config", ADMIN.token());
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    private static List<String> adminEventsOf(String realm) {
        List<String> events = new java.util.ArrayList<>();
        ADMIN.adminEvents(realm).forEach(e -> events.add(e.path("operationType").asText() + " " + e.path("resourcePath").asText()));
        return events;
    }

    private static String api(String realm) {
        return SERVER.baseUrl() + "/realms/" + realm + "/gateway-access";
    }
}
