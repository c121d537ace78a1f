package org.gatewayaccess.keycloak.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.gatewayaccess.keycloak.realm.GatewayRealmSetup;
import org.gatewayaccess.keycloak.realm.SystemGroups;

/**
 * A realm's configuration document (contract: "Configuration document"), with groups
 * held by id so that renaming or moving a group in the admin console keeps the mapping.
 * The system groups themselves live in {@link SystemGroups}.
 */
public record GatewayConfig(
        List<String> gatewayRoles,
        List<RoleMapping> roleMappings,
        List<IdentityProviderMapping> identityProviderMappings,
        boolean poolsDiscoverable,
        String discoveryGroupId,
        boolean pendingApprovalEnabled,
        List<String> pendingApprovalIdentityProviders,
        boolean adminPromotionRequiresRealmAdmin,
        boolean adminClientScopeRequired) {

    /** {@code sync}: membership follows the role. {@code migrate}: only {@code POST /migrations/roles-to-groups} uses it. */
    public enum Mode {
        SYNC,
        MIGRATE;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public record RoleMapping(String role, String groupId, Mode mode) {}

    public record IdentityProviderMapping(String identityProvider, String groupId) {}

    public GatewayConfig {
        gatewayRoles = List.copyOf(gatewayRoles);
        roleMappings = List.copyOf(roleMappings);
        identityProviderMappings = List.copyOf(identityProviderMappings);
        pendingApprovalIdentityProviders = List.copyOf(pendingApprovalIdentityProviders);
    }

    /** The contract's defaults: the three gateway roles follow into the three system groups. */
    public static GatewayConfig defaults(SystemGroups groups) {
        return new GatewayConfig(
                GatewayRealmSetup.DEFAULT_GATEWAY_ROLES,
                List.of(
                        new RoleMapping(GatewayRealmSetup.ROLE_ADMIN, groups.adminsGroupId(), Mode.SYNC),
                        new RoleMapping(
                                GatewayRealmSetup.ROLE_READ_ONLY_ADMIN, groups.readOnlyAdminsGroupId(), Mode.SYNC),
                        new RoleMapping(GatewayRealmSetup.ROLE_GATEWAY_USER, groups.usersGroupId(), Mode.SYNC)),
                List.of(),
                true,
                null,
                false,
                List.of(),
                true,
                true);
    }

    public List<RoleMapping> syncRoleMappings() {
        return roleMappings.stream().filter(m -> m.mode() == Mode.SYNC).toList();
    }

    public GatewayConfig withRoleMappings(List<RoleMapping> mappings) {
        return new GatewayConfig(
                gatewayRoles,
                mappings,
                identityProviderMappings,
                poolsDiscoverable,
                discoveryGroupId,
                pendingApprovalEnabled,
                pendingApprovalIdentityProviders,
                adminPromotionRequiresRealmAdmin,
                adminClientScopeRequired);
    }

    /** The same document with the client grant of writes switched on or off (see {@code AdminClientScope}). */
    public GatewayConfig withAdminClientScopeRequired(boolean required) {
        return new GatewayConfig(
                gatewayRoles,
                roleMappings,
                identityProviderMappings,
                poolsDiscoverable,
                discoveryGroupId,
                pendingApprovalEnabled,
                pendingApprovalIdentityProviders,
                adminPromotionRequiresRealmAdmin,
                required);
    }

    /** Groups a mapping writes to: with the system groups, these are the realm's gateway groups. */
    public Set<String> mappedGroupIds() {
        Set<String> ids = new LinkedHashSet<>();
        roleMappings.forEach(m -> ids.add(m.groupId()));
        identityProviderMappings.forEach(m -> ids.add(m.groupId()));
        return ids;
    }
}
