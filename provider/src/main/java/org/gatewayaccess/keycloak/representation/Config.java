package org.gatewayaccess.keycloak.representation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The configuration document as {@code GET /config} and {@code PUT /config} answer it, as the realm attribute
 * {@code gatewayAccess.config} holds it after a {@code PUT}, and as the admin console's tab shows it: groups by path.
 * Its fields keep this order wherever it is written (a map of {@code Map.of} entries had none). {@code discoveryGroup}
 * is written as {@code null} when there is none.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Config(
        GatewayGroups gatewayGroups,
        List<String> gatewayRoles,
        List<RoleMapping> roleMappings,
        List<IdentityProviderMapping> identityProviderMappings,
        Discovery discovery,
        PendingApproval pendingApproval,
        boolean adminPromotionRequiresRealmAdmin,
        boolean adminClientScopeRequired) {

    /** The paths of the three system groups. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record GatewayGroups(String admins, String readOnlyAdmins, String users) {}

    /** @param mode {@code sync} or {@code migrate} */
    public record RoleMapping(String role, String group, String mode) {}

    public record IdentityProviderMapping(String identityProvider, String group) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Discovery(boolean poolsDiscoverable, String discoveryGroup) {}

    public record PendingApproval(boolean enabled, List<String> identityProviders) {}
}
