package org.gatewayaccess.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.gatewayaccess.it.support.ConsoleBrowser;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.KeycloakServer;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * The "Gateway Access" tab (Realm settings) and the "Gateway pools" page of Keycloak's admin console (feature
 * {@code declarative-ui}, which the test server enables like the demo). The admin console reads and saves them
 * through the admin API's components endpoint, as the API-level tests here do; the browser tests do it in Keycloak's
 * own admin console in headless Chromium, with screenshots kept in {@code target/screenshots}.
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
class AdminConsoleTabIT extends RealKeycloakTest {

    private static final String TAB_TYPE = "org.keycloak.services.ui.extend.UiTabProvider";
    private static final String PAGE_TYPE = "org.keycloak.services.ui.extend.UiPageProvider";
    private static final String TAB_ID = "Gateway Access";
    private static final String PAGE_ID = "Gateway pools";

    private static GatewayRealm gw;

    @BeforeAll
    static void realm() {
        gw = GatewayRealm.create(ADMIN, "console");
    }

    @Test
    void keycloakOffersTheTabAndThePageWithTheirWidgets() {
        JsonNode types = Http.get(SERVER.baseUrl() + "/admin/serverinfo", ADMIN.token())
                .json()
                .path("componentTypes");
        JsonNode tab = byId(types.path(TAB_TYPE), TAB_ID);
        assertEquals(
                "/:realm/realm-settings/:tab?",
                tab.path("metadata").path("path").asText());
        assertEquals(
                "gateway-access",
                tab.path("metadata").path("params").path("tab").asText());
        Map<String, String> widgets = new HashMap<>();
        tab.path("properties")
                .forEach(
                        p -> widgets.put(p.path("name").asText(), p.path("type").asText()));
        assertEquals("Group", widgets.get("adminsGroup"));
        assertEquals("Group", widgets.get("usersGroup"));
        assertEquals("Role", widgets.get("gatewayRole1"));
        assertEquals("Role", widgets.get("roleMapping1Role"));
        assertEquals("Group", widgets.get("roleMapping1Group"));
        assertEquals("List", widgets.get("roleMapping1Mode"));
        assertEquals("IdentityProviderMultiList", widgets.get("providerMapping1Providers"));
        assertEquals("boolean", widgets.get("poolsDiscoverable"));
        assertEquals("Group", widgets.get("discoveryGroup"));
        assertEquals("IdentityProviderMultiList", widgets.get("pendingApprovalProviders"));
        assertEquals("boolean", widgets.get("adminPromotionRequiresRealmAdmin"));
        assertEquals("Text", widgets.get("more"), "the JSON view, only for what the slots cannot hold");

        JsonNode page = byId(types.path(PAGE_TYPE), PAGE_ID);
        assertEquals(
                List.of("name", "identityProvider", "description"),
                Http.JSON.convertValue(page.path("metadata").path("displayFields"), List.class));

        // the admin console offers both in the master realm too, which is no gateway: refused, nothing stored
        ObjectNode inMaster = Http.JSON
                .createObjectNode()
                .put("name", "x")
                .put("providerId", PAGE_ID)
                .put("providerType", PAGE_TYPE)
                .put("parentId", ADMIN.realm("master").path("id").asText());
        inMaster.putObject("config").putArray("name").add("x");
        Http.Result refused = Http.post(SERVER.baseUrl() + "/admin/realms/master/components", ADMIN.token(), inMaster);
        assertEquals(400, refused.status(), refused::toString);
        assertTrue(refused.json().path("errorMessage").asText().contains("not a gateway"), refused::toString);
        assertEquals(
                0,
                Http.get(SERVER.baseUrl() + "/admin/realms/master/components?type=" + PAGE_TYPE, ADMIN.token())
                        .json()
                        .size());
    }

