package org.gatewayaccess.keycloak.membership;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import org.gatewayaccess.keycloak.storage.FederatedLinks;

/** Users linked to one identity provider, as SQL over Keycloak's link tables (see {@link FederatedLinks}). */
public final class LinkedUsers implements UserSet {

    private final String realmId;
    private final String alias;
    private final String linkedUserIds;

    public LinkedUsers(EntityManager em, String realmId, String alias) {
        this.realmId = realmId;
        this.alias = alias;
        this.linkedUserIds = FederatedLinks.linksSql(em, "USER_ID", "linkRealmId", "linkAlias");
    }

    @Override
    public String condition(String userIdColumn) {
        return userIdColumn + " IN (" + linkedUserIds + ")";
    }

    @Override
    public Query bind(Query query) {
        return query.setParameter("linkRealmId", realmId).setParameter("linkAlias", alias);
    }
}
