package org.gatewayaccess.keycloak.events;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.gatewayaccess.keycloak.json.Json;
import org.gatewayaccess.keycloak.membership.LastAdminException;
import org.keycloak.services.ErrorResponseException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refusal raised inside a change made through Keycloak itself (admin console, admin
 * API): an exception carrying the contract's 409 JSON body, which Keycloak's error
 * handler sends as is after rolling the request back. Outside a request it is simply a
 * runtime exception that fails the change.
 */
final class KeycloakRefusal {

    private KeycloakRefusal() {
    }

    static ErrorResponseException lastAdmin(LastAdminException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "last_admin");
        body.put("errorMessage", e.getMessage());
        return new ErrorResponseException(Response.status(409).type(MediaType.APPLICATION_JSON_TYPE).entity(Json.write(body)).build());
    }
}
