package org.gatewayaccess.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.gatewayaccess.it.support.FeaturelessKeycloak;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.KeycloakAdmin;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A realm export carries the admin console's tab and page components (types {@code …ui.extend.UiTabProvider} and
 * {@code …UiPageProvider}) of a Keycloak with {@code declarative-ui}. Such an export imports into a Keycloak started
 * without the feature (which used to refuse it: "Invalid provider type"), and that server's export imports back into
 * one with the feature, where tab and page show what is in force ({@code GA_POOL}, the configuration), not what the
 * file's copies said. Runs in the H2 execution only: the featureless server is an H2 server of its own whatever the
 * execution's database, so another execution would test nothing new.
 */
class UiComponentsImportIT extends RealKeycloakTest {

    private static final String TAB_TYPE = "org.keycloak.services.ui.extend.UiTabProvider";
    private static final String PAGE_TYPE = "org.keycloak.services.ui.extend.UiPageProvider";

    private static FeaturelessKeycloak featureless;

    @BeforeAll
    static void startFeatureless() {
        Assumptions.assumeTrue(
                "h2".equals(System.getProperty("it.db", "h2")),
                "the featureless server is H2 of its own: runs in it-h2");
        featureless = FeaturelessKeycloak.start(System.getProperty("it.name", SERVER.database()) + "-featureless");
    }

    @AfterAll
    static void stop() {
        if (featureless != null) {
            featureless.close();
        }
    }

    @Test
    void anExportWithTheUiComponentsImportsWithoutTheFeatureAndBack() {
        String realm = "roundtrip-" + Long.toString(System.nanoTime() % 1_000_000, 36);
        ObjectNode json = Http.JSON.createObjectNode().put("realm", realm).put("enabled", true);
        json.putObject("attributes").put("gatewayAccess.pools", "[{\"name\":\"Declared pool\"}]");
        ADMIN.createRealm(json);
        String api = SERVER.baseUrl() + "/realms/" + realm + "/gateway-access";
        assertEquals(
                201,
                Http.post(api + "/pools", ADMIN.token(), java.util.Map.of("name", "Api pool"))
                        .status());
        JsonNode config = Http.get(api + "/config", ADMIN.token()).json();

        JsonNode export = export(ADMIN, realm);
        assertTrue(
                export.path("components").has(TAB_TYPE)
                        && export.path("components").has(PAGE_TYPE),
                () -> "the export carries the tab's and the page's components: "
                        + export.path("components").fieldNames());
        assertEquals(2, export.path("components").path(PAGE_TYPE).size(), "one page item per pool");

        // into a Keycloak without declarative-ui: imported, the configuration in force as declared
        Http.Result imported = Http.post(
                featureless.baseUrl() + "/admin/realms", featureless.admin().token(), export);
        assertEquals(
                201,
                imported.status(),
                () -> imported + "\n" + org.gatewayaccess.it.support.KeycloakServer.tail(featureless.logFile(), 60));
        String featurelessApi = featureless.baseUrl() + "/realms/" + realm + "/gateway-access";
        assertEquals(
                config,
                Http.get(featurelessApi + "/config", featureless.admin().token())
                        .json());
        assertEquals(
                List.of("Declared pool"),
                names(Http.get(featurelessApi + "/pools", featureless.admin().token())
                        .json()),
                "pools travel by declaration (gatewayAccess.pools), not through the page's components");

        // and back into a Keycloak with the feature (the original realm deleted first: component ids are kept by
        // imports)
        JsonNode again = export(featureless.admin(), realm);
        assertTrue(again.path("components").has(TAB_TYPE), "the featureless server keeps the components as they came");
        ADMIN.deleteRealm(realm);
        Http.Result back = Http.post(SERVER.baseUrl() + "/admin/realms", ADMIN.token(), again);
        assertEquals(201, back.status(), back::toString);
        List<String> pools = names(Http.get(api + "/pools", ADMIN.token()).json());
        assertEquals(List.of("Declared pool"), pools);
        JsonNode items = Http.get(
                        SERVER.baseUrl() + "/admin/realms/" + realm + "/components?type=" + PAGE_TYPE, ADMIN.token())
                .json();
        List<String> shown = new ArrayList<>();
        items.forEach(i -> shown.add(i.path("config").path("name").path(0).asText()));
        assertEquals(
                pools,
                shown.stream().sorted().toList(),
                "the page shows GA_POOL, not the file's copy of another server's pools");
        JsonNode tabs = Http.get(
                        SERVER.baseUrl() + "/admin/realms/" + realm + "/components?type=" + TAB_TYPE, ADMIN.token())
                .json();
        assertEquals(1, tabs.size(), tabs::toString);
        assertEquals(
                config.path("gatewayGroups").path("admins").asText(),
                tabs.path(0).path("config").path("adminsGroup").path(0).asText());
        assertFalse(tabs.path(0).path("config").has("configuration"));
        ADMIN.deleteRealm(realm);
    }

    private static JsonNode export(KeycloakAdmin admin, String realm) {
        Http.Result r = Http.post(
                admin.baseUrl() + "/admin/realms/" + realm + "/partial-export?exportGroupsAndRoles=true",
                admin.token(),
                null);
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    private static List<String> names(JsonNode pools) {
        List<String> names = new ArrayList<>();
        pools.forEach(p -> names.add(p.path("name").asText()));
        return names.stream().sorted().toList();
    }
}
