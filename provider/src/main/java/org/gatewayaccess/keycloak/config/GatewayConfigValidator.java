package org.gatewayaccess.keycloak.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.gatewayaccess.keycloak.boundary.DelegationBoundary;
import org.gatewayaccess.keycloak.json.Json;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.realm.SystemGroups;

/**
 * The rules of the configuration document ({@code PUT /config}, a declared {@code gatewayAccess.config}, the admin
 * console's tab) on plain values, without Keycloak's model: its shape (fields, types, limits, duplicates), that every
 * role, group path and identity-provider alias it names exists (the document never creates them), that no role
 * mapping is a cycle, and the delegation boundary. What it needs to know about the realm it asks {@link RealmFacts};
 * {@link GatewayConfigParser} answers from Keycloak. Kept apart so that every refusal a user can meet is unit-tested
 * with the sentence they read (docs/configuration.md), while the reading of the realm stays in the parser.
 *
 * <p>The checks run in the document's order and the first refusal wins, as callers and the integration tests rely
 * on: the top-level fields, {@code gatewayGroups}, {@code gatewayRoles}, {@code roleMappings} and their cycles,
 * {@code identityProviderMappings}, {@code discovery}, {@code pendingApproval}, the two switches, then the boundary.
 */
public final class GatewayConfigValidator {

    /** What the document refers to in the realm, as plain answers. */
    public interface RealmFacts {

        /** Whether a realm role of that name exists. */
        boolean roleExists(String name);

        /** The id of the group at that path ({@code /Parent/Child}), or null when there is none. */
        String groupIdAt(String path);

        /** Whether an identity provider of that alias exists. */
        boolean identityProviderExists(String alias);

        /** The group's current path, or null when the group no longer exists. */
        String groupPath(String groupId);

        /** True when membership of the group (or of a parent group) already grants the realm role; false when either is missing. */
        boolean groupGrantsRole(String groupId, String role);

        /**
         * Why the realm role is not inside {@code gatewayRoles}, as the end of a sentence ("is a client role", "contains
         * role 'x', which is not a gateway role"), or empty when it is inside or does not exist.
         */
        Optional<String> outsideGatewayRoles(String role, Set<String> gatewayRoles);

        /**
         * The role (its name as an admin sees it) that makes the group privileged under {@code gatewayRoles}: mapped to
         * the group or an ancestor, it gives members something outside the gateway roles. Empty when the group is
         * ordinary or no longer exists.
         */
        Optional<String> privilegeOf(String groupId, List<String> gatewayRoles);
    }

    static final int MAX_ITEMS = 100;

    /** Group paths may nest: four names' worth. */
    private static final int MAX_PATH = Json.MAX_NAME * 4;

    private static final Set<String> FIELDS = Set.of(
            "gatewayGroups",
            "gatewayRoles",
            "roleMappings",
            "identityProviderMappings",
            "discovery",
            "pendingApproval",
            "adminPromotionRequiresRealmAdmin",
            "adminClientScopeRequired");

    private final RealmFacts realm;

    public GatewayConfigValidator(RealmFacts realm) {
        this.realm = realm;
    }

