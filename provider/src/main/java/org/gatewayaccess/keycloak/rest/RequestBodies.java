package org.gatewayaccess.keycloak.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.gatewayaccess.keycloak.json.Json;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.model.Ids;
import org.gatewayaccess.keycloak.model.Permission;
import org.gatewayaccess.keycloak.model.Principal;
import org.gatewayaccess.keycloak.pool.PoolInput;
import org.gatewayaccess.keycloak.representation.CheckBatchRequest;
import org.gatewayaccess.keycloak.representation.CheckRequest;
import org.gatewayaccess.keycloak.representation.GrantRequest;
import org.gatewayaccess.keycloak.representation.MigrationRequest;
import org.gatewayaccess.keycloak.representation.PoolRequest;
import org.gatewayaccess.keycloak.representation.ResourceRegistration;
import org.gatewayaccess.keycloak.representation.RoleAssignment;

/**
 * The gateway API's request bodies, each read strictly into its record of {@code representation}: no coercion,
 * unknown fields and duplicate keys refused, every refusal a 400 with the contract's code and sentence. A reader checks
 * the body's form only, all of it, and looks nothing up: the resource then works from the record (finding users, roles
 * and groups, checking rights), so a malformed body is refused the same whatever it names. The AuthZEN bodies are read
 * by {@link AuthZenBodies}, with that API's names for fields.
 *
 * <p>The readers are here, in one class, not beside their records: the records are loaded by the integration tests'
 * client with nothing but Jackson, while reading needs the contract's errors, the rules for ids and the pool rule of
 * {@code pool}, a layer above the records; and one class shows every body's order of refusals in one place.
 */
final class RequestBodies {

    static final int MAX_BATCH = 1000;
    static final int MAX_MAPPINGS = 100;
    /** {@code user:} or {@code group:} and an id. */
    private static final int MAX_PRINCIPAL = 300;

    private static final Set<String> CHECK_FIELDS = Set.of("userId", "resourceType", "resourceId", "permission");
    private static final Set<String> REGISTRATION_FIELDS =
            Set.of("type", "id", "createdBy", "createdAt", "permissions");

    private RequestBodies() {}

    /** {@code POST /check}. */
    static CheckRequest check(String body) {
        return check(Json.object(body), "");
    }

