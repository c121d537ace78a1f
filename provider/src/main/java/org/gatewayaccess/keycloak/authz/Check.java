package org.gatewayaccess.keycloak.authz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.gatewayaccess.keycloak.json.Json;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.model.Ids;
import org.gatewayaccess.keycloak.model.Permission;

/**
 * One question "may user U do P on resource (type, id)?", read strictly from a request.
 *
 * @param userId null: the caller
 */
public record Check(String userId, String resourceType, String resourceId, Permission permission) {

    private static final Set<String> FIELDS = Set.of("userId", "resourceType", "resourceId", "permission");

    /** Reads one check; {@code where} names it in errors (e.g. {@code checks[3].}). */
    public static Check fromJson(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw GatewayAccessException.badRequest(
                    "invalid_request", (where.isEmpty() ? "The check" : where) + " must be a JSON object.");
        }
        ObjectNode json = (ObjectNode) node;
        try {
            Json.onlyFields(json, FIELDS);
            String userId = Json.optionalString(json, "userId", Json.MAX_NAME);
            if (userId != null && !Ids.isValidEntityId(userId)) {
                throw GatewayAccessException.badRequest("invalid_value", "Field 'userId' is not a valid user id.");
            }
            String type = Json.requiredString(json, "resourceType", 64);
            if (!Ids.isValidResourceType(type)) {
                throw GatewayAccessException.badRequest(
                        "invalid_value", "Field 'resourceType' must be 1 to 64 lower-case letters, digits or '-'.");
            }
            String id = Json.requiredString(json, "resourceId", Json.MAX_NAME);
            if (!Ids.isValidResourceId(id)) {
                throw GatewayAccessException.badRequest(
                        "invalid_value", "Field 'resourceId' is not a valid resource id.");
            }
            String permission = Json.requiredString(json, "permission", 16);
            Permission p = Permission.fromWire(permission)
                    .orElseThrow(() -> GatewayAccessException.badRequest(
                            "invalid_value", "Field 'permission' must be one of view, edit, manage."));
            return new Check(userId, type, id, p);
        } catch (GatewayAccessException e) {
            if (where.isEmpty()) {
                throw e;
            }
            throw GatewayAccessException.badRequest(e.code(), where + ": " + e.getMessage());
        }
    }
}
