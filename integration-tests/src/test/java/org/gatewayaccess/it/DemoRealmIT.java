package org.gatewayaccess.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gatewayaccess.it.support.BrowserSession;
import org.gatewayaccess.it.support.DocExamples;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.ItSettings;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's demo, step by step, with the demo's own realm files (imported the way
 * {@code --import-realm} imports them; only the host and port are this server's):
 * a newcomer signs in to the demo account console through "Partner University" and
 * the gateway admin then sees them as a viewer of the declared pool.
 */
class DemoRealmIT extends RealKeycloakTest {

    @BeforeAll
    static void importTheDemoRealms() throws Exception {
        ADMIN.createRealm(demoRealm("partner-realm.json"));
        ADMIN.createRealm(demoRealm("demo-realm.json"));
    }

    @Test
    void signingInToTheAccountConsoleThroughThePartnerMakesAViewerOfTheDemoPool() throws Exception {
        String api = SERVER.baseUrl() + "/realms/demo/gateway-access";
        String token = ADMIN.passwordToken("demo", "gateway-cli", "gwadmin", "gwadmin-demo");
        JsonNode pools = Http.get(api + "/pools", token).json();
        assertEquals(1, pools.size(), pools::toString);
        assertEquals("partner-idp", pools.get(0).get("identityProvider").asText());
        String pool = pools.get(0).get("id").asText();
        assertEquals(
                0, Http.get(api + "/pools/" + pool + "/viewers", token).json().size());

        // The account console is a public client with PKCE; the browser starts its login as the console would.
        String accountUrl = SERVER.baseUrl() + "/realms/demo/account/";
        String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
        String challenge = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        BrowserSession browser = new BrowserSession();
        BrowserSession.Page demoLogin = browser.open(
                SERVER.baseUrl() + "/realms/demo/protocol/openid-connect/auth?client_id=account-console"
                        + "&response_type=code&scope=openid&code_challenge_method=S256&code_challenge=" + challenge
                        + "&redirect_uri=" + URLEncoder.encode(accountUrl, StandardCharsets.UTF_8),
                accountUrl);
        assertTrue(demoLogin.body().contains("Partner University"), "the demo login page offers the partner");

        BrowserSession.Page partnerLogin =
                browser.open(BrowserSession.link(demoLogin, "social-partner-idp"), accountUrl);
        BrowserSession.Page back = browser.submit(
                partnerLogin.form("kc-form-login"), Map.of("username", "pat", "password", "pat-demo"), accountUrl);
        assertTrue(
                back.url().toString().startsWith(accountUrl)
                        && back.url().getQuery().contains("code="),
                () -> "expected to land in the account console, got " + back.url() + "\n" + back.body());

        JsonNode viewers = Http.get(api + "/pools/" + pool + "/viewers", token).json();
        assertEquals(1, viewers.size(), viewers::toString);
        assertEquals("pat", viewers.get(0).get("username").asText());
        assertEquals(
                "identity-provider:partner-idp",
                viewers.get(0).get("sources").get(0).get("source").asText());

        // README's curl steps administer with gateway-cli: the demo realm gives it the client grant
        // (gateway-access-admin)
        Http.Result created = Http.post(api + "/pools", token, Map.of("name", "Demo write"));
        assertEquals(201, created.status(), created::toString);
        assertEquals(
                204,
                Http.delete(api + "/pools/" + created.json().get("id").asText(), token)
                        .status());

        // Step 2 as the README writes it: its curl block, read from the README, run against this server; each
        // command answers 2xx and the viewers list answers what its "# →" line says.
        String demo = DocExamples.page("README.md").section("## Demo");
        List<String> blocks = DocExamples.page("README.md").blocks(demo, "bash");
        assertEquals(1, blocks.size(), "the demo walk has one shell block");
        Map<String, String> vars = new HashMap<>();
        List<DocExamples.Printed> printed = DocExamples.runShell(blocks.get(0), SERVER.baseUrl(), vars);
        assertEquals(pool, vars.get("POOL"), "POOL is the demo pool");
        DocExamples.Printed viewersStep = printed.get(printed.size() - 1);
        assertTrue(
                viewersStep.command().contains("/viewers") && viewersStep.documented() != null,
                () -> "the block ends with the viewers list and its answer: " + printed);
        DocExamples.assertMatches(viewersStep.documented(), Http.JSON.readTree(viewersStep.output()));

        // Step 3: unlink pat (as the admin console's Unlink does) and list the viewers again, with the README's
        // command: pat is gone.
        assertTrue(demo.contains("Unlink") && demo.contains("pat is gone"), "the README's step 3 unlinks pat");
        ADMIN.unlink("demo", ADMIN.userId("demo", "pat"), "partner-idp");
        List<DocExamples.Printed> again = DocExamples.runShell(viewersStep.command(), SERVER.baseUrl(), vars);
        assertEquals(
                0,
                Http.JSON.readTree(again.get(0).output()).size(),
                () -> "pat is gone: " + again.get(0).output());
    }

    /**
     * The examples of the reference pages that a test can run here, read from the pages: the configuration document,
     * the complete realm file of "Configuration as code" and its documented refusal, the token-claims mapper, the
     * access console's headers and the AuthZEN metadata. Each is checked against what the page says it answers.
     */
    @Test
    void theExamplesOfTheReferencePagesAnswerAsThePagesSay() throws Exception {
        String admin = ADMIN.token();
        DocExamples configuration = DocExamples.page("docs/configuration.md");

        // "The configuration document": GET /config of the demo realm (which declares no configuration: the defaults).
        String options = configuration.section("## Options and the configuration document");
        String documentedConfig = configuration.blocks(options, "json").get(0);
        JsonNode config = Http.get(SERVER.baseUrl() + "/realms/demo/gateway-access/config", admin)
                .json();
        JsonNode example = Http.JSON.readTree(documentedConfig.replace(", \"…\"]", "]"));
        assertEquals(fieldNames(example), fieldNames(config), "the document has the fields the page shows: " + config);
        for (String field : List.of(
                "gatewayGroups",
                "gatewayRoles",
                "discovery",
                "pendingApproval",
                "adminPromotionRequiresRealmAdmin",
                "adminClientScopeRequired")) {
            assertEquals(example.get(field), config.get(field), "the default of " + field);
        }
        assertTrue(
                documentedConfig.contains(
                        "\"roleMappings\": [{\"role\": \"admin\", \"group\": \"/Admins\", \"mode\": \"sync\"}, \"…\"]"),
                "the page's roleMappings are its first default and more");
        assertEquals(
                example.get("roleMappings").get(0), config.get("roleMappings").get(0), config::toString);
        assertEquals(
                3,
                config.get("roleMappings").size(),
                "the three gateway roles map to the three system groups: " + config);

        // "Configuration as code": the complete realm file, created as a realm (POST /admin/realms, as an import is).
        String asCode = configuration.section("## Configuration as code");
        JsonNode realmFile =
                Http.JSON.readTree(configuration.blocks(asCode, "json").get(0));
        String realm = realmFile.get("realm").asText();
        assertEquals("science", realm);
        ADMIN.createRealm((ObjectNode) realmFile);
        try {
            String api = SERVER.baseUrl() + "/realms/" + realm + "/gateway-access";
            JsonNode declared = Http.JSON.readTree(
                    realmFile.get("attributes").get("gatewayAccess.pools").asText());
            JsonNode pools = Http.get(api + "/pools", admin).json();
            assertEquals(declared.size(), pools.size(), pools::toString);
            for (JsonNode body : declared) {
                JsonNode pool = null;
                for (JsonNode candidate : pools) {
                    pool = candidate.get("name").equals(body.get("name")) ? candidate : pool;
                }
                assertTrue(pool != null, () -> "declared pool " + body + " in " + pools);
                assertEquals("declaration", pool.get("source").asText(), pool::toString);
                assertEquals(
                        body.path("description").asText(null),
                        pool.get("description").asText(null),
                        pool::toString);
                assertEquals(
                        body.path("identityProvider").asText(null),
                        pool.get("identityProvider").asText(null),
                        pool::toString);
            }
            JsonNode declaredConfig = Http.JSON.readTree(
                    realmFile.get("attributes").get("gatewayAccess.config").asText());
            JsonNode scienceConfig = Http.get(api + "/config", admin).json();
            assertEquals(
                    declaredConfig.get("discovery").get("poolsDiscoverable"),
                    scienceConfig.get("discovery").get("poolsDiscoverable"));
            assertEquals(declaredConfig.get("identityProviderMappings"), scienceConfig.get("identityProviderMappings"));
            // the page's own documented refusal: the pools declared with the provider misspelt
            assertEquals(
                    example.get("identityProviderMappings"),
                    scienceConfig.get("identityProviderMappings"),
                    "the configuration document's example mapping is the realm file's");
            String refusal = DocExamples.find(asCode, "the contract's error body,\\s*`(\\{\"error\".*?})`");
            ObjectNode update = (ObjectNode) ADMIN.realm(realm);
            String typo = realmFile
                    .get("attributes")
                    .get("gatewayAccess.pools")
                    .asText()
                    .replace("\"partner-idp\"", "\"partner-idpp\"");
            ((ObjectNode) update.get("attributes")).put("gatewayAccess.pools", typo);
            Http.Result refused = Http.put(SERVER.baseUrl() + "/admin/realms/" + realm, admin, update);
            assertEquals(400, refused.status(), refused::toString);
            assertEquals(Http.JSON.readTree(refusal), refused.json(), "the refusal the page shows");
            assertEquals(pools, Http.get(api + "/pools", admin).json(), "nothing of the refused update is kept");

            // The Terraform example, as the HTTP request its keycloak_realm sends (no Terraform here): the realm
            // updated
            // with the attributes jsonencode gives (keys sorted, compact); read back unchanged, so a plan stays empty.
            String hcl = configuration.blocks(asCode, "hcl").get(0);
            assertTrue(hcl.contains("realm   = \"" + realm + "\""), hcl);
            Map<String, String> encoded = jsonencodedAttributes(hcl);
            assertEquals(java.util.Set.of("gatewayAccess.config", "gatewayAccess.pools"), encoded.keySet(), hcl);
            ObjectNode terraform = (ObjectNode) ADMIN.realm(realm);
            encoded.forEach(((ObjectNode) terraform.get("attributes"))::put);
            Http.Result applied = Http.put(SERVER.baseUrl() + "/admin/realms/" + realm, admin, terraform);
            assertEquals(204, applied.status(), applied::toString);
            JsonNode readBack = ADMIN.realm(realm).get("attributes");
            encoded.forEach((name, value) ->
                    assertEquals(value, readBack.get(name).asText(), "the attribute " + name + " as written"));
            JsonNode terraformPools = Http.get(api + "/pools", admin).json();
            JsonNode declaredByTerraform = Http.JSON.readTree(encoded.get("gatewayAccess.pools"));
            assertEquals(declaredByTerraform.size(), terraformPools.size(), terraformPools::toString);
            assertEquals(
                    declaredByTerraform.get(0).get("name"),
                    terraformPools.get(0).get("name"),
                    terraformPools::toString);
            assertEquals(
                    declaredByTerraform.get(0).get("description"),
                    terraformPools.get(0).get("description"),
                    terraformPools::toString);
            assertEquals(
                    false,
                    Http.get(api + "/config", admin)
                            .json()
                            .get("discovery")
                            .get("poolsDiscoverable")
                            .asBoolean());
        } finally {
            ADMIN.deleteRealm(realm);
        }

        // "Token claims": the page's mapper JSON added to the demo's gateway-cli; gwadmin's token carries the groups
        // the table shows.
        String claims = configuration.section("## Token claims");
        JsonNode mapper =
                Http.JSON.readTree(configuration.blocks(claims, "json").get(0));
        String groupsExample = DocExamples.find(claims, "\\| `gateway_groups` \\|[^|]*?`(\\[[^`]*])`");
        String clients = SERVER.baseUrl() + "/admin/realms/demo/clients";
        String cli = Http.get(clients + "?clientId=gateway-cli", admin)
                .json()
                .get(0)
                .get("id")
                .asText();
        Http.Result added = Http.post(clients + "/" + cli + "/protocol-mappers/models", admin, mapper);
        assertEquals(201, added.status(), added::toString);
        try {
            JsonNode access = payload(ADMIN.passwordToken("demo", "gateway-cli", "gwadmin", "gwadmin-demo"));
            assertEquals(
                    Http.JSON.readTree(groupsExample),
                    access.get(mapper.get("config")
                            .get("gateway.groups.claim.name")
                            .asText()),
                    access::toString);
            JsonNode poolsClaim = access.get(
                    mapper.get("config").get("gateway.pools.claim.name").asText());
            assertTrue(poolsClaim != null && poolsClaim.isArray(), access::toString);
        } finally {
            String location = added.header("Location");
            assertEquals(204, Http.delete(location, admin).status());
        }

        // "Access console": the page and its headers exactly as "Served with" lists them; …/console redirects to
        // …/console/.
        DocExamples apiPage = DocExamples.page("docs/api.md");
        String console = apiPage.section("## Access console");
        String csp = DocExamples.find(console, "\\*\\*Served with\\*\\* `Content-Security-Policy: ([^`]*)`");
        String consoleUrl = SERVER.baseUrl() + "/realms/demo/gateway-access/console/";
        Http.Result page = Http.request("GET", URI.create(consoleUrl), List.of(), null);
        assertEquals(200, page.status(), page::toString);
        assertEquals(csp, page.header("Content-Security-Policy"));
        assertEquals(DocExamples.find(console, "`X-Frame-Options: ([^`]*)`"), page.header("X-Frame-Options"));
        assertEquals(DocExamples.find(console, "`Referrer-Policy: ([^`]*)`"), page.header("Referrer-Policy"));
        assertEquals(DocExamples.find(console, "the\\s+page `Cache-Control: ([^`]*)`"), page.header("Cache-Control"));
        assertTrue(console.contains("`…/console` redirects to `…/console/`"), "the page says where …/console goes");
        Http.Result bare =
                Http.request("GET", URI.create(consoleUrl.substring(0, consoleUrl.length() - 1)), List.of(), null);
        assertEquals(3, bare.status() / 100, bare::toString);
        assertTrue(bare.header("Location").endsWith("/realms/demo/gateway-access/console/"), bare::toString);

        // The AuthZEN metadata row of the endpoint table: public, with the fields it names, each endpoint one of the
        // table's.
        String endpoints = apiPage.section("## Endpoints");
        String row = DocExamples.find(endpoints, "(\\| `GET /\\.well-known/authzen-configuration` \\|[^\\n]*)");
        assertTrue(row.contains("| anyone, no token |"), row);
        String pdp = SERVER.baseUrl() + "/realms/demo/gateway-access";
        Http.Result metadata =
                Http.request("GET", URI.create(pdp + "/.well-known/authzen-configuration"), List.of(), null);
        assertEquals(200, metadata.status(), metadata::toString);
        Matcher field = Pattern.compile("`([a-z_]+)`").matcher(row.substring(row.indexOf("metadata")));
        int fields = 0;
        while (field.find()) {
            String name = field.group(1);
            JsonNode value = metadata.json().get(name);
            assertTrue(value != null && value.isTextual(), () -> name + " in " + metadata);
            if (name.equals("policy_decision_point")) {
                assertEquals(pdp, value.asText());
            } else {
                String path = value.asText().startsWith(pdp) ? value.asText().substring(pdp.length()) : value.asText();
                assertTrue(
                        endpoints.contains("| `POST " + path + "` |"),
                        () -> name + " = " + value + " is not a row of the table");
            }
            fields++;
        }
        assertEquals(6, fields, row);

        // "Uninstall": the admin console's components the page tells an operator to look up, by the types and providers
        // it names.
        String uninstall = DocExamples.page("docs/operations.md").section("## Uninstall");
        Matcher lookup = Pattern.compile(
                        "`(?:GET /admin/realms/\\{realm}/components|…)\\?type=([A-Za-z.]+)`,\\s+provider `([^`]+)`")
                .matcher(uninstall);
        int lookups = 0;
        while (lookup.find()) {
            String type = lookup.group(1);
            String provider = lookup.group(2);
            JsonNode components = Http.get(SERVER.baseUrl() + "/admin/realms/demo/components?type=" + type, admin)
                    .json();
            assertTrue(components.size() > 0, () -> "the demo realm has components of " + type);
            components.forEach(c -> assertEquals(provider, c.get("providerId").asText(), c::toString));
            lookups++;
        }
        assertEquals(2, lookups, "the page names the tab's and the page's components: " + uninstall);
    }

    /**
     * The {@code "name" = jsonencode(…)} attributes of the page's {@code keycloak_realm}, encoded as Terraform's
     * jsonencode does: HCL's {@code key = value} objects and lists read as JSON, written compact with keys sorted.
     */
    private static Map<String, String> jsonencodedAttributes(String hcl) throws Exception {
        Map<String, String> attributes = new java.util.TreeMap<>();
        Matcher start = Pattern.compile("\"([^\"]+)\"\\s*=\\s*jsonencode\\(").matcher(hcl);
        com.fasterxml.jackson.databind.ObjectMapper sorted = new com.fasterxml.jackson.databind.ObjectMapper()
                .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
        while (start.find()) {
            int depth = 1;
            int at = start.end();
            while (depth > 0) {
                char c = hcl.charAt(at++);
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            }
            String expression = hcl.substring(start.end(), at - 1);
            assertTrue(
                    !expression.contains("${") && !expression.contains("var."),
                    () -> "an HCL expression the test cannot read: " + expression);
            String json = expression
                    .replaceAll("\\b([A-Za-z_][A-Za-z0-9_]*)\\s*=", "\"$1\":")
                    .replaceAll(",\\s*([\\]}])", "$1");
            Object value = Http.JSON.readValue(json, Object.class);
            attributes.put(start.group(1), sorted.writeValueAsString(value));
        }
        return attributes;
    }

    private static java.util.Set<String> fieldNames(JsonNode node) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode payload(String jwt) throws Exception {
        String[] parts = jwt.split("\\.");
        assertEquals(3, parts.length, "a signed JWT");
        return Http.JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }

    private static ObjectNode demoRealm(String file) throws Exception {
        Path path = ItSettings.projectRoot().resolve("provider/src/demo/realms").resolve(file);
        String json = Files.readString(path).replace("http://localhost:8080", SERVER.baseUrl());
        return (ObjectNode) Http.JSON.readTree(json);
    }
}
