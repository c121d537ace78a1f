package org.gatewayaccess.keycloak.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gatewayaccess.keycloak.boundary.DelegationBoundary;
import org.gatewayaccess.keycloak.json.Json;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.realm.SystemGroups;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Validates a {@code PUT /config} body against the realm: every role, group path and
 * identity-provider alias must exist (the document never creates them), and a role
 * mapping whose group already grants the role is refused as a cycle. A field left out
 * takes its default (for {@code gatewayGroups}: the current system groups).
 */
public final class GatewayConfigParser {

    /** A parsed document: the system groups it names and the rest. */
    public record Parsed(SystemGroups systemGroups, GatewayConfig config) {
    }

    private static final int MAX_ITEMS = 100;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final GroupPaths paths;

    public GatewayConfigParser(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.paths = new GroupPaths(session, realm);
    }

    /**
     * @param current                       the system groups in force (the default of {@code gatewayGroups})
     * @param currentClientScopeRequired    the {@code adminClientScopeRequired} in force: left out, it is kept, so that an
     *                                      upgraded realm's scripts (written before the field existed) neither switch it
     *                                      on unasked nor are refused for touching a Keycloak admin's setting
     */
    public Parsed parse(String body, SystemGroups current, boolean currentClientScopeRequired) {
        ObjectNode doc = Json.object(body);
        Json.onlyFields(doc, Set.of("gatewayGroups", "gatewayRoles", "roleMappings", "identityProviderMappings", "discovery",
            "pendingApproval", "adminPromotionRequiresRealmAdmin", "adminClientScopeRequired"));
        SystemGroups groups = systemGroups(doc.get("gatewayGroups"), current);
        GatewayConfig defaults = GatewayConfig.defaults(groups);

        List<String> roles = doc.hasNonNull("gatewayRoles") ? gatewayRoles(doc.get("gatewayRoles")) : defaults.gatewayRoles();
        List<GatewayConfig.RoleMapping> roleMappings = doc.hasNonNull("roleMappings")
            ? roleMappings(doc.get("roleMappings")) : defaults.roleMappings();
        for (GatewayConfig.RoleMapping mapping : roleMappings) {
            if (GatewayConfigStore.isCycle(session, realm, mapping.role(), mapping.groupId())) {
                throw GatewayAccessException.badRequest("cycle", "Group '" + paths.path(mapping.groupId())
                    + "' already grants role '" + mapping.role() + "', so mapping that role to it would never let anyone out.");
            }
        }
        List<GatewayConfig.IdentityProviderMapping> idpMappings = doc.hasNonNull("identityProviderMappings")
            ? identityProviderMappings(doc.get("identityProviderMappings")) : List.of();

        boolean discoverable = true;
        String discoveryGroupId = null;
        if (doc.hasNonNull("discovery")) {
            ObjectNode discovery = object(doc.get("discovery"), "discovery");
            Json.onlyFields(discovery, Set.of("poolsDiscoverable", "discoveryGroup"));
            discoverable = bool(discovery, "poolsDiscoverable", true);
            String path = Json.optionalString(discovery, "discoveryGroup", Json.MAX_NAME * 4);
            discoveryGroupId = path == null ? null : group(path, "discovery.discoveryGroup").getId();
        }
        boolean pendingEnabled = false;
        List<String> pendingIdps = List.of();
        if (doc.hasNonNull("pendingApproval")) {
            ObjectNode pending = object(doc.get("pendingApproval"), "pendingApproval");
            Json.onlyFields(pending, Set.of("enabled", "identityProviders"));
            pendingEnabled = bool(pending, "enabled", false);
            pendingIdps = pending.hasNonNull("identityProviders")
                ? strings(pending.get("identityProviders"), "pendingApproval.identityProviders").stream()
                    .map(a -> identityProvider(a, "pendingApproval.identityProviders")).toList()
                : List.of();
        }
        boolean promotion = bool(doc, "adminPromotionRequiresRealmAdmin", true);
        boolean clientScope = bool(doc, "adminClientScopeRequired", currentClientScopeRequired);
        requireInsideBoundary(groups, roles, roleMappings, idpMappings);
        return new Parsed(groups, new GatewayConfig(roles, roleMappings, idpMappings, discoverable, discoveryGroupId,
            pendingEnabled, pendingIdps, promotion, clientScope));
    }

    /**
     * The delegation boundary, for every caller (a Keycloak admin's configuration is what gateway admins then act
     * through): gateway roles stay inside the gateway roles, and every group the extension writes members into — the
     * three system groups and every mapping target — is ordinary.
     */
    private void requireInsideBoundary(SystemGroups groups, List<String> roles, List<GatewayConfig.RoleMapping> roleMappings,
                                       List<GatewayConfig.IdentityProviderMapping> idpMappings) {
        DelegationBoundary.requireValidGatewayRoles(realm, roles, "gatewayRoles");
        DelegationBoundary boundary = new DelegationBoundary(realm, roles);
        for (String groupId : List.of(groups.adminsGroupId(), groups.readOnlyAdminsGroupId(), groups.usersGroupId())) {
            GroupModel group = session.groups().getGroupById(realm, groupId);
            if (group != null) {
                boundary.requireOrdinary(group, "make a gateway group of");
            }
        }
        Set<String> targets = new java.util.LinkedHashSet<>();
        roleMappings.forEach(m -> targets.add(m.groupId()));
        idpMappings.forEach(m -> targets.add(m.groupId()));
        for (String groupId : targets) {
            GroupModel group = session.groups().getGroupById(realm, groupId);
            if (group != null) {
                boundary.requireOrdinary(group, "map to");
            }
        }
    }

