package org.gatewayaccess.keycloak.events;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gatewayaccess.keycloak.json.Json;
import org.gatewayaccess.keycloak.membership.LastAdminException;
import org.keycloak.services.ErrorResponseException;

/**
 * A refusal raised inside a change made through Keycloak itself (admin console, admin
 * API): an exception carrying the contract's JSON error body (409 for the last admin, 400 for an invalid declaration), which Keycloak's error
 * handler sends as is after rolling the request back. Outside a request it is simply a
 * runtime exception that fails the change.
 */
final class KeycloakRefusal {

    private KeycloakRefusal() {}

    static ErrorResponseException lastAdmin(LastAdminException e) {
        return of(409, "last_admin", e.getMessage());
    }

    /** The contract's error body ({@code error}, {@code errorMessage}) with this status. */
    static ErrorResponseException of(int status, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("errorMessage", message);
        return new ErrorResponseException(Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Json.write(body))
                .build());
    }
}
