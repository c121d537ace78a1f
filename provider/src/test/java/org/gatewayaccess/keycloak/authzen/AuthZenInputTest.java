package org.gatewayaccess.keycloak.authzen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.model.Permission;
import org.gatewayaccess.keycloak.representation.AuthZen;
import org.junit.jupiter.api.Test;

class AuthZenInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(Object value) {
        return JSON.valueToTree(value);
    }

    private static GatewayAccessException refused(Runnable r) {
        GatewayAccessException e = assertThrows(GatewayAccessException.class, r::run);
        assertEquals(400, e.status());
        return e;
    }

    @Test
    void theSpecsShapesMapOntoTheCheck() {
        assertEquals(
                "u-1",
                AuthZenInput.subject(
                        json(Map.of("type", "user", "id", "u-1", "properties", Map.of("department", "x"))),
                        "subject",
                        true));
        assertNull(
                AuthZenInput.subject(json(Map.of("type", "user")), "subject", false), "a subject search needs no id");
        assertNull(
                AuthZenInput.subject(json(Map.of("type", "user", "id", "u-1")), "subject", false), "and ignores one");
        assertEquals(
                new AuthZen.Resource("pool", "p-1"),
                AuthZenInput.resource(json(Map.of("type", "pool", "id", "p-1")), "resource", true));
        assertEquals(
                new AuthZen.Resource("dataset", null),
                AuthZenInput.resource(json(Map.of("type", "dataset")), "resource", false));
        assertEquals(
                Permission.EDIT,
                AuthZenInput.action(json(Map.of("name", "edit", "properties", Map.of("method", "PUT"))), "action"));
    }

    @Test
    void refusalsNameTheFieldByItsPath() {
        GatewayAccessException group = refused(
                () -> AuthZenInput.subject(json(Map.of("type", "group", "id", "g")), "evaluations[1].subject", true));
        assertEquals("unsupported_subject_type", group.code());
        assertTrue(group.getMessage().contains("evaluations[1].subject.type"), group.getMessage());
        assertEquals(
                "unknown_field",
                refused(() -> AuthZenInput.subject(
                                json(Map.of("type", "user", "id", "u", "email", "e")), "subject", true))
                        .code());
        assertTrue(refused(() -> AuthZenInput.action(json(Map.of("name", "view", "id", "x")), "action"))
                .getMessage()
                .contains("'action.id'"));
        assertEquals(
                "missing_field",
                refused(() -> AuthZenInput.subject(json(Map.of("type", "user")), "subject", true))
                        .code());
        assertEquals(
                "missing_field",
                refused(() -> AuthZenInput.subject(null, "subject", true)).code());
        assertEquals(
                "invalid_type",
                refused(() -> AuthZenInput.subject(json("user"), "subject", true))
                        .code());
        assertEquals(
                "invalid_type",
                refused(() -> AuthZenInput.resource(json(Map.of("type", "pool", "id", 5)), "resource", true))
                        .code());
        assertTrue(refused(() -> AuthZenInput.resource(json(Map.of("type", "pool", "id", 5)), "resource", true))
                .getMessage()
                .contains("'resource.id'"));
        assertEquals(
                "invalid_type",
                refused(() -> AuthZenInput.action(json(Map.of("name", "view", "properties", List.of())), "action"))
                        .code());
        assertEquals(
                "invalid_type",
                refused(() -> AuthZenInput.context(json(List.of()), "context")).code());
        assertEquals(
                "invalid_value",
                refused(() -> AuthZenInput.action(json(Map.of("name", "can_read")), "action"))
                        .code());
        assertEquals(
                "invalid_value",
                refused(() -> AuthZenInput.action(json(Map.of("name", "View")), "action"))
                        .code());
        assertEquals(
                "invalid_value",
                refused(() -> AuthZenInput.resource(json(Map.of("type", "Pool", "id", "p")), "resource", true))
                        .code());
        assertEquals(
                "invalid_value",
                refused(() -> AuthZenInput.subject(json(Map.of("type", "user", "id", "a/../b")), "subject", true))
                        .code());
    }
}
