package org.gatewayaccess.keycloak.membership;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.gatewayaccess.keycloak.config.GatewayConfig;
import org.gatewayaccess.keycloak.model.GrantSource;

/**
 * The membership-source diffs of the per-user reconcilers, on plain ids and sources, without Keycloak's model: which
 * sources a reconciler takes away once it knows which ones are wanted now. Each reconciler owns one kind of source
 * ({@code role:*} for {@link RoleMembershipReconciler}, one {@code identity-provider:<alias>} for
 * {@link LinkMembershipReconciler}); every other writer's source — {@code admin}, {@code seed}, {@code migration},
 * another provider's link — is never in its diff, which is what lets several writers share one membership
 * (docs/security-model.md: a membership lasts while any source holds it). Kept apart to be unit-tested.
 */
final class SourceDiff {

    private static final String ROLE_PREFIX = GrantSource.role("");

    private SourceDiff() {}

    /** The key of one wanted (group, source) pair, as {@link #staleRoleSources} compares them. */
    static String key(String groupId, String source) {
        return groupId + "\u0000" + source;
    }

    /**
     * The user's sources in {@code groupId} that {@link RoleMembershipReconciler} removes: the {@code role:*} ones not
     * wanted now (the role was lost, or its mapping was removed), in the order held. Other sources are kept.
     *
     * @param wanted keys ({@link #key}) of the role sources the user should hold now
     */
    static List<String> staleRoleSources(String groupId, Collection<String> heldSources, Set<String> wanted) {
        return heldSources.stream()
                .filter(source -> source.startsWith(ROLE_PREFIX) && !wanted.contains(key(groupId, source)))
                .toList();
    }

    /** The groups a user should be in through the link to {@code alias}: every group mapped to it while linked, none otherwise. */
    static Set<String> linkedGroups(
            List<GatewayConfig.IdentityProviderMapping> mappings, String alias, boolean linked) {
        Set<String> wanted = new LinkedHashSet<>();
        if (linked) {
            for (GatewayConfig.IdentityProviderMapping mapping : mappings) {
                if (mapping.identityProvider().equals(alias)) {
                    wanted.add(mapping.groupId());
                }
            }
        }
        return wanted;
    }

    /**
     * The groups whose {@code identity-provider:<alias>} source of the user goes: held, no longer wanted, and still one
     * of the gateway's groups (a group the gateway no longer manages is not this reconciler's to change).
     *
     * @param heldGroupIds the groups where the user holds this one source now
     */
    static List<String> staleLinkGroups(
            Collection<String> heldGroupIds, Set<String> wanted, Predicate<String> isGatewayGroup) {
        return heldGroupIds.stream()
                .filter(groupId -> !wanted.contains(groupId) && isGatewayGroup.test(groupId))
                .toList();
    }
}
