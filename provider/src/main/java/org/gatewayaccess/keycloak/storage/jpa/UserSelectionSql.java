package org.gatewayaccess.keycloak.storage.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import org.gatewayaccess.keycloak.storage.UserIdRange;
import org.gatewayaccess.keycloak.storage.UserSelection;
import org.keycloak.connections.jpa.util.JpaUtils;

/**
 * A {@link UserSelection} as an SQL condition on a user-id column, and the parameters it binds; also the optional
 * user-id range of paged work.
 */
final class UserSelectionSql {

    private final UserSelection users;
    private final EntityManager em;

    UserSelectionSql(EntityManager em, UserSelection users) {
        this.em = em;
        this.users = users;
    }

    /**
     * A condition on {@code userIdColumn}: true for the selected users. Bind with {@link #bind}. Holders of a role are
     * mapped directly to one of its role ids, or members of one of its groups (the closures were computed once by the
     * caller; the database only checks membership in two id lists).
     */
    String condition(String userIdColumn) {
        if (users instanceof UserSelection.RoleHolders holders) {
            String direct = userIdColumn + " IN (SELECT rm.USER_ID FROM "
                    + JpaUtils.getTableNameForNativeQuery("USER_ROLE_MAPPING", em)
                    + " rm WHERE rm.ROLE_ID IN (:holderRoleIds))";
            if (holders.groupIds().isEmpty()) {
                return "(" + direct + ")";
            }
            return "(" + direct + " OR " + userIdColumn + " IN (SELECT gm.USER_ID FROM "
                    + JpaUtils.getTableNameForNativeQuery("USER_GROUP_MEMBERSHIP", em)
                    + " gm WHERE gm.GROUP_ID IN (:holderGroupIds)))";
        }
        return userIdColumn + " IN (" + FederatedLinks.linksSql(em, "USER_ID", "linkRealmId", "linkAlias") + ")";
    }

    Query bind(Query query) {
        if (users instanceof UserSelection.RoleHolders holders) {
            query.setParameter("holderRoleIds", holders.roleIds());
            if (!holders.groupIds().isEmpty()) {
                query.setParameter("holderGroupIds", holders.groupIds());
            }
            return query;
        }
        UserSelection.LinkedUsers linked = (UserSelection.LinkedUsers) users;
        return query.setParameter("linkRealmId", linked.realmId()).setParameter("linkAlias", linked.alias());
    }

    static String range(UserIdRange range, String column) {
        return range == null ? "" : " AND " + column + " > :rangeFrom AND " + column + " <= :rangeTo";
    }

    static void bindRange(Query query, UserIdRange range) {
        if (range != null) {
            query.setParameter("rangeFrom", range.fromExclusive()).setParameter("rangeTo", range.toInclusive());
        }
    }
}
