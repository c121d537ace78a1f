package org.gatewayaccess.keycloak.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{|malformed_json",
                "{\"a\":1} {}|malformed_json",
                "{\"a\":1,\"a\":2}|malformed_json",
                "[1]|invalid_request",
                "42|invalid_request",
                "'   '|invalid_request"
            })
    void bodiesThatAreNotOneJsonObjectAreRefused(String body, String code) {
        GatewayAccessException e = assertThrows(GatewayAccessException.class, () -> Json.object(body));
        assertEquals(400, e.status());
        assertEquals(code, e.code());
    }

    @Test
    void stringFieldsAreNeverCoerced() {
        ObjectNode body = Json.object("{\"n\": 5, \"b\": false, \"s\": \"ok\", \"z\": null}");
        assertEquals(
                "invalid_type",
                assertThrows(GatewayAccessException.class, () -> Json.optionalString(body, "n", 10))
                        .code());
        assertEquals(
                "invalid_type",
                assertThrows(GatewayAccessException.class, () -> Json.optionalString(body, "b", 10))
                        .code());
        assertEquals("ok", Json.requiredString(body, "s", 10));
        assertNull(Json.optionalString(body, "z", 10));
        assertNull(Json.optionalString(body, "absent", 10));
        assertEquals(
                "missing_field",
                assertThrows(GatewayAccessException.class, () -> Json.requiredString(body, "z", 10))
                        .code());
    }

    @Test
    void lengthIsCheckedInCharactersAndControlCharactersAreRefused() {
        assertEquals(
                "ü".repeat(255), Json.requiredString(Json.object("{\"n\": \"" + "ü".repeat(255) + "\"}"), "n", 255));
        assertEquals(
                "too_long",
                assertThrows(
                                GatewayAccessException.class,
                                () -> Json.requiredString(
                                        Json.object("{\"n\": \"" + "a".repeat(256) + "\"}"), "n", 255))
                        .code());
        assertEquals(
                "invalid_value",
                assertThrows(
                                GatewayAccessException.class,
                                () -> Json.requiredString(Json.object("{\"n\": \"a\\u0000b\"}"), "n", 255))
                        .code());
        assertEquals(
                "line one\nline two", Json.requiredString(Json.object("{\"n\": \"line one\\nline two\"}"), "n", 255));
    }

    @Test
    void unknownFieldsAreNamedInTheRefusal() {
        GatewayAccessException e = assertThrows(
                GatewayAccessException.class,
                () -> Json.onlyFields(Json.object("{\"name\": \"x\", \"nmae\": \"y\"}"), Set.of("name")));
        assertEquals("unknown_field", e.code());
        assertEquals("Unknown field 'nmae'.", e.getMessage());
    }
}
