package org.gatewayaccess.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.gatewayaccess.it.support.Sql;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input answers 400 with the contract's JSON error and changes nothing. */
class BadInputIT extends RealKeycloakTest {

    private static final String LONG_NAME = "n".repeat(256);

    private static GatewayRealm gw;
    private static String poolId;

    @BeforeAll
    static void realm() {
        gw = GatewayRealm.create(ADMIN, "bad-input");
        poolId = Http.post(
                        gw.api() + "/pools",
                        gw.gatewayAdminToken(),
                        GatewayRealm.pool("original", GatewayRealm.PARTNER_IDP))
                .json()
                .get("id")
                .asText();
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("{", "malformed_json"),
                Arguments.of("{\"name\": \"a\"} trailing", "malformed_json"),
                Arguments.of("{\"name\": \"a\", \"name\": \"b\"}", "malformed_json"),
                Arguments.of("", "invalid_request"),
                Arguments.of("[]", "invalid_request"),
                Arguments.of("\"just a string\"", "invalid_request"),
                Arguments.of("null", "invalid_request"),
                Arguments.of("{}", "missing_field"),
                Arguments.of("{\"name\": null}", "missing_field"),
                Arguments.of("{\"name\": 123}", "invalid_type"),
                Arguments.of("{\"name\": true}", "invalid_type"),
                Arguments.of("{\"name\": [\"a\"]}", "invalid_type"),
                Arguments.of("{\"name\": {\"a\": 1}}", "invalid_type"),
                Arguments.of("{\"name\": \"   \"}", "invalid_value"),
                Arguments.of("{\"name\": \"" + LONG_NAME + "\"}", "too_long"),
                Arguments.of("{\"name\": \"ok\", \"description\": \"" + "d".repeat(4001) + "\"}", "too_long"),
                Arguments.of("{\"name\": \"ok\", \"description\": 5}", "invalid_type"),
                Arguments.of("{\"name\": \"ok\", \"identityProvider\": 5}", "invalid_type"),
                Arguments.of("{\"name\": \"ok\", \"identityProvider\": \"" + LONG_NAME + "\"}", "too_long"),
                Arguments.of("{\"name\": \"bell\\u0007\"}", "invalid_value"),
                Arguments.of("{\"name\": \"ok\", \"identityprovider\": \"partner-idp\"}", "unknown_field"),
                Arguments.of("{\"name\": \"ok\", \"id\": \"00000000-0000-0000-0000-000000000000\"}", "invalid_value"));
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void aBadPoolBodyIsRefusedOnCreateAndReplaceAndChangesNothing(String body, String code) {
        String token = gw.gatewayAdminToken();
        JsonNode before = Http.get(gw.api() + "/pools", token).json();

        assertError(400, code, Http.post(gw.api() + "/pools", token, body));
        assertError(400, code, Http.put(gw.api() + "/pools/" + poolId, token, body));

        assertEquals(before, Http.get(gw.api() + "/pools", token).json());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"abc", "..%2F..%2Fadmin", "%22%3Bdrop", "00000000-0000-0000-0000-00000000000Z", "%E2%80%AE"})
    void anIdThatCannotBeAPoolIdIs400(String id) {
        String token = gw.gatewayAdminToken();
        for (Http.Result r : new Http.Result[] {
            Http.get(gw.api() + "/pools/" + id, token),
            Http.put(gw.api() + "/pools/" + id, token, GatewayRealm.pool("x", null)),
            Http.delete(gw.api() + "/pools/" + id, token),
            Http.get(gw.api() + "/pools/" + id + "/viewers", token)
        }) {
            assertError(400, "invalid_id", r);
            assertFalse(r.body().contains("Exception"), r::toString);
        }
    }

    /** Found by FuzzIT: Keycloak's header helper threw its own NotAuthorizedException for these, which became a 500. */
    static Stream<Arguments> badAuthorizationHeaders() {
        return Stream.of(
                Arguments.of(List.of("Basic YTpi")),
                Arguments.of(List.of("Bearer")),
                Arguments.of(List.of("Bearer ")),
                Arguments.of(List.of("no-scheme-at-all")),
                Arguments.of(List.of("Bearer " + gw.gatewayAdminToken(), "Bearer " + gw.gatewayAdminToken())));
    }

    @ParameterizedTest
    @MethodSource("badAuthorizationHeaders")
    void anAuthorizationHeaderThatIsNotOneBearerTokenIs401WithTheContractsBody(List<String> values) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        values.forEach(v -> headers.add(Map.entry("Authorization", v)));
        headers.add(Map.entry("Accept", "application/json"));
        Http.Result r = Http.request("GET", URI.create(gw.api() + "/me"), headers, null);
        assertError(401, "unauthorized", r);
        assertEquals("Bearer realm=\"" + gw.name() + "\"", r.header("WWW-Authenticate"));
    }

    /** Found by FuzzIT: an empty {@code ?dryRun=} reached JAX-RS as an absent parameter and started a real (not dry) sync. */
    @ParameterizedTest
    @ValueSource(strings = {"dryRun=", "dryRun", "dryRun=true&dryRun=false", "dryRun=TRUE", "dryRun=yes"})
    void aDryRunFlagThatIsNotOneTrueOrFalseIs400AndStartsNoJob(String query) {
        long jobs = Sql.count(SERVER.db(), "SELECT COUNT(*) FROM GA_JOB");
        assertError(400, "invalid_value", Http.post(gw.api() + "/sync?" + query, gw.gatewayAdminToken(), null));
        assertError(
                400,
                "invalid_value",
                Http.post(gw.api() + "/migrations/roles-to-groups?" + query, gw.gatewayAdminToken(), null));
        assertEquals(jobs, Sql.count(SERVER.db(), "SELECT COUNT(*) FROM GA_JOB"));
    }

    /** A cursor is the base64url of an id this API returned; any other (here one holding a NUL) is refused before a query. */
    @ParameterizedTest
    @ValueSource(strings = {"YQBi", "Li4", "JyBPUiAnMSc9JzE", "_-_-", "!!"})
    void aCursorThisApiDidNotReturnIs400(String cursor) {
        assertError(
                400,
                "invalid_value",
                Http.get(gw.api() + "/resources/dataset?cursor=" + cursor, gw.gatewayAdminToken()));
    }

    /** Found by FuzzIT: below these endpoints an unknown path answered Keycloak's {"error":"HTTP 404 Not Found"}. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "/groups/a/b/members/c",
                "/groups/a",
                "/users/a/b/pending",
                "/users/a",
                "/config/x",
                "/sync/x",
                "/migrations/x",
                "/migrations/roles-to-groups/x",
                "/jobs/00000000-0000-0000-0000-000000000000/x"
            })
    void anUnknownPathBelowAnEndpointIsTheContractsJson404(String path) {
        assertError(404, "not_found", Http.get(gw.api() + path, gw.gatewayAdminToken()));
        assertError(404, "not_found", Http.delete(gw.api() + path, gw.gatewayAdminToken()));
    }

    static Stream<String> invalidUserIds() {
        return Stream.of("..%2F..", "a%20b", "%27quoted%27", "x".repeat(256));
    }

    @ParameterizedTest
    @MethodSource("invalidUserIds")
    void anInvalidUserIdIs400AndAnUnknownOneIs404(String userId) {
        String token = gw.gatewayAdminToken();
        assertError(400, "invalid_id", Http.put(gw.api() + "/pools/" + poolId + "/viewers/" + userId, token, null));
        assertError(
                404,
                "user_not_found",
                Http.put(gw.api() + "/pools/" + poolId + "/viewers/00000000-0000-0000-0000-000000000000", token, null));
        assertEquals(
                0,
                Http.get(gw.api() + "/pools/" + poolId + "/viewers", token)
                        .json()
                        .size());
    }
}
