package org.gatewayaccess.keycloak.gatewayrole;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.gatewayaccess.keycloak.config.GatewayConfig;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.model.GrantSource;

/**
 * The precedence rule of gateway roles on plain names, without Keycloak's model: the configured order decides which
 * role is a user's (the first held), which roles rank above a target, what an assignment revokes and which membership
 * sources it takes away. {@link GatewayRoleService} reads the user, the realm and the database and asks here; kept
 * apart so that the order and the diff are unit-tested case by case (docs/configuration.md, {@code gatewayRoles}).
 */
final class GatewayRolePrecedence {

    /** Membership sources that stand for "someone gave this user that role's group". */
    static final Set<String> ROLE_LIKE_SOURCES = Set.of(GrantSource.ADMIN, GrantSource.SEED, GrantSource.MIGRATION);

    private GatewayRolePrecedence() {}

    /** The user's gateway role: the first of {@code ordered} the user holds (directly or not), or null. */
    static String current(List<String> ordered, Predicate<String> holds) {
        for (String name : ordered) {
            if (holds.test(name)) {
                return name;
            }
        }
        return null;
    }

    /** The roles that rank above {@code target}, in order; {@code target} must be one of {@code ordered}. */
    static List<String> higher(List<String> ordered, String target) {
        return List.copyOf(ordered.subList(0, ordered.indexOf(target)));
    }

    /** Every configured role but {@code target}, in order. */
    static Set<String> others(List<String> ordered, String target) {
        Set<String> others = new LinkedHashSet<>(ordered);
        others.remove(target);
        return others;
    }

    /**
     * A role ranking above {@code target} that the user holds other than directly (through a group or a composite):
     * revoking the direct grants would not take it away, so the user would keep it and {@code target} would not be
     * their role. The first such role in order, or empty.
     */
    static Optional<String> inheritedHigher(
            List<String> ordered, String target, Set<String> direct, Predicate<String> holds) {
        return higher(ordered, target).stream()
                .filter(name -> !direct.contains(name) && holds.test(name))
                .findFirst();
    }

    /** The direct grants an assignment of {@code target} revokes: every other configured role held directly, in order. */
    static List<String> revoke(List<String> ordered, String target, Set<String> direct) {
        return others(ordered, target).stream().filter(direct::contains).toList();
    }

    /** The groups the role mappings of {@code roleNames} map to, in mapping order, each once. */
    static Set<String> groupsOf(Collection<String> roleNames, List<GatewayConfig.RoleMapping> mappings) {
        Set<String> ids = new LinkedHashSet<>();
        mappings.stream().filter(m -> roleNames.contains(m.role())).forEach(m -> ids.add(m.groupId()));
        return ids;
    }

    /**
     * The membership sources an assignment of {@code target} removes: in the other roles' groups — except those the
     * target maps to as well, where the membership stays — the {@code admin}, {@code seed} and {@code migration}
     * sources. {@code role:*} sources follow the role events, and identity-provider sources belong to the link: they
     * stay. When a higher role's group holds the user through an identity-provider source, the user would keep that
     * group whatever this call does: 409 {@code membership_from_link}.
     *
     * @param sourcesOf the user's source rows in a group (read lazily, group by group, as the rule walks them)
     * @param sourceOf  a row's source
     */
    static <T> List<T> sourcesToRemove(
            List<String> ordered,
            String target,
            List<GatewayConfig.RoleMapping> mappings,
            Function<String, List<T>> sourcesOf,
            Function<T, String> sourceOf) {
        Set<String> targetGroups = groupsOf(Set.of(target), mappings);
        Set<String> higherGroups = groupsOf(higher(ordered, target), mappings);
        List<T> remove = new ArrayList<>();
        for (String groupId : groupsOf(others(ordered, target), mappings)) {
            if (targetGroups.contains(groupId)) {
                continue;
            }
            for (T row : sourcesOf.apply(groupId)) {
                String source = sourceOf.apply(row);
                if (ROLE_LIKE_SOURCES.contains(source)) {
                    remove.add(row);
                } else if (higherGroups.contains(groupId) && GrantSource.isIdentityProvider(source)) {
                    throw GatewayAccessException.conflict(
                            "membership_from_link",
                            "The user is in group " + groupId + " through " + source
                                    + " (an identity-provider mapping); change that mapping first.");
                }
            }
        }
        return remove;
    }
}
