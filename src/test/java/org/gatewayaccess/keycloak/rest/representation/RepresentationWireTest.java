package org.gatewayaccess.keycloak.rest.representation;

import org.gatewayaccess.keycloak.json.Json;
import org.junit.jupiter.api.Test;
import org.keycloak.util.JsonSerialization;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The records write exactly the JSON the maps they replaced wrote: names, order, and which nulls are written. Admin
 * events write representations with Keycloak's own mapper (which leaves nulls out by default), so the records that are
 * admin event representations are checked with it too.
 */
class RepresentationWireTest {

    @Test
    void checkAndAuthZenAnswers() {
        assertEquals("{\"allowed\":true}", Json.write(Json.writerFor(CheckResult.class), CheckResult.of(true)));
        assertEquals("{\"results\":[{\"allowed\":false},{\"allowed\":true}]}",
            Json.write(new CheckBatchResult(List.of(CheckResult.DENIED, CheckResult.ALLOWED))));
        assertEquals("{\"decision\":true}", Json.write(AuthZen.Decision.PERMIT));
        assertEquals("{\"evaluations\":[{\"decision\":false}]}", Json.write(new AuthZen.Decisions(List.of(AuthZen.Decision.DENY))));
        assertEquals("{\"results\":[{\"type\":\"user\",\"id\":\"u-1\"}],\"page\":{\"next_token\":\"\",\"count\":1}}",
            Json.write(new AuthZen.SearchResult<>(List.of(AuthZen.Subject.user("u-1")), new AuthZen.Page("", 1))));
        assertEquals("{\"results\":[{\"name\":\"view\"}],\"page\":{\"next_token\":\"t\",\"count\":1}}",
            Json.write(new AuthZen.SearchResult<>(List.of(new AuthZen.Action("view")), new AuthZen.Page("t", 1))));
        assertEquals("{\"error\":\"forbidden\",\"errorMessage\":\"No.\"}", Json.write(new ErrorBody("forbidden", "No.")));
    }

    @Test
    void requestsLeaveOutWhatIsNotSet() {
        assertEquals("{\"resourceType\":\"pool\",\"resourceId\":\"p\",\"permission\":\"view\"}",
            Json.write(new CheckRequest(null, "pool", "p", "view")));
        assertEquals("{\"subject\":{\"type\":\"user\"},\"resource\":{\"type\":\"pool\",\"id\":\"p\"},\"action\":{\"name\":\"view\"}}",
            Json.write(new AuthZen.SearchRequest(new AuthZen.Subject("user", null), new AuthZen.Resource("pool", "p"),
                new AuthZen.Action("view"), null, null)));
    }

    /** What Keycloak's mapper writes for an admin event's representation equals what the API answers. */
    static void sameInAdminEvents(Object representation) throws Exception {
        assertEquals(Json.write(representation), JsonSerialization.writeValueAsString(representation));
    }
}