    private SystemGroups systemGroups(JsonNode node, SystemGroups current) {
        if (node == null || node.isNull()) {
            return current;
        }
        ObjectNode groups = object(node, "gatewayGroups");
        Json.onlyFields(groups, Set.of("admins", "readOnlyAdmins", "users"));
        SystemGroups parsed = new SystemGroups(
            systemGroup(groups, "admins", current.adminsGroupId()),
            systemGroup(groups, "readOnlyAdmins", current.readOnlyAdminsGroupId()),
            systemGroup(groups, "users", current.usersGroupId()));
        if (new HashSet<>(List.of(parsed.adminsGroupId(), parsed.readOnlyAdminsGroupId(), parsed.usersGroupId())).size() < 3) {
            throw GatewayAccessException.badRequest("invalid_value", "The three gateway groups must be three different groups.");
        }
        return parsed;
    }

    private String systemGroup(ObjectNode groups, String field, String current) {
        String path = Json.optionalString(groups, field, Json.MAX_NAME * 4);
        return path == null ? current : group(path, "gatewayGroups." + field).getId();
    }

    private List<String> gatewayRoles(JsonNode node) {
        List<String> roles = strings(node, "gatewayRoles");
        if (roles.isEmpty()) {
            throw GatewayAccessException.badRequest("invalid_value", "Field 'gatewayRoles' must name at least one role.");
        }
        roles.forEach(r -> role(r, "gatewayRoles"));
        if (new HashSet<>(roles).size() != roles.size()) {
            throw GatewayAccessException.badRequest("invalid_value", "Field 'gatewayRoles' names a role twice.");
        }
        return roles;
    }

    private List<GatewayConfig.RoleMapping> roleMappings(JsonNode node) {
        List<GatewayConfig.RoleMapping> mappings = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode item : array(node, "roleMappings")) {
            ObjectNode mapping = object(item, "roleMappings[]");
            Json.onlyFields(mapping, Set.of("role", "group", "mode"));
            String role = role(Json.requiredString(mapping, "role", Json.MAX_NAME), "roleMappings[].role");
            GroupModel group = group(Json.requiredString(mapping, "group", Json.MAX_NAME * 4), "roleMappings[].group");
            String mode = Json.optionalString(mapping, "mode", 16);
            GatewayConfig.Mode parsedMode;
            if (mode == null || mode.equals("sync")) {
                parsedMode = GatewayConfig.Mode.SYNC;
            } else if (mode.equals("migrate")) {
                parsedMode = GatewayConfig.Mode.MIGRATE;
            } else {
                throw GatewayAccessException.badRequest("invalid_value", "Field 'roleMappings[].mode' must be 'sync' or 'migrate'.");
            }
            if (!seen.add(role + "\u0000" + group.getId())) {
                throw GatewayAccessException.badRequest("invalid_value", "Role '" + role + "' is mapped to the same group twice.");
            }
            mappings.add(new GatewayConfig.RoleMapping(role, group.getId(), parsedMode));
        }
        return mappings;
    }

    private List<GatewayConfig.IdentityProviderMapping> identityProviderMappings(JsonNode node) {
        List<GatewayConfig.IdentityProviderMapping> mappings = new ArrayList<>();
        for (JsonNode item : array(node, "identityProviderMappings")) {
            ObjectNode mapping = object(item, "identityProviderMappings[]");
            Json.onlyFields(mapping, Set.of("identityProvider", "group"));
            String alias = identityProvider(Json.requiredString(mapping, "identityProvider", Json.MAX_NAME),
                "identityProviderMappings[].identityProvider");
            GroupModel group = group(Json.requiredString(mapping, "group", Json.MAX_NAME * 4), "identityProviderMappings[].group");
            mappings.add(new GatewayConfig.IdentityProviderMapping(alias, group.getId()));
        }
        return mappings;
    }

    private String role(String name, String field) {
        if (realm.getRole(name) == null) {
            throw GatewayAccessException.badRequest("unknown_role", "Field '" + field + "': realm role '" + name + "' does not exist.");
        }
        return name;
    }

    private GroupModel group(String path, String field) {
        GroupModel group = paths.find(path);
        if (group == null) {
            throw GatewayAccessException.badRequest("unknown_group", "Field '" + field + "': group '" + path
                + "' does not exist (groups are given by path, such as /Admins).");
        }
        return group;
    }

    private String identityProvider(String alias, String field) {
        if (session.identityProviders().getByAlias(alias) == null) {
            throw GatewayAccessException.badRequest("unknown_identity_provider",
                "Field '" + field + "': identity provider '" + alias + "' does not exist.");
        }
        return alias;
    }

    private static List<String> strings(JsonNode node, String field) {
        List<String> values = new ArrayList<>();
        for (JsonNode item : array(node, field)) {
            if (!item.isTextual() || item.textValue().isBlank() || item.textValue().length() > Json.MAX_NAME) {
                throw GatewayAccessException.badRequest("invalid_type", "Field '" + field + "' must be an array of names.");
            }
            values.add(item.textValue());
        }
        return values;
    }

    private static JsonNode array(JsonNode node, String field) {
        if (!node.isArray()) {
            throw GatewayAccessException.badRequest("invalid_type", "Field '" + field + "' must be an array.");
        }
        if (node.size() > MAX_ITEMS) {
            throw GatewayAccessException.badRequest("too_long", "Field '" + field + "' has more than " + MAX_ITEMS + " items.");
        }
        return node;
    }

    private static ObjectNode object(JsonNode node, String field) {
        if (!node.isObject()) {
            throw GatewayAccessException.badRequest("invalid_type", "Field '" + field + "' must be an object.");
        }
        return (ObjectNode) node;
    }

    private static boolean bool(ObjectNode node, String field, boolean fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw GatewayAccessException.badRequest("invalid_type", "Field '" + field + "' must be true or false.");
        }
        return value.booleanValue();
    }

}