    @Test
    void theTabShowsTheDocumentInForceAndSavesOnlyWhatPutConfigWouldAccept() throws Exception {
        JsonNode config = getConfig();
        JsonNode tab = tab();
        assertEquals(List.of("/Admins"), list(tab, "adminsGroup"));
        assertEquals(
                config.path("roleMappings").path(2).path("group").asText(),
                list(tab, "roleMapping3Group").get(0));
        assertEquals(
                config.path("roleMappings").path(2).path("role").asText(),
                list(tab, "roleMapping3Role").get(0));
        assertEquals(List.of("sync"), list(tab, "roleMapping3Mode"));

        // an unknown role is refused with the sentence PUT /config gives, and nothing changes
        ObjectNode bad = tab.deepCopy();
        ((ObjectNode) bad.path("config")).putArray("roleMapping4Role").add("no-such-role");
        ((ObjectNode) bad.path("config")).putArray("roleMapping4Group").add("/Gateway Users");
        Http.Result refused = saveComponent(bad);
        ObjectNode badDoc = config.deepCopy();
        badDoc.withArray("roleMappings")
                .addObject()
                .put("role", "no-such-role")
                .put("group", "/Gateway Users")
                .put("mode", "sync");
        Http.Result api = Http.put(gw.api() + "/config", ADMIN.token(), badDoc);
        assertEquals(400, refused.status(), refused::toString);
        assertEquals(400, api.status(), api::toString);
        assertEquals(
                api.json().path("errorMessage").asText(),
                refused.json().path("errorMessage").asText());
        assertEquals(config, getConfig());

        // half a mapping is the form's own mistake: a sentence, not a 500
        ObjectNode half = tab.deepCopy();
        ((ObjectNode) half.path("config")).putArray("roleMapping5Role").add("gateway-user");
        Http.Result halfRefused = saveComponent(half);
        assertEquals(400, halfRefused.status(), halfRefused::toString);
        assertTrue(
                halfRefused.json().path("errorMessage").asText().contains("Role mapping 5 needs both"),
                halfRefused::toString);

        // a valid change is in force at once; the attribute a realm export carries follows
        ObjectNode good = tab.deepCopy();
        ((ObjectNode) good.path("config")).putArray("poolsDiscoverable").add("false");
        ((ObjectNode) good.path("config")).putArray("tab").add("gateway-access"); // what the admin console adds
        Http.Result saved = saveComponent(good);
        assertEquals(204, saved.status(), saved::toString);
        JsonNode after = getConfig();
        assertFalse(after.path("discovery").path("poolsDiscoverable").asBoolean(true), after::toString);
        assertEquals(config.path("roleMappings"), after.path("roleMappings"));
        assertEquals(
                after,
                Http.JSON.readTree(ADMIN.realm(gw.name())
                        .path("attributes")
                        .path("gatewayAccess.config")
                        .asText()));
        assertEquals(List.of("false"), list(tab(), "poolsDiscoverable"));
        assertFalse(tab().path("config").has("tab"), "the stored form holds the document's fields only");

        // PUT /config is shown in the tab
        ObjectNode back = after.deepCopy();
        back.with("discovery").put("poolsDiscoverable", true);
        assertEquals(200, Http.put(gw.api() + "/config", ADMIN.token(), back).status());
        assertEquals(List.of("true"), list(tab(), "poolsDiscoverable"));

        // a mapped group renamed in the admin console: the tab shows its new path (refreshed after the commit)
        String renamable = ADMIN.createGroup(gw.name(), "Renamable");
        ObjectNode mapped = getConfig().deepCopy();
        mapped.withArray("roleMappings")
                .addObject()
                .put("role", "gateway-user")
                .put("group", "/Renamable")
                .put("mode", "migrate");
        assertEquals(200, Http.put(gw.api() + "/config", ADMIN.token(), mapped).status());
        assertEquals(List.of("/Renamable"), list(tab(), "roleMapping4Group"));
        assertEquals(List.of("migrate"), list(tab(), "roleMapping4Mode"));
        assertEquals(
                204,
                Http.put(
                                SERVER.baseUrl() + "/admin/realms/" + gw.name() + "/groups/" + renamable,
                                ADMIN.token(),
                                Http.JSON.createObjectNode().put("name", "Renamed"))
                        .status());
        waitUntil(
                () -> list(tab(), "roleMapping4Group").equals(List.of("/Renamed")),
                "the tab shows the group's new path");
        assertEquals(
                200, Http.put(gw.api() + "/config", ADMIN.token(), config).status()); // as it was, for the other tests
    }

