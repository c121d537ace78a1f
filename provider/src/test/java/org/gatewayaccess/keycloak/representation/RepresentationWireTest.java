package org.gatewayaccess.keycloak.representation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.gatewayaccess.keycloak.json.Json;
import org.junit.jupiter.api.Test;
import org.keycloak.util.JsonSerialization;

/**
 * The records write exactly the JSON the maps they replaced wrote: names, order, and which nulls are written. Admin
 * events write representations with Keycloak's own mapper, which leaves a map's nulls out: the records that are admin
 * event representations are checked as an admin event records them too.
 */
class RepresentationWireTest {

    @Test
    void checkAndAuthZenAnswers() {
        assertEquals("{\"allowed\":true}", Json.write(Json.writerFor(CheckAnswer.class), CheckAnswer.of(true)));
        assertEquals(
                "{\"results\":[{\"allowed\":false},{\"allowed\":true}]}",
                Json.write(new CheckBatchAnswer(List.of(CheckAnswer.DENIED, CheckAnswer.ALLOWED))));
        assertEquals("{\"decision\":true}", Json.write(AuthZen.Decision.PERMIT));
        assertEquals(
                "{\"evaluations\":[{\"decision\":false}]}",
                Json.write(new AuthZen.Decisions(List.of(AuthZen.Decision.DENY))));
        assertEquals(
                "{\"results\":[{\"type\":\"user\",\"id\":\"u-1\"}],\"page\":{\"next_token\":\"\",\"count\":1}}",
                Json.write(new AuthZen.SearchResult<>(List.of(AuthZen.Subject.user("u-1")), new AuthZen.Page("", 1))));
        assertEquals(
                "{\"results\":[{\"name\":\"view\"}],\"page\":{\"next_token\":\"t\",\"count\":1}}",
                Json.write(new AuthZen.SearchResult<>(List.of(new AuthZen.Action("view")), new AuthZen.Page("t", 1))));
        assertEquals(
                "{\"error\":\"forbidden\",\"errorMessage\":\"No.\"}", Json.write(new ErrorBody("forbidden", "No.")));
    }

    @Test
    void requestsLeaveOutWhatIsNotSet() {
        assertEquals(
                "{\"resourceType\":\"pool\",\"resourceId\":\"p\",\"permission\":\"view\"}",
                Json.write(new CheckRequest(null, "pool", "p", "view")));
        assertEquals(
                "{\"subject\":{\"type\":\"user\"},\"resource\":{\"type\":\"pool\",\"id\":\"p\"},\"action\":{\"name\":\"view\"}}",
                Json.write(new AuthZen.SearchRequest(
                        new AuthZen.Subject("user", null),
                        new AuthZen.Resource("pool", "p"),
                        new AuthZen.Action("view"),
                        null,
                        null)));
        assertEquals(
                "{\"subject\":{\"type\":\"user\",\"id\":\"u\"},\"resource\":{\"type\":\"pool\",\"id\":\"p\"},"
                        + "\"page\":{\"limit\":5}}",
                Json.write(new AuthZen.ActionSearchRequest(
                        AuthZen.Subject.user("u"),
                        new AuthZen.Resource("pool", "p"),
                        null,
                        new AuthZen.PageRequest(null, 5))));
        assertEquals(
                "{\"type\":\"t\",\"createdBy\":null}",
                Json.write(
                        new ResourceRegistration(Json.parse("\"t\"", "x"), null, Json.parse("null", "x"), null, null)),
                "a registration writes the values it holds, a JSON null too");
    }

