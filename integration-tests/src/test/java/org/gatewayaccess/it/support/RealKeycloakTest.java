package org.gatewayaccess.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.extension.ExtendWith;

/** Base of the integration tests: the shared real Keycloak of this JVM, its admin API, and contract assertions. */
@ExtendWith({SingleServerExecution.class, ServerLogOnFailure.class})
public abstract class RealKeycloakTest {

    protected static final KeycloakServer SERVER = KeycloakServer.shared();
    protected static final KeycloakAdmin ADMIN =
            new KeycloakAdmin(SERVER.baseUrl(), KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD);

    /** The contract's error: the status, a JSON body with a machine code and one human sentence. */
    protected static JsonNode assertError(int status, String code, Http.Result r) {
        assertEquals(status, r.status(), () -> "status of " + r);
        JsonNode body = r.json();
        assertNotNull(body.get("errorMessage"), () -> "errorMessage in " + r);
        if (code != null) {
            assertEquals(code, body.path("error").asText(), () -> "error code of " + r);
        }
        return body;
    }
}