    /**
     * A field left out (or null) takes its default; for {@code gatewayGroups}: the current system groups.
     *
     * @param current                    the system groups in force (the default of {@code gatewayGroups})
     * @param currentClientScopeRequired the {@code adminClientScopeRequired} in force: left out, it is kept, so that an
     *                                   upgraded realm's scripts (written before the field existed) neither switch it
     *                                   on unasked nor are refused for touching a Keycloak admin's setting
     * @throws GatewayAccessException the first refusal: 400 for the document's own faults, 403 {@code privileged_group}
     */
    public GatewayConfigParser.Parsed validate(
            ObjectNode doc, SystemGroups current, boolean currentClientScopeRequired) {
        Json.onlyFields(doc, FIELDS);
        SystemGroups groups = systemGroups(doc.get("gatewayGroups"), current);
        GatewayConfig defaults = GatewayConfig.defaults(groups);

        List<String> roles =
                doc.hasNonNull("gatewayRoles") ? gatewayRoles(doc.get("gatewayRoles")) : defaults.gatewayRoles();
        List<GatewayConfig.RoleMapping> roleMappings =
                doc.hasNonNull("roleMappings") ? roleMappings(doc.get("roleMappings")) : defaults.roleMappings();
        for (GatewayConfig.RoleMapping mapping : roleMappings) {
            if (realm.groupGrantsRole(mapping.groupId(), mapping.role())) {
                throw GatewayAccessException.badRequest(
                        "cycle",
                        "Group '" + realm.groupPath(mapping.groupId()) + "' already grants role '" + mapping.role()
                                + "', so mapping that role to it would never let anyone out.");
            }
        }
        List<GatewayConfig.IdentityProviderMapping> idpMappings = doc.hasNonNull("identityProviderMappings")
                ? identityProviderMappings(doc.get("identityProviderMappings"))
                : List.of();

        boolean discoverable = true;
        String discoveryGroupId = null;
        if (doc.hasNonNull("discovery")) {
            ObjectNode discovery = object(doc.get("discovery"), "discovery");
            Json.onlyFields(discovery, Set.of("poolsDiscoverable", "discoveryGroup"));
            discoverable = bool(discovery, "poolsDiscoverable", true);
            String path = Json.optionalString(discovery, "discoveryGroup", MAX_PATH);
            discoveryGroupId = path == null ? null : group(path, "discovery.discoveryGroup");
        }
        boolean pendingEnabled = false;
        List<String> pendingIdps = List.of();
        if (doc.hasNonNull("pendingApproval")) {
            ObjectNode pending = object(doc.get("pendingApproval"), "pendingApproval");
            Json.onlyFields(pending, Set.of("enabled", "identityProviders"));
            pendingEnabled = bool(pending, "enabled", false);
            pendingIdps = pending.hasNonNull("identityProviders")
                    ? strings(pending.get("identityProviders"), "pendingApproval.identityProviders").stream()
                            .map(a -> identityProvider(a, "pendingApproval.identityProviders"))
                            .toList()
                    : List.of();
        }
        boolean promotion = bool(doc, "adminPromotionRequiresRealmAdmin", true);
        boolean clientScope = bool(doc, "adminClientScopeRequired", currentClientScopeRequired);
        requireInsideBoundary(groups, roles, roleMappings, idpMappings);
        return new GatewayConfigParser.Parsed(
                groups,
                new GatewayConfig(
                        roles,
                        roleMappings,
                        idpMappings,
                        discoverable,
                        discoveryGroupId,
                        pendingEnabled,
                        pendingIdps,
                        promotion,
                        clientScope));
    }

    /**
     * The delegation boundary, for every caller (a Keycloak admin's configuration is what gateway admins then act
     * through): gateway roles stay inside the gateway roles, and every group the extension writes members into — the
     * three system groups and every mapping target — is ordinary.
     */
    private void requireInsideBoundary(
            SystemGroups groups,
            List<String> roles,
            List<GatewayConfig.RoleMapping> roleMappings,
            List<GatewayConfig.IdentityProviderMapping> idpMappings) {
        requireValidGatewayRoles(roles);
        for (String groupId : List.of(groups.adminsGroupId(), groups.readOnlyAdminsGroupId(), groups.usersGroupId())) {
            requireOrdinary(groupId, roles, "make a gateway group of");
        }
        Set<String> targets = new LinkedHashSet<>();
        roleMappings.forEach(m -> targets.add(m.groupId()));
        idpMappings.forEach(m -> targets.add(m.groupId()));
        for (String groupId : targets) {
            requireOrdinary(groupId, roles, "map to");
        }
    }

    /**
     * 400 {@code invalid_gateway_role} naming the first gateway role that is not a realm role whose composite
     * expansion stays within the list, or that is one of Keycloak's built-ins ({@code default-roles-*},
     * {@code offline_access}, {@code uma_authorization}). Unknown roles were refused before, as {@code unknown_role}.
     */
    private void requireValidGatewayRoles(List<String> roles) {
        Set<String> allowed = Set.copyOf(roles);
        for (String name : roles) {
            realm.outsideGatewayRoles(name, allowed).ifPresent(outside -> {
                throw GatewayAccessException.badRequest(
                        "invalid_gateway_role",
                        "Field 'gatewayRoles': role '" + name + "' " + outside
                                + "; a gateway role must be a realm role whose composites are only other gateway roles.");
            });
        }
    }