    @Test
    void thePoolsPageIsGaPoolWhicheverSideChangesIt() {
        // created through the REST API: on the page, under the pool's own id
        String id = gw.createPool("Mirror pool", GatewayRealm.PARTNER_IDP);
        JsonNode item = component(id);
        assertEquals(List.of("Mirror pool"), list(item, "name"));
        assertEquals(List.of(GatewayRealm.PARTNER_IDP), list(item, "identityProvider"));

        // edited on the page (what its Save sends): GET /pools follows
        ObjectNode edit = item.deepCopy();
        ((ObjectNode) edit.path("config")).putArray("identityProvider").add(GatewayRealm.OTHER_IDP);
        ((ObjectNode) edit.path("config")).putArray("description").add("edited on the page");
        assertEquals(204, saveComponent(edit).status());
        JsonNode pool =
                Http.get(gw.api() + "/pools/" + id, gw.gatewayAdminToken()).json();
        assertEquals(GatewayRealm.OTHER_IDP, pool.path("identityProvider").asText());
        assertEquals("edited on the page", pool.path("description").asText());

        // the page refuses what the API refuses, with its sentence: a taken name, an unknown provider, two providers
        gw.createPool("Taken name", null);
        ObjectNode taken = item.deepCopy();
        ((ObjectNode) taken.path("config")).putArray("name").add("Taken name");
        Http.Result takenRefused = saveComponent(taken);
        assertEquals(400, takenRefused.status(), takenRefused::toString);
        assertEquals(
                "A pool named 'Taken name' already exists in this realm.",
                takenRefused.json().path("errorMessage").asText());
        ObjectNode two = item.deepCopy();
        ((ObjectNode) two.path("config"))
                .putArray("identityProvider")
                .add(GatewayRealm.PARTNER_IDP)
                .add(GatewayRealm.OTHER_IDP);
        assertEquals(400, saveComponent(two).status());
        assertEquals(
                GatewayRealm.OTHER_IDP,
                Http.get(gw.api() + "/pools/" + id, gw.gatewayAdminToken())
                        .json()
                        .path("identityProvider")
                        .asText(),
                "nothing changed");

        // replaced through the REST API: the page follows
        Http.Result put =
                Http.put(gw.api() + "/pools/" + id, gw.gatewayAdminToken(), GatewayRealm.pool("Renamed pool", null));
        assertEquals(200, put.status(), put::toString);
        assertEquals(List.of("Renamed pool"), list(component(id), "name"));
        assertFalse(component(id).path("config").has("identityProvider"));

        // created on the page: in GET /pools, the page's item and the pool one id
        ObjectNode create = Http.JSON
                .createObjectNode()
                .put("name", "Page pool")
                .put("providerId", PAGE_ID)
                .put("providerType", PAGE_TYPE)
                .put("parentId", ADMIN.realm(gw.name()).path("id").asText());
        create.putObject("config").putArray("name").add("Page pool");
        ((ObjectNode) create.path("config")).putArray("identityProvider").add(GatewayRealm.PARTNER_IDP);
        Http.Result created =
                Http.post(SERVER.baseUrl() + "/admin/realms/" + gw.name() + "/components", ADMIN.token(), create);
        assertEquals(201, created.status(), created::toString);
        String pageId =
                created.header("Location").substring(created.header("Location").lastIndexOf('/') + 1);
        JsonNode pagePool =
                Http.get(gw.api() + "/pools/" + pageId, gw.gatewayAdminToken()).json();
        assertEquals("Page pool", pagePool.path("name").asText(), pagePool::toString);
        boolean recorded = false;
        for (JsonNode e : ADMIN.adminEvents(gw.name())) {
            recorded |= "GATEWAY_ACCESS_POOL".equals(e.path("resourceType").asText())
                    && "CREATE".equals(e.path("operationType").asText())
                    && ("gateway-access/pools/" + pageId)
                            .equals(e.path("resourcePath").asText());
        }
        assertTrue(recorded, "a pool made on the page is the API's admin event too");

        // deleted through the REST API: gone from the page; deleted on the page: gone from the API
        assertEquals(
                204,
                Http.delete(gw.api() + "/pools/" + id, gw.gatewayAdminToken()).status());
        assertEquals(
                404,
                Http.get(SERVER.baseUrl() + "/admin/realms/" + gw.name() + "/components/" + id, ADMIN.token())
                        .status());
        assertEquals(
                204,
                Http.delete(SERVER.baseUrl() + "/admin/realms/" + gw.name() + "/components/" + pageId, ADMIN.token())
                        .status());
        assertEquals(
                404,
                Http.get(gw.api() + "/pools/" + pageId, gw.gatewayAdminToken()).status());

        // a provider removed unties its pools in bulk: the page follows after the commit
        ADMIN.createOidcProvider(gw.name(), "short-lived-idp");
        String untied = gw.createPool("Untied pool", "short-lived-idp");
        ADMIN.deleteIdentityProvider(gw.name(), "short-lived-idp");
        waitUntil(() -> !component(untied).path("config").has("identityProvider"), "the page shows the pool untied");

        assertEquals(
                names(Http.get(gw.api() + "/pools", gw.gatewayAdminToken()).json(), "name"),
                names(pageItems(), "name"),
                "the page lists exactly the pools");
    }

