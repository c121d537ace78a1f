package org.gatewayaccess.keycloak.membership;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import org.keycloak.connections.jpa.util.JpaUtils;

/** Users linked to one identity provider, as SQL over FEDERATED_IDENTITY. */
public final class LinkedUsers implements UserSet {

    private final String realmId;
    private final String alias;
    private final String linkTable;

    public LinkedUsers(EntityManager em, String realmId, String alias) {
        this.realmId = realmId;
        this.alias = alias;
        this.linkTable = JpaUtils.getTableNameForNativeQuery("FEDERATED_IDENTITY", em);
    }

    @Override
    public String condition(String userIdColumn) {
        return userIdColumn + " IN (SELECT fi.USER_ID FROM " + linkTable
            + " fi WHERE fi.REALM_ID = :linkRealmId AND fi.IDENTITY_PROVIDER = :linkAlias)";
    }

    @Override
    public Query bind(Query query) {
        return query.setParameter("linkRealmId", realmId).setParameter("linkAlias", alias);
    }
}