    /** {@code POST /check/batch}: up to {@link #MAX_BATCH} checks; an error in one names it ({@code checks[3]: …}). */
    static CheckBatchRequest checkBatch(String body) {
        ObjectNode json = Json.object(body);
        Json.onlyFields(json, Set.of("checks"));
        JsonNode items = json.get("checks");
        if (items == null || !items.isArray()) {
            throw GatewayAccessException.badRequest("invalid_request", "Field 'checks' must be an array of checks.");
        }
        if (items.size() > MAX_BATCH) {
            throw GatewayAccessException.badRequest(
                    "too_many_checks", "A batch holds at most " + MAX_BATCH + " checks, not " + items.size() + ".");
        }
        List<CheckRequest> checks = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            checks.add(check(items.get(i), "checks[" + i + "]"));
        }
        return new CheckBatchRequest(checks);
    }

    /**
     * One check; {@code where} names a batch's item in errors ({@code checks[3]}), empty for {@code POST /check}
     * (whose body {@link Json#object} has found to be an object).
     */
    private static CheckRequest check(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw GatewayAccessException.badRequest("invalid_request", where + " must be a JSON object.");
        }
        ObjectNode json = (ObjectNode) node;
        try {
            Json.onlyFields(json, CHECK_FIELDS);
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
            if (Permission.fromWire(permission).isEmpty()) {
                throw GatewayAccessException.badRequest(
                        "invalid_value", "Field 'permission' must be one of view, edit, manage.");
            }
            return new CheckRequest(userId, type, id, permission);
        } catch (GatewayAccessException e) {
            if (where.isEmpty()) {
                throw e;
            }
            throw GatewayAccessException.badRequest(e.code(), where + ": " + e.getMessage());
        }
    }

    /**
     * {@code POST /pools} and {@code PUT /pools/{id}}, by the rule the declared pools and the admin console's form
     * share ({@link PoolInput#fromJson}).
     *
     * @param existingId the id of the pool being replaced (an {@code id} field must equal it), or null on create
     */
    static PoolRequest pool(String body, String existingId) {
        PoolInput input = PoolInput.fromJson(Json.object(body), existingId);
        return new PoolRequest(input.name(), input.description(), input.identityProvider());
    }

    /** {@code PUT /resources/{type}/{id}}'s optional body: null when none is sent. */
    static ResourceRegistration registration(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        ObjectNode json = Json.object(body);
        Json.onlyFields(json, REGISTRATION_FIELDS);
        return new ResourceRegistration(
                json.get("type"),
                json.get("id"),
                json.get("createdBy"),
                json.get("createdAt"),
                json.get("permissions"));
    }

    /** {@code PUT /resources/{type}/{id}/grants}: both fields' form, the principal's first. */
    static GrantRequest grant(String body) {
        ObjectNode json = Json.object(body);
        Json.onlyFields(json, Set.of("principal", "permission"));
        String principal = Json.requiredString(json, "principal", MAX_PRINCIPAL);
        principal(principal);
        String permission = Json.requiredString(json, "permission", 16);
        permission(permission);
        return new GrantRequest(principal, permission);
    }

    /** A grant's principal, in a body or in {@code DELETE}'s query: {@code user:<id>} or {@code group:<id>}. */
    static Principal principal(String text) {
        Principal principal = Principal.parse(text)
                .orElseThrow(() -> GatewayAccessException.badRequest(
                        "invalid_value", "A principal is written user:<id> or group:<id>."));
        if (!Ids.isValidEntityId(principal.id())) {
            throw GatewayAccessException.badRequest(
                    "invalid_id",
                    principal.type() == Principal.Type.USER
                            ? "That is not a valid user id."
                            : "That is not a valid group id.");
        }
        return principal;
    }

    /** A grant's permission, in a body or in {@code DELETE}'s query. */
    static Permission permission(String text) {
        return Permission.fromWire(text)
                .orElseThrow(() -> GatewayAccessException.badRequest(
                        "invalid_value", "A permission is one of view, edit, manage."));
    }

    /** {@code POST /migrations/roles-to-groups}'s body, when one is sent: 1 to {@link #MAX_MAPPINGS} mappings. */
    static MigrationRequest migration(String body) {
        ObjectNode doc = Json.object(body);
        Json.onlyFields(doc, Set.of("mappings", "removeRoles"));
        JsonNode removeRoles = doc.get("removeRoles");
        if (removeRoles != null && !removeRoles.isNull() && !removeRoles.isBoolean()) {
            throw GatewayAccessException.badRequest("invalid_type", "Field 'removeRoles' must be true or false.");
        }
        JsonNode list = doc.get("mappings");
        if (list == null || list.isNull()) {
            throw GatewayAccessException.badRequest(
                    "missing_field", "Field 'mappings' is required when a body is sent.");
        }
        if (!list.isArray() || list.isEmpty() || list.size() > MAX_MAPPINGS) {
            throw GatewayAccessException.badRequest(
                    "invalid_type",
                    "Field 'mappings' must be an array of 1 to " + MAX_MAPPINGS + " {role, group} objects.");
        }
        List<MigrationRequest.Mapping> mappings = new ArrayList<>(list.size());
        for (JsonNode item : list) {
            if (!item.isObject()) {
                throw GatewayAccessException.badRequest(
                        "invalid_type", "Field 'mappings' must contain {role, group} objects.");
            }
            ObjectNode mapping = (ObjectNode) item;
            Json.onlyFields(mapping, Set.of("role", "group"));
            mappings.add(new MigrationRequest.Mapping(
                    Json.requiredString(mapping, "role", Json.MAX_NAME),
                    Json.requiredString(mapping, "group", Json.MAX_NAME * 4)));
        }
        return new MigrationRequest(
                mappings, removeRoles == null || removeRoles.isNull() ? null : removeRoles.booleanValue());
    }

    /** {@code PUT /users/{userId}/gateway-role} and {@code POST /users/{userId}/activate}: one required string. */
    static RoleAssignment roleAssignment(String body) {
        ObjectNode json = Json.object(body);
        Json.onlyFields(json, Set.of("role"));
        return new RoleAssignment(Json.requiredString(json, "role", Json.MAX_NAME));
    }
}
