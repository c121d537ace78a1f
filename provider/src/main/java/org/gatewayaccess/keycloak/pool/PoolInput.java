package org.gatewayaccess.keycloak.pool;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.gatewayaccess.keycloak.json.Json;
import org.gatewayaccess.keycloak.model.GatewayAccessException;

/** A pool as a client writes it (POST and PUT replace all three fields; null description or provider means none). */
public record PoolInput(String name, String description, String identityProvider) {

    public static final int MAX_DESCRIPTION = 4000;

    /** The read-only fields of a pool's representation are accepted so that a GET result can be PUT back unchanged. */
    private static final Set<String> FIELDS =
            Set.of("name", "description", "identityProvider", "id", "source", "createdAt");

    /**
     * Reads a pool body strictly: unknown fields, wrong types, blank or over-long values are refused.
     *
     * @param existingId the id of the pool being replaced (an {@code id} field must equal it), or null on create
     */
    public static PoolInput fromJson(ObjectNode json, String existingId) {
        Json.onlyFields(json, FIELDS);
        String id = Json.optionalString(json, "id", Json.MAX_NAME);
        if (id != null && !id.equals(existingId)) {
            throw GatewayAccessException.badRequest(
                    "invalid_value", "Field 'id' is assigned by the server and cannot be changed.");
        }
        Json.optionalString(json, "createdAt", Json.MAX_NAME);
        Json.optionalString(json, "source", Json.MAX_NAME); // who owns the pool is not the writer's to choose
        return new PoolInput(
                Json.requiredString(json, "name", Json.MAX_NAME).strip(),
                Json.optionalString(json, "description", MAX_DESCRIPTION),
                Json.optionalString(json, "identityProvider", Json.MAX_NAME));
    }
}