    @Test
    void nullsAreWrittenWhereTheMapsWroteThemAndLeftOutWhereTheyLeftThemOut() throws Exception {
        Pool pool = new Pool("p", "n", null, null, "api", "1970-01-01T00:00:00Z");
        assertEquals(
                "{\"id\":\"p\",\"name\":\"n\",\"description\":null,\"identityProvider\":null,\"source\":\"api\","
                        + "\"createdAt\":\"1970-01-01T00:00:00Z\"}",
                Json.write(pool));
        assertEquals(
                "{\"id\":\"p\",\"name\":\"n\",\"source\":\"api\",\"createdAt\":\"1970-01-01T00:00:00Z\"}",
                adminEvent(pool));
        Job running = new Job("j", "sync", true, "running", 0, 5, new Job.Changes(1, 2, 3), "s", null, null, null);
        assertEquals(
                "{\"id\":\"j\",\"kind\":\"sync\",\"dryRun\":true,\"status\":\"running\",\"processed\":0,\"total\":5,"
                        + "\"changes\":{\"added\":1,\"removed\":2,\"kept\":3},\"startedAt\":\"s\",\"finishedAt\":null}",
                Json.write(running));
        assertEquals(
                "{\"id\":\"j\",\"kind\":\"sync\",\"dryRun\":true,\"status\":\"running\",\"processed\":0,\"total\":5,"
                        + "\"changes\":{\"added\":1,\"removed\":2,\"kept\":3},\"startedAt\":\"s\"}",
                adminEvent(running));
        Job failed = new Job(
                "j",
                "sync",
                false,
                "failed",
                0,
                0,
                new Job.Changes(0, 0, 0),
                "s",
                "f",
                Json.parse("{\"a\":[1]}", "x"),
                "boom");
        assertEquals(
                "{\"id\":\"j\",\"kind\":\"sync\",\"dryRun\":false,\"status\":\"failed\",\"processed\":0,\"total\":0,"
                        + "\"changes\":{\"added\":0,\"removed\":0,\"kept\":0},\"startedAt\":\"s\",\"finishedAt\":\"f\","
                        + "\"details\":{\"a\":[1]},\"error\":\"boom\"}",
                Json.write(failed));
        assertEquals("{\"userId\":\"u\",\"role\":\"r\"}", adminEvent(new GatewayRoleChange("u", "r", null)));
        assertEquals(
                "{\"userId\":\"u\",\"role\":\"r\",\"previousRole\":\"p\"}",
                adminEvent(new GatewayRoleChange("u", "r", "p")));
        assertEquals(
                "{\"userId\":\"u\",\"role\":\"r\",\"activated\":true}", adminEvent(new Activation("u", "r", true)));
        assertEquals(
                "{\"principal\":\"user:u\",\"permission\":\"view\",\"source\":\"admin\"}",
                adminEvent(new GrantChange("user:u", "view", "admin")));
        RegisteredResource shown = new RegisteredResource.WithCreator("t", "i", null, "c", List.of("view"));
        assertEquals(
                "{\"type\":\"t\",\"id\":\"i\",\"createdBy\":null,\"createdAt\":\"c\",\"permissions\":[\"view\"]}",
                Json.write(shown));
        assertEquals("{\"type\":\"t\",\"id\":\"i\",\"createdAt\":\"c\",\"permissions\":[\"view\"]}", adminEvent(shown));
        assertEquals(
                "{\"type\":\"t\",\"id\":\"i\",\"createdAt\":\"c\",\"permissions\":[]}",
                Json.write(new RegisteredResource.Shared("t", "i", "c", List.of())));
    }

