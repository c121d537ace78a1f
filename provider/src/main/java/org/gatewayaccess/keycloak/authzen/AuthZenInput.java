package org.gatewayaccess.keycloak.authzen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.gatewayaccess.keycloak.authz.Check;
import org.gatewayaccess.keycloak.json.Json;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.model.Ids;
import org.gatewayaccess.keycloak.model.Permission;
import org.gatewayaccess.keycloak.representation.AuthZen;

/**
 * Reads the AuthZEN 1.0 information model (subject, resource, action, context) strictly and maps it onto the gateway's
 * own question, a {@link Check}: subject {@code {type: "user", id}} is the user, resource {@code {type, id}} the resource
 * ({@code pool} or a gateway type), action {@code {name}} one of {@code view}, {@code edit}, {@code manage}.
 * {@code properties} and {@code context} are accepted as objects and do not change a decision (grants alone decide).
 * Every refusal is a 400 naming the field by its JSON path ({@code evaluations[2].subject.id}).
 */
public final class AuthZenInput {

    public static final String USER = "user";
    public static final String GROUP = "group";

    private static final Set<String> SUBJECT_FIELDS = Set.of("type", "id", "properties");
    private static final Set<String> RESOURCE_FIELDS = Set.of("type", "id", "properties");
    private static final Set<String> ACTION_FIELDS = Set.of("name", "properties");

    private AuthZenInput() {}

    /** The subject's user id; {@code idRequired} false (a subject search) allows the id to be left out and ignores it. */
    public static String subject(JsonNode node, String where, boolean idRequired) {
        ObjectNode json = object(node, where, true);
        onlyFields(json, where, SUBJECT_FIELDS);
        properties(json, where);
        String type = string(json, "type", where, 64, true);
        if (GROUP.equals(type)) {
            throw GatewayAccessException.badRequest(
                    "unsupported_subject_type",
                    "Field '" + where + ".type': subjects of type"
                            + " 'group' are not decided here: grants to a group reach its members and its subgroups' members, and decisions"
                            + " are about users; ask about a member (type 'user').");
        }
        if (!USER.equals(type)) {
            throw GatewayAccessException.badRequest(
                    "unsupported_subject_type", "Field '" + where + ".type' must be 'user'.");
        }
        String id = string(json, "id", where, Json.MAX_NAME, idRequired);
        if (id != null && !Ids.isValidEntityId(id)) {
            throw GatewayAccessException.badRequest(
                    "invalid_value", "Field '" + where + ".id' is not a valid user id.");
        }
        return idRequired ? id : null;
    }

    /** Resource {@code {type, id}}; with {@code idRequired} false (a resource search) the id is left out and ignored. */
    public static AuthZen.Resource resource(JsonNode node, String where, boolean idRequired) {
        ObjectNode json = object(node, where, true);
        onlyFields(json, where, RESOURCE_FIELDS);
        properties(json, where);
        String type = string(json, "type", where, 64, true);
        if (!Ids.isValidResourceType(type)) {
            throw GatewayAccessException.badRequest(
                    "invalid_value",
                    "Field '" + where + ".type' must be 'pool' or a gateway resource"
                            + " type (1 to 64 lower-case letters, digits or '-').");
        }
        String id = string(json, "id", where, Json.MAX_NAME, idRequired);
        if (id != null && !Ids.isValidResourceId(id)) {
            throw GatewayAccessException.badRequest(
                    "invalid_value", "Field '" + where + ".id' is not a valid resource id.");
        }
        return new AuthZen.Resource(type, idRequired ? id : null);
    }

    public static Permission action(JsonNode node, String where) {
        ObjectNode json = object(node, where, true);
        onlyFields(json, where, ACTION_FIELDS);
        properties(json, where);
        String name = string(json, "name", where, 16, true);
        return Permission.fromWire(name)
                .orElseThrow(
                        () -> GatewayAccessException.badRequest(
                                "invalid_value",
                                "Field '" + where
                                        + ".name' must be one of view, edit, manage (manage implies edit, edit implies view)."));
    }

    /** {@code context}: optional, an object if present; it informs nothing (decisions come from grants alone). */
    public static void context(JsonNode node, String where) {
        object(node, where, false);
    }

    /** One evaluation's question, as {@code POST /check} would ask it (of an evaluation read strictly: its action is a permission). */
    public static Check check(AuthZen.Evaluation evaluation) {
        return new Check(
                evaluation.subject().id(),
                evaluation.resource().type(),
                evaluation.resource().id(),
                Permission.fromWire(evaluation.action().name()).orElseThrow());
    }

    /** The object at {@code where}, or null when absent (and not required); anything else is a 400. */
    public static ObjectNode object(JsonNode node, String where, boolean required) {
        if (node == null || node.isNull()) {
            if (required) {
                throw GatewayAccessException.badRequest("missing_field", "Field '" + where + "' is required.");
            }
            return null;
        }
        if (!node.isObject()) {
            throw GatewayAccessException.badRequest("invalid_type", "Field '" + where + "' must be a JSON object.");
        }
        return (ObjectNode) node;
    }

    private static void properties(ObjectNode json, String where) {
        object(json.get("properties"), where + ".properties", false);
    }

    private static String string(ObjectNode json, String field, String where, int max, boolean required) {
        try {
            return required ? Json.requiredString(json, field, max) : Json.optionalString(json, field, max);
        } catch (GatewayAccessException e) {
            throw GatewayAccessException.badRequest(
                    e.code(), e.getMessage().replace("'" + field + "'", "'" + where + "." + field + "'"));
        }
    }

    /** Refuses fields the object does not have, naming them with their path ({@code subject.name}). */
    public static void onlyFields(ObjectNode json, String where, Set<String> allowed) {
        json.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                throw GatewayAccessException.badRequest(
                        "unknown_field",
                        "Unknown field '" + (where.isEmpty() ? "" : where + ".") + shorten(name) + "'.");
            }
        });
    }

    static String shorten(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "…";
    }
}