    /** 403 {@code privileged_group} unless the group is ordinary; a group that no longer exists is let through. */
    private void requireOrdinary(String groupId, List<String> roles, String use) {
        realm.privilegeOf(groupId, roles).ifPresent(role -> {
            throw DelegationBoundary.privilegedGroup(realm.groupPath(groupId), role, use);
        });
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
        if (new HashSet<>(List.of(parsed.adminsGroupId(), parsed.readOnlyAdminsGroupId(), parsed.usersGroupId())).size()
                < 3) {
            throw GatewayAccessException.badRequest(
                    "invalid_value", "The three gateway groups must be three different groups.");
        }
        return parsed;
    }

    private String systemGroup(ObjectNode groups, String field, String current) {
        String path = Json.optionalString(groups, field, MAX_PATH);
        return path == null ? current : group(path, "gatewayGroups." + field);
    }

    private List<String> gatewayRoles(JsonNode node) {
        List<String> roles = strings(node, "gatewayRoles");
        if (roles.isEmpty()) {
            throw GatewayAccessException.badRequest(
                    "invalid_value", "Field 'gatewayRoles' must name at least one role.");
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
            String groupId = group(Json.requiredString(mapping, "group", MAX_PATH), "roleMappings[].group");
            String mode = Json.optionalString(mapping, "mode", 16);
            GatewayConfig.Mode parsedMode;
            if (mode == null || mode.equals("sync")) {
                parsedMode = GatewayConfig.Mode.SYNC;
            } else if (mode.equals("migrate")) {
                parsedMode = GatewayConfig.Mode.MIGRATE;
            } else {
                throw GatewayAccessException.badRequest(
                        "invalid_value", "Field 'roleMappings[].mode' must be 'sync' or 'migrate'.");
            }
            if (!seen.add(role + "\u0000" + groupId)) {
                throw GatewayAccessException.badRequest(
                        "invalid_value", "Role '" + role + "' is mapped to the same group twice.");
            }
            mappings.add(new GatewayConfig.RoleMapping(role, groupId, parsedMode));
        }
        return mappings;
    }

    private List<GatewayConfig.IdentityProviderMapping> identityProviderMappings(JsonNode node) {
        List<GatewayConfig.IdentityProviderMapping> mappings = new ArrayList<>();
        for (JsonNode item : array(node, "identityProviderMappings")) {
            ObjectNode mapping = object(item, "identityProviderMappings[]");
            Json.onlyFields(mapping, Set.of("identityProvider", "group"));
            String alias = identityProvider(
                    Json.requiredString(mapping, "identityProvider", Json.MAX_NAME),
                    "identityProviderMappings[].identityProvider");
            String groupId = group(Json.requiredString(mapping, "group", MAX_PATH), "identityProviderMappings[].group");
            mappings.add(new GatewayConfig.IdentityProviderMapping(alias, groupId));
        }
        return mappings;
    }

    private String role(String name, String field) {
        if (!realm.roleExists(name)) {
            throw GatewayAccessException.badRequest(
                    "unknown_role", "Field '" + field + "': realm role '" + name + "' does not exist.");
        }
        return name;
    }

    /** The id of the group at {@code path}. */
    private String group(String path, String field) {
        String id = realm.groupIdAt(path);
        if (id == null) {
            throw GatewayAccessException.badRequest(
                    "unknown_group",
                    "Field '" + field + "': group '" + path
                            + "' does not exist (groups are given by path, such as /Admins).");
        }
        return id;
    }

    private String identityProvider(String alias, String field) {
        if (!realm.identityProviderExists(alias)) {
            throw GatewayAccessException.badRequest(
                    "unknown_identity_provider",
                    "Field '" + field + "': identity provider '" + alias + "' does not exist.");
        }
        return alias;
    }

    private static List<String> strings(JsonNode node, String field) {
        List<String> values = new ArrayList<>();
        for (JsonNode item : array(node, field)) {
            if (!item.isTextual()
                    || item.textValue().isBlank()
                    || item.textValue().length() > Json.MAX_NAME) {
                throw GatewayAccessException.badRequest(
                        "invalid_type", "Field '" + field + "' must be an array of names.");
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
            throw GatewayAccessException.badRequest(
                    "too_long", "Field '" + field + "' has more than " + MAX_ITEMS + " items.");
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
