package org.gatewayaccess.keycloak.boundary;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.RoleUtils;

/**
 * The delegation boundary: gateway admins run a gateway without Keycloak admin rights, so nothing the extension
 * writes for them may reach Keycloak's own rights. A group is <em>ordinary</em> when its effective roles — its own
 * role mappings and its ancestors', composites expanded, client roles included — carry nothing outside the gateway
 * roles; only ordinary groups may have members changed, be mapping targets or system groups. A gateway role must
 * itself stay inside the gateway roles: a realm role whose composite expansion holds only gateway roles, and none
 * of Keycloak's built-ins.
 *
 * <p>Keycloak can change a group or a role after the extension accepted it (someone adds {@code realm-admin} to
 * it in the admin console), so the rule is checked at every write, not once: callers ask here each time.
 */
public final class DelegationBoundary {

    private final RealmModel realm;
    private final Set<String> gatewayRoleIds;
    private final Set<String> gatewayRoleNames;

    /** @param gatewayRoles the configured gateway roles (realm role names); names that do not exist are ignored */
    public DelegationBoundary(RealmModel realm, Collection<String> gatewayRoles) {
        this.realm = realm;
        this.gatewayRoleNames = Set.copyOf(gatewayRoles);
        this.gatewayRoleIds = new HashSet<>();
        for (String name : gatewayRoles) {
            RoleModel role = realm.getRole(name);
            if (role != null) {
                gatewayRoleIds.add(role.getId());
            }
        }
    }

    /**
     * The role mapped to the group or one of its ancestors that gives members something outside the gateway roles
     * (the role itself, or one of its composites), if any; the first by name. The mapped role is named, not the
     * composite it expands to, because that is what a Keycloak admin sees on the group and would remove.
     */
    public Optional<RoleModel> privilegeOf(GroupModel group) {
        Set<RoleModel> mapped = new LinkedHashSet<>();
        for (GroupModel g = group; g != null; g = g.getParent()) {
            g.getRoleMappingsStream().forEach(mapped::add);
        }
        // the rule itself is BoundaryRule.privilege, on plain facts; here only the realm is read
        Map<BoundaryRule.RoleFact, RoleModel> models = new LinkedHashMap<>();
        mapped.forEach(r -> models.putIfAbsent(fact(r), r));
        return BoundaryRule.privilege(models.keySet(), f -> expansion(models.get(f)), gatewayRoleIds)
                .map(models::get);
    }

    /**
     * 403 {@code privileged_group} unless the group is ordinary. {@code use} says what the group was to be used
     * for ("change members of", "map to"), for the sentence.
     */
    public void requireOrdinary(GroupModel group, String use) {
        privilegeOf(group).ifPresent(role -> {
            throw privilegedGroup(KeycloakModelUtils.buildGroupPath(group), roleName(role), use);
        });
    }

    /**
     * The refusal of {@link #requireOrdinary}, on plain names, for callers that read the group elsewhere (the
     * configuration's validator): one sentence wherever a privileged group is refused.
     *
     * @param role the privileged role's name as an admin sees it ({@code name}, or {@code clientId/name})
     */
    public static GatewayAccessException privilegedGroup(String groupPath, String role, String use) {
        return GatewayAccessException.forbidden(
                "privileged_group",
                "Group '" + groupPath + "' gives its members role '" + role
                        + "', which is not a gateway role: only Keycloak admins, through Keycloak's admin console or admin API, may "
                        + use
                        + " it.");
    }

    /**
     * A gateway role now, at the moment of a write: 403 {@code privileged_role} when Keycloak made it a composite of
     * something outside the gateway roles since the configuration accepted it.
     */
    public void requireInside(RoleModel role) {
        String outside = outsideOf(realm, role, gatewayRoleNames);
        if (outside != null) {
            throw GatewayAccessException.forbidden(
                    "privileged_role",
                    "Role '" + role.getName() + "' " + outside
                            + ", so it can no longer be assigned through Gateway Access; a Keycloak admin must fix the role or the configuration.");
        }
    }

    /**
     * Why the realm role {@code name} is not inside {@code allowed} (the configured gateway roles), as the end of a
     * sentence, or empty when it is inside or is no realm role of this realm: a gateway role must be a realm role whose
     * composite expansion stays within the list, and none of Keycloak's built-ins ({@code default-roles-*},
     * {@code offline_access}, {@code uma_authorization}). The configuration's validator words the refusal.
     */
    public static Optional<String> outsideGatewayRoles(RealmModel realm, String name, Set<String> allowed) {
        RoleModel role = realm.getRole(name);
        return role == null ? Optional.empty() : Optional.ofNullable(outsideOf(realm, role, allowed));
    }

    /**
     * One of the realm roles Keycloak creates in every realm and grants every user itself: {@code default-roles-*}
     * (the realm's default role), {@code offline_access}, {@code uma_authorization}.
     */
    public static boolean isBuiltIn(RealmModel realm, RoleModel role) {
        RoleModel defaultRole = realm.getDefaultRole();
        return BoundaryRule.isBuiltIn(role.getName(), role.getId(), defaultRole == null ? null : defaultRole.getId());
    }

    /** Why the role is not inside {@code allowed}, as the end of a sentence, or null when it is. */
    private static String outsideOf(RealmModel realm, RoleModel role, Set<String> allowed) {
        // a client role is outside before anything else is read (isBuiltIn is not asked of it)
        boolean builtIn = !role.isClientRole() && isBuiltIn(realm, role);
        List<BoundaryRule.RoleFact> expansion = role.isClientRole() || builtIn ? List.of() : expansion(role);
        return BoundaryRule.outside(fact(role), builtIn, expansion, allowed).orElse(null);
    }

    /** The role's composite expansion (the role itself included), as facts for BoundaryRule. */
    private static List<BoundaryRule.RoleFact> expansion(RoleModel role) {
        return RoleUtils.expandCompositeRoles(Set.of(role)).stream()
                .map(DelegationBoundary::fact)
                .toList();
    }

    private static BoundaryRule.RoleFact fact(RoleModel role) {
        return new BoundaryRule.RoleFact(role.getId(), role.getName(), roleName(role), role.isClientRole());
    }

    /** {@code name} for a realm role, {@code clientId/name} for a client role. */
    public static String roleName(RoleModel role) {
        return role.getContainer() instanceof ClientModel client
                ? client.getClientId() + "/" + role.getName()
                : role.getName();
    }
}
