package org.gatewayaccess.keycloak.membership;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.gatewayaccess.keycloak.storage.GatewayAccessStore;
import org.gatewayaccess.keycloak.storage.UserSelection;
import org.keycloak.models.ClientModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;

/**
 * Who holds a realm role, as a selection the store runs as SQL over Keycloak's tables, for the set-based paths (seeding,
 * sync, migration). The same answer as {@link org.keycloak.models.UserModel#hasRole}:
 * a user holds role R when mapped directly to R or to a composite that contains R (the
 * default roles included), or when a member of a group — or of a subgroup of a group —
 * mapped to such a role. The role and group closures are computed here, once; the
 * database then only checks membership in two id lists.
 */
public final class RoleHolders implements UserSet {

    private final UserSelection.RoleHolders selection;

    private RoleHolders(Set<String> roleIds, Set<String> groupIds) {
        this.selection = new UserSelection.RoleHolders(roleIds, groupIds);
    }

    public static RoleHolders of(KeycloakSession session, RealmModel realm, RoleModel role) {
        Set<String> roleIds = new LinkedHashSet<>();
        roleIds.add(role.getId());
        Stream.concat(realm.getRolesStream(), realm.getClientsStream().flatMap(ClientModel::getRolesStream))
                .filter(r -> r.isComposite() && r.hasRole(role))
                .forEach(r -> roleIds.add(r.getId()));

        List<String> mapped = GatewayAccessStore.of(session).keycloak().groupsMappedToRoles(roleIds);
        Set<String> groupIds = new LinkedHashSet<>();
        Deque<GroupModel> todo = new ArrayDeque<>();
        for (String id : mapped) {
            GroupModel group = session.groups().getGroupById(realm, id);
            if (group != null) {
                todo.add(group);
            }
        }
        while (!todo.isEmpty()) {
            GroupModel group = todo.poll();
            if (groupIds.add(group.getId())) {
                group.getSubGroupsStream().forEach(todo::add);
            }
        }
        return new RoleHolders(roleIds, groupIds);
    }

    @Override
    public UserSelection selection() {
        return selection;
    }
}
