package org.gatewayaccess.keycloak.authzen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.model.Ids;
import org.junit.jupiter.api.Test;

class SearchPageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> QUERY = List.of("user-1", "dataset", "view");

    private static SearchPage read(Object page, List<String> query) {
        JsonNode node = page == null ? null : JSON.valueToTree(page);
        return SearchPage.of(SearchPage.request(node), "resource", query, Ids::isValidResourceId);
    }

    @Test
    void aNextTokenLeadsToThePageAfterItsKeyAndTheLastPageSaysSoWithAnEmptyToken() {
        SearchPage first = read(Map.of("limit", 2), QUERY);
        assertEquals(2, first.limit());
        assertNull(first.after());
        String token = first.nextToken("d-2", true);
        SearchPage second = read(Map.of("limit", 2, "token", token), QUERY);
        assertEquals("d-2", second.after());
        assertEquals("", second.nextToken("d-3", false));
        assertEquals(SearchPage.DEFAULT_LIMIT, read(null, QUERY).limit());
        assertNull(read(Map.of("token", ""), QUERY).after(), "the empty token starts over");
    }

    @Test
    void aTokenOfAnotherQueryOrNotOursIsA400NotAnException() {
        String token = read(null, QUERY).nextToken("d-1", true);
        GatewayAccessException other = assertThrows(
                GatewayAccessException.class, () -> read(Map.of("token", token), List.of("user-2", "dataset", "view")));
        assertEquals(400, other.status());
        assertEquals("invalid_page_token", other.code());
        for (String bad : List.of(
                "!!",
                "bm90IGEgdG9rZW4",
                tampered(token),
                "x".repeat(3000),
                Base64.getUrlEncoder().encodeToString("g1:resource:abc:../x".getBytes(StandardCharsets.UTF_8)),
                Base64.getUrlEncoder().encodeToString("g1:subject:abc:d-1".getBytes(StandardCharsets.UTF_8)))) {
            GatewayAccessException e =
                    assertThrows(GatewayAccessException.class, () -> read(Map.of("token", bad), QUERY), bad);
            assertEquals("invalid_page_token", e.code(), bad);
        }
    }

    /** One character of the fingerprint changed (position 20 lies in it for every kind). */
    static String tampered(String token) {
        char c = token.charAt(20);
        return token.substring(0, 20) + (c == 'A' ? 'B' : 'A') + token.substring(21);
    }

    @Test
    void limitsOutsideOneToAThousandAndWrongTypesAreRefused() {
        for (Object limit : List.of(0, -1, 1001, 2.5, "2", true, 10_000_000_000L)) {
            GatewayAccessException e =
                    assertThrows(GatewayAccessException.class, () -> read(Map.of("limit", limit), QUERY));
            assertEquals(400, e.status(), String.valueOf(limit));
        }
        assertEquals(1000, read(Map.of("limit", 1000), QUERY).limit());
        assertEquals(
                "unknown_field",
                assertThrows(GatewayAccessException.class, () -> read(Map.of("size", 1), QUERY))
                        .code());
        assertEquals(
                "invalid_type",
                assertThrows(GatewayAccessException.class, () -> read(List.of(), QUERY))
                        .code());
    }

    @Test
    void semanticsStopAfterTheFirstDenyOrPermit() {
        assertEquals(false, EvaluationsSemantic.EXECUTE_ALL.stopsAfter(false));
        assertEquals(false, EvaluationsSemantic.EXECUTE_ALL.stopsAfter(true));
        assertEquals(true, EvaluationsSemantic.DENY_ON_FIRST_DENY.stopsAfter(false));
        assertEquals(false, EvaluationsSemantic.DENY_ON_FIRST_DENY.stopsAfter(true));
        assertEquals(true, EvaluationsSemantic.PERMIT_ON_FIRST_PERMIT.stopsAfter(true));
        assertEquals(false, EvaluationsSemantic.PERMIT_ON_FIRST_PERMIT.stopsAfter(false));
        assertEquals(
                400,
                assertThrows(GatewayAccessException.class, () -> EvaluationsSemantic.fromWire("Execute_All"))
                        .status());
    }
}