    @Test
    void aKeycloakAdminUsesTheTabAndThePageInTheAdminConsole() throws Exception {
        Assumptions.assumeTrue(
                ConsoleBrowser.available(),
                "Chromium is not installed (" + ConsoleBrowser.CHROMIUM + ", " + ConsoleBrowser.CHROMEDRIVER
                        + "): apt-get install chromium chromium-driver; .ci/run does this when it runs as root");
        String realm = gw.name();
        String staff = ADMIN.createGroup(realm, "Staff");
        String privileged = ADMIN.createGroup(realm, "Privileged");
        grantRealmManagement(realm, privileged, "manage-realm");
        String patId = ADMIN.createUser(realm, "pat-linked");
        ADMIN.link(realm, patId, GatewayRealm.PARTNER_IDP);
        String oscarId = ADMIN.createUser(realm, "oscar-linked");
        ADMIN.link(realm, oscarId, GatewayRealm.OTHER_IDP);
        String run = System.getProperty("it.name", SERVER.database());
        try (ConsoleBrowser browser = ConsoleBrowser.start(Path.of(System.getProperty("it.work.dir", "target")), run)) {
            try {
                browser.open(SERVER.baseUrl() + "/admin/master/console/#/" + realm + "/realm-settings/gateway-access");
                browser.signInOnLoginPage(KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD);
                browser.waitFor(
                        () -> browser.fieldText("Role mapping 3: group").contains("/Gateway Users"), "the tab's form");
                browser.screenshot("admin-console-tab-01-form");

                // pick a group for a mapping with Keycloak's group picker, save: GET /config follows
                browser.clickInField("Role mapping 3: group", "Select group");
                browser.clickTestId("Staff");
                browser.clickTestId("select-button");
                browser.waitFor(
                        () -> browser.fieldText("Role mapping 3: group").contains("/Staff"), "the picked group");
                browser.screenshot("admin-console-tab-02-picked");
                browser.clickTestId("save");
                browser.waitForText("Saved successfully");
                waitUntil(
                        () -> "/Staff"
                                .equals(getConfig()
                                        .path("roleMappings")
                                        .path(2)
                                        .path("group")
                                        .asText()),
                        "GET /config follows");
                browser.screenshot("admin-console-tab-03-saved");

                // an invalid choice (a group carrying Keycloak rights): the sentence PUT /config gives
                ObjectNode doc = getConfig().deepCopy();
                ((ObjectNode) doc.withArray("roleMappings").get(2)).put("group", "/Privileged");
                String sentence = Http.put(gw.api() + "/config", ADMIN.token(), doc)
                        .json()
                        .path("errorMessage")
                        .asText();
                assertFalse(sentence.isBlank());
                browser.clickInField("Role mapping 3: group", "Select group");
                browser.clickTestId("Privileged");
                browser.clickTestId("select-button");
                browser.clickTestId("save");
                browser.waitForText(sentence);
                browser.screenshot("admin-console-tab-04-refused");
                assertEquals(
                        "/Staff",
                        getConfig().path("roleMappings").path(2).path("group").asText(),
                        "nothing changed");

                // the Gateway pools page: create a pool with a provider picked from the list
                browser.clickLink(PAGE_ID);
                browser.waitForText("Create item");
                browser.screenshot("admin-console-pools-01-list");
                browser.clickLink("Create item");
                browser.replaceText("config.name", "Console pool"); // the dynamic form's id of field "name"
                browser.pick("Identity provider", "Choose...", GatewayRealm.PARTNER_IDP);
                browser.waitFor(
                        () -> browser.fieldText("Identity provider").contains(GatewayRealm.PARTNER_IDP),
                        "the picked provider");
                browser.screenshot("admin-console-pools-02-new");
                browser.clickTestId("save");
                browser.waitForText("Saved successfully");
                String poolId = poolIdNamed("Console pool");
                assertEquals(
                        GatewayRealm.PARTNER_IDP,
                        Http.get(gw.api() + "/pools/" + poolId, gw.gatewayAdminToken())
                                .json()
                                .path("identityProvider")
                                .asText());
                waitUntil(
                        () -> gw.viewerPrincipals(poolId).equals(List.of("user:" + patId)), "pat-linked sees the pool");

                // change its provider: the viewers swap
                browser.pick("Identity provider", "Choose...", GatewayRealm.PARTNER_IDP); // un-picks it
                browser.pick("Identity provider", "Choose...", GatewayRealm.OTHER_IDP);
                browser.waitFor(
                        () -> browser.fieldText("Identity provider").contains(GatewayRealm.OTHER_IDP)
                                && !browser.fieldText("Identity provider").contains(GatewayRealm.PARTNER_IDP),
                        "only the new provider picked");
                browser.clickTestId("save");
                browser.waitForText("Saved successfully");
                waitUntil(
                        () -> gw.viewerPrincipals(poolId).equals(List.of("user:" + oscarId)),
                        "the viewers swap to oscar-linked");
                browser.clickLink(PAGE_ID);
                browser.waitForText(GatewayRealm.OTHER_IDP);
                browser.screenshot("admin-console-pools-03-edited");

                // delete it
                browser.clickLink("Console pool");
                browser.clickTestId("action-dropdown");
                browser.clickTestId("delete-item");
                browser.clickTestId("confirm");
                browser.waitForText("The item has been deleted");
                assertEquals(
                        404,
                        Http.get(gw.api() + "/pools/" + poolId, gw.gatewayAdminToken())
                                .status());
                browser.screenshot("admin-console-pools-04-deleted");
                assertEquals(
                        List.of(),
                        browser.consoleErrors().stream()
                                .filter(e -> !e.contains("400"))
                                .toList());
            } catch (AssertionError | RuntimeException e) {
                browser.screenshot("admin-console-failed");
                browser.dump("admin-console-failed");
                throw e;
            }
        }
    }

