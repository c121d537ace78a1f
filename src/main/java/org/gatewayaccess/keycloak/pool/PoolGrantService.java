package org.gatewayaccess.keycloak.pool;

import jakarta.persistence.EntityManager;
import org.gatewayaccess.keycloak.model.GrantSource;
import org.gatewayaccess.keycloak.model.Permission;
import org.gatewayaccess.keycloak.model.Principal;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.connections.jpa.util.JpaUtils;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Pool viewer grants that follow identity-provider links, pool by pool: a user linked to
 * provider P holds {@code view} on every pool tied to P, with source
 * {@code identity-provider:P}. Only rows of that source are ever written or removed here,
 * so grants from other sources (an admin's, for instance) survive a provider change.
 * The per-user side is {@link LinkGrantReconciler}.
 */
public final class PoolGrantService {

    public static final String POOL = "pool";

    private final EntityManager em;

    public PoolGrantService(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /**
     * A pool was tied to {@code alias}: grant view to every user already linked to it, in
     * one INSERT ... SELECT over Keycloak's FEDERATED_IDENTITY table (no row-by-row loading),
     * skipping rows that exist already.
     */
    public int providerAttached(RealmModel realm, String poolId, String alias) {
        String grantTable = JpaUtils.getTableNameForNativeQuery("GA_GRANT", em);
        String linkTable = JpaUtils.getTableNameForNativeQuery("FEDERATED_IDENTITY", em);
        return em.createNativeQuery("INSERT INTO " + grantTable
                + " (REALM_ID, RESOURCE_TYPE, RESOURCE_ID, PRINCIPAL_TYPE, PRINCIPAL_ID, PERMISSION, SOURCE, GRANTED_BY, GRANTED_AT)"
                + " SELECT f.REALM_ID, :type, :poolId, :principalType, f.USER_ID, :permission, :source, NULL, :now"
                + " FROM " + linkTable + " f WHERE f.REALM_ID = :realmId AND f.IDENTITY_PROVIDER = :alias"
                + " AND NOT EXISTS (SELECT 1 FROM " + grantTable + " g WHERE g.REALM_ID = f.REALM_ID"
                + " AND g.RESOURCE_TYPE = :type AND g.RESOURCE_ID = :poolId AND g.PRINCIPAL_TYPE = :principalType"
                + " AND g.PRINCIPAL_ID = f.USER_ID AND g.PERMISSION = :permission AND g.SOURCE = :source)")
            .setParameter("type", POOL)
            .setParameter("poolId", poolId)
            .setParameter("principalType", Principal.Type.USER.wireName())
            .setParameter("permission", Permission.VIEW.wireName())
            .setParameter("source", GrantSource.identityProvider(alias))
            .setParameter("now", System.currentTimeMillis())
            .setParameter("realmId", realm.getId())
            .setParameter("alias", alias)
            .executeUpdate();
    }
}