    @Test
    void theConfigurationDocumentKeepsItsFieldsInOrderAndWritesAMissingDiscoveryGroupAsNull() throws Exception {
        Config config = new Config(
                new Config.GatewayGroups("/Admins", "/Read Only Admins", "/Gateway Users"),
                List.of("admin", "gateway-user"),
                List.of(new Config.RoleMapping("admin", "/Admins", "sync")),
                List.of(new Config.IdentityProviderMapping("partner-idp", "/Partners")),
                new Config.Discovery(true, null),
                new Config.PendingApproval(false, List.of()),
                true,
                false);
        String written = "{\"gatewayGroups\":{\"admins\":\"/Admins\",\"readOnlyAdmins\":\"/Read Only Admins\","
                + "\"users\":\"/Gateway Users\"},\"gatewayRoles\":[\"admin\",\"gateway-user\"],"
                + "\"roleMappings\":[{\"role\":\"admin\",\"group\":\"/Admins\",\"mode\":\"sync\"}],"
                + "\"identityProviderMappings\":[{\"identityProvider\":\"partner-idp\",\"group\":\"/Partners\"}],"
                + "\"discovery\":{\"poolsDiscoverable\":true,\"discoveryGroup\":null},"
                + "\"pendingApproval\":{\"enabled\":false,\"identityProviders\":[]},"
                + "\"adminPromotionRequiresRealmAdmin\":true,\"adminClientScopeRequired\":false}";
        assertEquals(written, Json.write(config), "GET /config, PUT /config and the realm attribute");
        assertEquals(
                written.replace(",\"discoveryGroup\":null", ""),
                adminEvent(config),
                "the admin event, whose mapper leaves the null out as it did for the map");
    }

    @Test
    void listsAndPages() {
        Source source = new Source("admin", null, "g");
        assertEquals(
                "[{\"principal\":\"user:u\",\"userId\":\"u\",\"username\":null,\"permission\":\"view\","
                        + "\"sources\":[{\"source\":\"admin\",\"grantedBy\":null,\"grantedAt\":\"g\"}]},"
                        + "{\"principal\":\"group:g\",\"groupPath\":\"/G\",\"permission\":\"edit\",\"sources\":[]}]",
                Json.write(List.<GrantHolder>of(
                        new GrantHolder.User("user:u", "u", null, "view", List.of(source)),
                        new GrantHolder.Group("group:g", "/G", "edit", List.of()))));
        assertEquals("{\"ids\":[\"a\"],\"next\":null}", Json.write(new ResourcePage(List.of("a"), null)));
        assertEquals(
                "{\"id\":\"g\",\"name\":\"G\",\"path\":\"/G\",\"systemRole\":null,\"memberCount\":2}",
                Json.write(new GatewayGroup("g", "G", "/G", null, 2)));
        assertEquals(
                "{\"principal\":\"user:u\",\"userId\":\"u\",\"username\":\"n\",\"sources\":[]}",
                Json.write(new GroupMember("user:u", "u", "n", List.of())));
        assertEquals("{\"sources\":[\"link:idp\"]}", Json.write(new RemainingSources(List.of("link:idp"))));
        assertEquals(
                "{\"userId\":\"u\",\"username\":\"n\",\"email\":null,\"identityProvider\":null,\"createdAt\":\"c\"}",
                Json.write(new PendingUser("u", "n", null, null, "c")));
        assertEquals(
                "{\"userId\":\"u\",\"username\":\"n\",\"gatewayRole\":null,\"groups\":[{\"id\":\"g\",\"path\":\"/G\","
                        + "\"sources\":[]}],\"pools\":[{\"id\":\"p\",\"name\":\"P\",\"permissions\":[\"view\"]}],"
                        + "\"resources\":{\"dataset\":{\"d\":[\"view\"]}},\"truncated\":false,\"truncatedTypes\":[]}",
                Json.write(new Me(
                        "u",
                        "n",
                        null,
                        List.of(new Me.Group("g", "/G", List.of())),
                        List.of(new Me.PoolAccess("p", "P", List.of("view"))),
                        Map.of("dataset", Map.of("d", List.of("view"))),
                        false,
                        List.of())));
    }

    /**
     * What an admin event records ({@code AdminEvents}, {@code AutomaticAdminEvents}: Keycloak's mapper, given
     * {@link Json#asMap}): the body without its nulls, as it recorded the maps the records replaced.
     */
    private static String adminEvent(Object representation) throws Exception {
        java.util.Map<String, Object> before = new java.util.LinkedHashMap<>();
        before.put("kept", 1);
        before.put("left out", null);
        assertEquals(
                "{\"kept\":1}",
                JsonSerialization.writeValueAsString(before),
                "Keycloak's mapper leaves a map's nulls out");
        return JsonSerialization.writeValueAsString(Json.asMap(representation));
    }
}