    @Test
    void aGatewayAdminWhoIsNoKeycloakAdminReachesNeitherTheTabNorThePage() {
        String realm = gw.name();
        String token = ADMIN.passwordToken(realm, "admin-cli", "gwadmin", GatewayRealm.PASSWORD);
        assertEquals(
                403,
                Http.get(SERVER.baseUrl() + "/admin/realms/" + realm + "/components?type=" + TAB_TYPE, token)
                        .status());
        assertEquals(
                403,
                Http.get(SERVER.baseUrl() + "/admin/realms/" + realm + "/components?type=" + PAGE_TYPE, token)
                        .status());
        String tabId = tab().path("id").asText();
        assertEquals(
                403,
                Http.put(SERVER.baseUrl() + "/admin/realms/" + realm + "/components/" + tabId, token, tab())
                        .status());
        Assumptions.assumeTrue(ConsoleBrowser.available(), "Chromium is not installed");
        String run = System.getProperty("it.name", SERVER.database());
        try (ConsoleBrowser browser = ConsoleBrowser.start(Path.of(System.getProperty("it.work.dir", "target")), run)) {
            browser.open(
                    SERVER.baseUrl() + "/admin/" + realm + "/console/#/" + realm + "/realm-settings/gateway-access");
            browser.signInOnLoginPage("gwadmin", GatewayRealm.PASSWORD);
            browser.waitFor(
                    () -> !browser.url().contains("/protocol/openid-connect/")
                            && !browser.text().isBlank(),
                    "the admin console");
            browser.waitForText("You do not have permission to access this resource"); // the admin console's refusal
            browser.screenshot("admin-console-gateway-admin-refused");
            assertFalse(browser.text().contains(PAGE_ID), browser::text);
            assertFalse(browser.text().contains("Role mapping"), browser::text);
        }
    }

