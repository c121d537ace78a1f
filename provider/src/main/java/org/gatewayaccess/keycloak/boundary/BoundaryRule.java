package org.gatewayaccess.keycloak.boundary;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.keycloak.models.Constants;

/**
 * The decision of the delegation boundary on plain facts about roles, without Keycloak's model: what
 * {@link DelegationBoundary} reads from the realm (a role's id, name, whether it is a client role, its composite
 * expansion) it hands to these functions. Kept apart so that the rule itself — which roles and groups are inside a
 * gateway and which reach Keycloak's own rights — is unit-tested case by case (docs/security-model.md), while the
 * reading of the realm stays where it was.
 */
final class BoundaryRule {

    /**
     * A role as the rule sees it. {@code displayName} is {@code name} for a realm role and {@code clientId/name} for a
     * client role, the name an admin sees and that error sentences give.
     */
    record RoleFact(String id, String name, String displayName, boolean clientRole) {}

    /** Realm roles Keycloak creates in every realm and hands out itself: never gateway roles. */
    private static final Set<String> BUILT_IN =
            Set.of(Constants.OFFLINE_ACCESS_ROLE, Constants.AUTHZ_UMA_AUTHORIZATION);

    private static final Comparator<RoleFact> BY_NAME = Comparator.comparing(RoleFact::displayName);

    private BoundaryRule() {}

    /**
     * One of Keycloak's built-ins: {@code offline_access}, {@code uma_authorization}, any {@code default-roles-*}, or
     * the realm's default role by id (its name can differ in an imported realm). {@code defaultRoleId} may be null.
     */
    static boolean isBuiltIn(String name, String id, String defaultRoleId) {
        return BUILT_IN.contains(name)
                || name.startsWith(Constants.DEFAULT_ROLES_ROLE_PREFIX)
                || (defaultRoleId != null && defaultRoleId.equals(id));
    }

    /**
     * Why {@code role} is not inside {@code allowed} (realm role names), as the end of a sentence, or empty when it is.
     * A client role, a built-in, or an expansion holding a client role or a realm role not in {@code allowed} is
     * outside; of the latter, the first by display name is named.
     *
     * @param expansion the role's composite expansion, the role itself included (as Keycloak's RoleUtils gives it)
     */
    static Optional<String> outside(
            RoleFact role, boolean builtIn, Collection<RoleFact> expansion, Set<String> allowed) {
        if (role.clientRole()) {
            return Optional.of("is a client role");
        }
        if (builtIn) {
            return Optional.of("is one of Keycloak's built-in roles");
        }
        return expansion.stream()
                .filter(r -> r.clientRole() || !allowed.contains(r.name()))
                .min(BY_NAME)
                .map(r -> "contains role '" + r.displayName() + "', which is not a gateway role");
    }

    /**
     * The role, among those mapped to a group and its ancestors, that gives members something outside the gateway
     * roles (by id: the role itself or any role its expansion reaches), the first by display name; empty when the
     * group is ordinary. The mapped role is named, not what it expands to: that is what an admin sees on the group.
     *
     * @param expand a mapped role's composite expansion, the role itself included
     */
    static Optional<RoleFact> privilege(
            Collection<RoleFact> mapped, Function<RoleFact, Collection<RoleFact>> expand, Set<String> gatewayRoleIds) {
        return mapped.stream()
                .filter(r -> expand.apply(r).stream().anyMatch(e -> !gatewayRoleIds.contains(e.id())))
                .min(BY_NAME);
    }
}
