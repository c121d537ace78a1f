package org.gatewayaccess.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Bad input answers 400 with the contract's JSON error and changes nothing. */
class BadInputIT extends RealKeycloakTest {

    private static final String LONG_NAME = "n".repeat(256);

    private static GatewayRealm gw;
    private static String poolId;

    @BeforeAll
    static void realm() {
        gw = GatewayRealm.create(ADMIN, "bad-input");
        poolId = Http.post(gw.api() + "/pools", gw.gatewayAdminToken(), GatewayRealm.pool("original", GatewayRealm.PARTNER_IDP))
            .json().get("id").asText();
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
    @ValueSource(strings = {"abc", "..%2F..%2Fadmin", "%22%3Bdrop", "00000000-0000-0000-0000-00000000000Z", "%E2%80%AE"})
    void anIdThatCannotBeAPoolIdIs400(String id) {
        String token = gw.gatewayAdminToken();
        for (Http.Result r : new Http.Result[]{Http.get(gw.api() + "/pools/" + id, token),
            Http.put(gw.api() + "/pools/" + id, token, GatewayRealm.pool("x", null)),
            Http.delete(gw.api() + "/pools/" + id, token),
            Http.get(gw.api() + "/pools/" + id + "/viewers", token)}) {
            assertError(400, "invalid_id", r);
            assertFalse(r.body().contains("Exception"), r::toString);
        }
    }

    static Stream<String> invalidUserIds() {
        return Stream.of("..%2F..", "a%20b", "%27quoted%27", "x".repeat(256));
    }

    @ParameterizedTest
    @MethodSource("invalidUserIds")
    void anInvalidUserIdIs400AndAnUnknownOneIs404(String userId) {
        String token = gw.gatewayAdminToken();
        assertError(400, "invalid_id", Http.put(gw.api() + "/pools/" + poolId + "/viewers/" + userId, token, null));
        assertError(404, "user_not_found",
            Http.put(gw.api() + "/pools/" + poolId + "/viewers/00000000-0000-0000-0000-000000000000", token, null));
        assertEquals(0, Http.get(gw.api() + "/pools/" + poolId + "/viewers", token).json().size());
    }
}