    private static JsonNode byId(JsonNode types, String id) {
        for (JsonNode t : types) {
            if (id.equals(t.path("id").asText())) {
                return t;
            }
        }
        throw new AssertionError("no " + id + " in " + types);
    }

    private static JsonNode tab() {
        JsonNode tabs = Http.get(
                        SERVER.baseUrl() + "/admin/realms/" + gw.name() + "/components?type=" + TAB_TYPE, ADMIN.token())
                .json();
        for (JsonNode t : tabs) {
            if (TAB_ID.equals(t.path("providerId").asText())) {
                return t;
            }
        }
        throw new AssertionError("no Gateway Access tab component in " + tabs);
    }

    private static JsonNode component(String id) {
        Http.Result r = Http.get(SERVER.baseUrl() + "/admin/realms/" + gw.name() + "/components/" + id, ADMIN.token());
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    private static JsonNode pageItems() {
        return Http.get(
                        SERVER.baseUrl() + "/admin/realms/" + gw.name() + "/components?type=" + PAGE_TYPE
                                + "&providerId=" + PAGE_ID.replace(" ", "%20"),
                        ADMIN.token())
                .json();
    }

    /** What the admin console's Save sends: the whole component, to its id. */
    private static Http.Result saveComponent(JsonNode component) {
        String id = component.path("id").asText();
        return Http.put(
                SERVER.baseUrl() + "/admin/realms/" + gw.name() + "/components/" + id, ADMIN.token(), component);
    }

    private static List<String> list(JsonNode component, String field) {
        List<String> values = new ArrayList<>();
        component.path("config").path(field).forEach(v -> values.add(v.asText()));
        return values;
    }

    private static List<String> names(JsonNode items, String field) {
        List<String> names = new ArrayList<>();
        items.forEach(i -> names.add(
                i.has("config")
                        ? i.path("config").path(field).path(0).asText()
                        : i.path(field).asText()));
        names.sort(String::compareTo);
        return names;
    }

    private static String poolIdNamed(String name) {
        for (JsonNode p : Http.get(gw.api() + "/pools", gw.gatewayAdminToken()).json()) {
            if (name.equals(p.path("name").asText())) {
                return p.path("id").asText();
            }
        }
        throw new AssertionError("no pool named " + name + " in GET /pools");
    }

    private static JsonNode getConfig() {
        Http.Result r = Http.get(gw.api() + "/config", ADMIN.token());
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    private static void grantRealmManagement(String realm, String groupId, String role) {
        String client = gw.clientUuid("realm-management");
        JsonNode rep = Http.get(
                        SERVER.baseUrl() + "/admin/realms/" + realm + "/clients/" + client + "/roles/" + role,
                        ADMIN.token())
                .json();
        Http.Result r = Http.post(
                SERVER.baseUrl() + "/admin/realms/" + realm + "/groups/" + groupId + "/role-mappings/clients/" + client,
                ADMIN.token(),
                List.of(rep));
        assertEquals(204, r.status(), r::toString);
    }

    /** Polls a condition written after a commit (at most 10 s). */
    private static void waitUntil(BooleanSupplier condition, String what) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("waited 10 s for: " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
