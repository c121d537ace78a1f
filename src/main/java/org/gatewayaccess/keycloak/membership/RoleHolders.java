package org.gatewayaccess.keycloak.membership;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.connections.jpa.util.JpaUtils;
import org.keycloak.models.ClientModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Who holds a realm role, as SQL over Keycloak's tables, for the set-based paths (seeding,
 * sync, migration). The same answer as {@link org.keycloak.models.UserModel#hasRole}:
 * a user holds role R when mapped directly to R or to a composite that contains R (the
 * default roles included), or when a member of a group — or of a subgroup of a group —
 * mapped to such a role. The role and group closures are computed here, once; the
 * database then only checks membership in two id lists.
 */
public final class RoleHolders implements UserSet {

    private final Set<String> roleIds;
    private final Set<String> groupIds;
    private final String roleMappingTable;
    private final String groupMembershipTable;

    private RoleHolders(Set<String> roleIds, Set<String> groupIds, EntityManager em) {
        this.roleIds = roleIds;
        this.groupIds = groupIds;
        this.roleMappingTable = JpaUtils.getTableNameForNativeQuery("USER_ROLE_MAPPING", em);
        this.groupMembershipTable = JpaUtils.getTableNameForNativeQuery("USER_GROUP_MEMBERSHIP", em);
    }

    public static RoleHolders of(KeycloakSession session, RealmModel realm, RoleModel role) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        Set<String> roleIds = new LinkedHashSet<>();
        roleIds.add(role.getId());
        Stream.concat(realm.getRolesStream(), realm.getClientsStream().flatMap(ClientModel::getRolesStream))
            .filter(r -> r.isComposite() && r.hasRole(role))
            .forEach(r -> roleIds.add(r.getId()));

        @SuppressWarnings("unchecked")
        List<String> mapped = em.createNativeQuery("SELECT DISTINCT GROUP_ID FROM "
                + JpaUtils.getTableNameForNativeQuery("GROUP_ROLE_MAPPING", em) + " WHERE ROLE_ID IN (:roleIds)")
            .setParameter("roleIds", roleIds).getResultList();
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
        return new RoleHolders(roleIds, groupIds, em);
    }

    /** A condition on {@code userIdColumn}: true for holders. Bind with {@link #bind}. */
    @Override
    public String condition(String userIdColumn) {
        String direct = userIdColumn + " IN (SELECT rm.USER_ID FROM " + roleMappingTable + " rm WHERE rm.ROLE_ID IN (:holderRoleIds))";
        if (groupIds.isEmpty()) {
            return "(" + direct + ")";
        }
        return "(" + direct + " OR " + userIdColumn + " IN (SELECT gm.USER_ID FROM " + groupMembershipTable
            + " gm WHERE gm.GROUP_ID IN (:holderGroupIds)))";
    }

    @Override
    public Query bind(Query query) {
        query.setParameter("holderRoleIds", roleIds);
        if (!groupIds.isEmpty()) {
            query.setParameter("holderGroupIds", groupIds);
        }
        return query;
    }
}
