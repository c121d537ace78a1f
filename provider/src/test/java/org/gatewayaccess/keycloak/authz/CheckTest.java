package org.gatewayaccess.keycloak.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.model.Permission;
import org.junit.jupiter.api.Test;

class CheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsACheckAboutTheCallerOrAnotherUser() throws Exception {
        Check self = Check.fromJson(
                JSON.readTree("{\"resourceType\":\"dataset\",\"resourceId\":\"d-1\",\"permission\":\"edit\"}"), "");
        assertNull(self.userId());
        assertEquals(Permission.EDIT, self.permission());
        Check other = Check.fromJson(
                JSON.readTree(
                        "{\"userId\":\"0b7c4c6e-4b43-4c57-9a51-0d1f2f9e0000\",\"resourceType\":\"pool\",\"resourceId\":\"p\",\"permission\":\"view\"}"),
                "");
        assertEquals("0b7c4c6e-4b43-4c57-9a51-0d1f2f9e0000", other.userId());
    }

    @Test
    void refusesWhatTheContractRefuses() {
        assertCode("invalid_value", "{\"resourceType\":\"Data\",\"resourceId\":\"d\",\"permission\":\"view\"}");
        assertCode("invalid_value", "{\"resourceType\":\"dataset\",\"resourceId\":\"../x\",\"permission\":\"view\"}");
        assertCode("invalid_value", "{\"resourceType\":\"dataset\",\"resourceId\":\"d\",\"permission\":\"VIEW\"}");
        assertCode(
                "invalid_value",
                "{\"userId\":\"a/b\",\"resourceType\":\"dataset\",\"resourceId\":\"d\",\"permission\":\"view\"}");
        assertCode("invalid_type", "{\"resourceType\":\"dataset\",\"resourceId\":1,\"permission\":\"view\"}");
        assertCode("missing_field", "{\"resourceType\":\"dataset\",\"permission\":\"view\"}");
        assertCode(
                "unknown_field", "{\"resourceType\":\"dataset\",\"resourceId\":\"d\",\"permission\":\"view\",\"x\":1}");
        assertCode(
                "too_long",
                "{\"resourceType\":\"dataset\",\"resourceId\":\"" + "d".repeat(256) + "\",\"permission\":\"view\"}");
        assertCode("invalid_request", "[1]");
    }

    @Test
    void aBatchItemsErrorNamesTheItem() throws Exception {
        GatewayAccessException e = assertThrows(
                GatewayAccessException.class,
                () -> Check.fromJson(
                        JSON.readTree("{\"resourceType\":\"dataset\",\"resourceId\":\"d\",\"permission\":\"own\"}"),
                        "checks[3]"));
        assertTrue(e.getMessage().startsWith("checks[3]: "), e.getMessage());
    }

    private static void assertCode(String code, String json) {
        GatewayAccessException e =
                assertThrows(GatewayAccessException.class, () -> Check.fromJson(JSON.readTree(json), ""));
        assertEquals(400, e.status());
        assertEquals(code, e.code(), e.getMessage());
    }
}
