package org.gatewayaccess.keycloak.authz;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.gatewayaccess.keycloak.model.Principal;
import org.gatewayaccess.keycloak.storage.GatewayAccessStore;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The principals whose grants count for a user: the user and every group it is in, with
 * those groups' ancestors (a member of a subgroup is a member of its parent, as Keycloak
 * treats group roles). {@code active} is false for a user who is unknown, disabled or
 * pending approval: such a user holds nothing, whatever grants exist.
 */
public record UserPrincipals(String userId, List<String> groupIds, boolean active) {

    static UserPrincipals load(KeycloakSession session, RealmModel realm, String userId) {
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null) {
            return new UserPrincipals(userId, List.of(), false);
        }
        return of(session, realm, user);
    }

    static UserPrincipals of(KeycloakSession session, RealmModel realm, UserModel user) {
        Set<String> groups = new LinkedHashSet<>();
        user.getGroupsStream().forEach(group -> {
            for (GroupModel g = group; g != null && groups.add(g.getId()); g = g.getParent()) {
                // walk up until the root or an ancestor already collected
            }
        });
        boolean active = user.isEnabled() && !isPending(session, realm, user.getId());
        return new UserPrincipals(user.getId(), List.copyOf(groups), active);
    }

    /**
     * The question {@code PendingUsers.isPending} answers (a row in GA_PENDING_USER), asked here from the storage below:
     * the pending flow (package {@code pending}) sits above the access decisions and uses them.
     */
    private static boolean isPending(KeycloakSession session, RealmModel realm, String userId) {
        return GatewayAccessStore.of(session).pendingUsers().isPending(realm.getId(), userId);
    }

    /** The wire names of the principals ({@code user:<id>}, {@code group:<id>}), for queries. */
    List<Principal> principals() {
        List<Principal> all = new ArrayList<>(groupIds.size() + 1);
        all.add(Principal.user(userId));
        groupIds.forEach(g -> all.add(Principal.group(g)));
        return all;
    }
}
